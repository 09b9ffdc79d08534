import { describe, expect, it, vi } from 'vitest';
import { healthy, installFakeWails, jsonResponse, overviewUp } from '../../test/fixtures';
import { chooseTransport, resetTransportForTests, setTransportForTests, transport } from './index';
import { httpTransport } from './http';
import { wailsTransport } from './wails';

describe('choosing the transport', () => {
  it('picks Wails when window.go.desktop.App is bound', () => {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    expect(chooseTransport()).toBe(wailsTransport);
    expect(transport().kind).toBe('wails');
  });

  it('picks HTTP when window.go is absent, or has no App', () => {
    expect(chooseTransport()).toBe(httpTransport);
    window.go = { desktop: {} };
    expect(chooseTransport()).toBe(httpTransport);
    window.go = {};
    expect(transport().kind).toBe('http');
  });

  it('chooses once: bindings that appear later do not switch a running page', async () => {
    const fetchSpy = vi.fn(async () => jsonResponse(overviewUp));
    vi.stubGlobal('fetch', fetchSpy);
    expect(transport()).toBe(httpTransport);
    const Info = vi.fn(async () => overviewUp);
    installFakeWails({ Info, Health: async () => healthy });
    expect(transport()).toBe(httpTransport);
    await transport().app.info();
    expect(fetchSpy).toHaveBeenCalledOnce();
    expect(Info).not.toHaveBeenCalled();
    resetTransportForTests();
    expect(transport()).toBe(wailsTransport);
  });

  it('can be replaced by a fake in tests', () => {
    const fake = { ...httpTransport, kind: 'wails' as const };
    setTransportForTests(fake);
    expect(transport()).toBe(fake);
  });
});
