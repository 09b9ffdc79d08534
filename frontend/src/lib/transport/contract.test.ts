import { describe, expect, it } from 'vitest';
import { CAPABILITY_METHODS, DOMAIN_METHODS, type Transport } from './api';
import { httpTransport } from './http';
import { wailsTransport } from './wails';

// Both transports are declared `satisfies Transport`, so the compiler
// already refuses one that lacks a method; this checks the same at run time
// against the method tables (which the compiler checks are complete), and
// that neither side carries methods the interfaces do not declare.
const transports: [string, Transport][] = [
  ['wails', wailsTransport],
  ['http', httpTransport],
];

const ownKeys = (o: object) => Object.keys(o).sort();

describe.each(transports)('the %s transport', (kind, t) => {
  it('says which it is', () => {
    expect(t.kind).toBe(kind);
  });

  it('has exactly the domains and capabilities of Transport', () => {
    const known = new Set(['kind', ...Object.keys(DOMAIN_METHODS), ...Object.keys(CAPABILITY_METHODS)]);
    expect(Object.keys(t).filter((k) => !known.has(k))).toEqual([]);
  });

  it.each(Object.entries(DOMAIN_METHODS))('implements every method of %s as a function', (domain, methods) => {
    const api = (t as unknown as Record<string, Record<string, unknown>>)[domain];
    expect(api, domain).toBeTypeOf('object');
    expect(ownKeys(api)).toEqual([...methods].sort());
    for (const m of methods) expect(api[m], `${domain}.${m}`).toBeTypeOf('function');
  });

  it.each(Object.entries(CAPABILITY_METHODS))('implements all of capability %s when it has it', (cap, methods) => {
    const api = (t as unknown as Record<string, Record<string, unknown> | undefined>)[cap];
    if (api === undefined) return;
    expect(ownKeys(api)).toEqual([...methods].sort());
    for (const m of methods) expect(api[m], `${cap}.${m}`).toBeTypeOf('function');
  });
});

describe('capabilities', () => {
  it('the desktop app has file dialogs and the login item; the browser has uploads', () => {
    const has = (t: Transport) => Object.keys(CAPABILITY_METHODS).filter((c) => c in t).sort();
    expect(has(wailsTransport)).toEqual(['backupFiles', 'loginItem']);
    expect(has(httpTransport)).toEqual(['backupUpload']);
    expect(wailsTransport.shell.canDownload()).toBe(false);
    expect(httpTransport.shell.canDownload()).toBe(true);
  });
});
