import { describe, expect, it } from 'vitest';
import { buildRequest } from '../components/library/AddSourceForm';
import { dictionaries, LANGS } from './i18n';
import { DEFAULT_SITE_URL, SOURCE_KINDS, sourceKindSpec } from './sourceKinds';

describe('SOURCE_KINDS', () => {
  it('offers the kinds the backend registers, site first', () => {
    // Go: ingest.Kinds() (backend/ingest/kinds.go) lists site, folder in this order.
    expect(SOURCE_KINDS.map((k) => k.kind)).toEqual(['site', 'folder']);
    expect(new Set(SOURCE_KINDS.map((k) => k.kind)).size).toBe(SOURCE_KINDS.length);
  });

  it('has every label in every language', () => {
    for (const spec of SOURCE_KINDS) {
      const keys = [spec.label, spec.locationLabel, spec.badLocation, ...('placeholder' in spec ? [spec.placeholder] : [])];
      for (const lang of LANGS) {
        for (const key of keys) expect(dictionaries[lang][key], `${lang} ${key}`).toBeTruthy();
      }
    }
  });

  it('finds a spec by kind and none for an unknown kind', () => {
    expect(sourceKindSpec('site')?.defaultLocation).toBe(DEFAULT_SITE_URL);
    expect(sourceKindSpec('folder')?.crawlOptions).toBe(false);
    expect(sourceKindSpec('git')).toBeUndefined();
  });

  it('builds each kind’s request from its spec', () => {
    const fields = { prefix: ' /docs/ ', depth: '2', pages: '10' };
    expect(buildRequest('site', { ...fields, location: ' https://example.org/docs/ ' })).toEqual({
      kind: 'site',
      location: 'https://example.org/docs/',
      prefix: '/docs/',
      max_depth: 2,
      max_pages: 10,
    });
    expect(buildRequest('site', { ...fields, location: 'ftp://x/' })).toBe('add.badURL');
    expect(buildRequest('site', { ...fields, location: 'https://x/', depth: '' })).toBe('add.badDepth');
    expect(buildRequest('site', { ...fields, location: 'https://x/', pages: '0' })).toBe('add.badPages');
    // a folder ignores the crawl options, even bad ones
    expect(buildRequest('folder', { location: ' /home/u/notes ', prefix: 'x', depth: '', pages: '0' })).toEqual({
      kind: 'folder',
      location: '/home/u/notes',
    });
    expect(buildRequest('folder', { ...fields, location: 'notes' })).toBe('add.badPath');
  });
});
