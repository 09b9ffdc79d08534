import { describe, expect, it, vi } from 'vitest';
import { gpuResult, healthy, installFakeWails, jsonResponse, overviewUp, unhealthy } from '../test/fixtures';
import { getHealth, getInfo, search, transportKind } from './backend';

describe('backend via Wails bindings', () => {
  it('calls window.go.desktop.App and never fetch', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const Info = vi.fn().mockResolvedValue(overviewUp);
    const Health = vi.fn().mockResolvedValue(healthy);
    installFakeWails({ Info, Health });

    expect(transportKind()).toBe('wails');
    await expect(getInfo()).resolves.toEqual(overviewUp);
    await expect(getHealth()).resolves.toEqual(healthy);
    expect(Info).toHaveBeenCalledOnce();
    expect(Health).toHaveBeenCalledOnce();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('turns a string rejection into an Error with that message', async () => {
    installFakeWails({
      Info: () => Promise.reject('config: invalid value for ollama.host'),
      Health: () => Promise.resolve(healthy),
    });
    const err = await getInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('config: invalid value for ollama.host');
  });
});

describe('backend via HTTP', () => {
  it('fetches relative URLs', async () => {
    const fetchSpy = vi.fn(async (url: string) =>
      url === '/api/app/info' ? jsonResponse(overviewUp) : jsonResponse(healthy),
    );
    vi.stubGlobal('fetch', fetchSpy);

    expect(transportKind()).toBe('http');
    await expect(getInfo()).resolves.toEqual(overviewUp);
    await expect(getHealth()).resolves.toEqual(healthy);
    expect(fetchSpy.mock.calls.map((c) => c[0])).toEqual(['/api/app/info', '/api/health']);
  });

  it('throws the message from a JSON error body', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(
        { error: { code: 'startup_failed', message: 'database is damaged: restore a backup' }, request_id: 'r1' },
        500,
        'Internal Server Error',
      ),
    );
    await expect(getInfo()).rejects.toThrow('database is damaged: restore a backup');
  });

  it('falls back to the status text when the body is not JSON', async () => {
    vi.stubGlobal('fetch', async () => new Response('oops', { status: 502, statusText: 'Bad Gateway' }));
    await expect(getInfo()).rejects.toThrow('502 Bad Gateway');
  });

  it('returns the report for a 503 health answer', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(unhealthy, 503, 'Service Unavailable'));
    await expect(getHealth()).resolves.toEqual(unhealthy);
  });

  it('still throws for a 503 health answer without a report', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse({ error: { code: 'unavailable', message: 'shutting down' } }, 503, 'Service Unavailable'),
    );
    await expect(getHealth()).rejects.toThrow('shutting down');
  });
});

describe('search', () => {
  it('calls window.go.desktop.Library.Search with k 10 by default, never fetch', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const Search = vi.fn().mockResolvedValue(gpuResult);
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy, Search });

    await expect(search('GPUジョブ')).resolves.toEqual(gpuResult);
    await expect(search('玄界', 3)).resolves.toEqual(gpuResult);
    expect(Search.mock.calls).toEqual([
      ['GPUジョブ', 10],
      ['玄界', 3],
    ]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('turns a Wails string rejection into an Error', async () => {
    installFakeWails({
      Info: async () => overviewUp,
      Health: async () => healthy,
      Search: () => Promise.reject('query is empty'),
    });
    const err = await search('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('query is empty');
  });

  it('rejects (does not throw) when the Library binding is missing', async () => {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    const p = search('x');
    await expect(p).rejects.toBeInstanceOf(Error);
  });

  it('treats hits: null as no hits', async () => {
    installFakeWails({
      Info: async () => overviewUp,
      Health: async () => healthy,
      Search: async () => ({ query: 'x', mode: 'lexical', hits: null }),
    });
    await expect(search('x')).resolves.toEqual({ query: 'x', mode: 'lexical', hits: [] });
  });

  it('fetches /api/search with the query encoded', async () => {
    const fetchSpy = vi.fn(async (_url: string) => jsonResponse(gpuResult));
    vi.stubGlobal('fetch', fetchSpy);

    expect(transportKind()).toBe('http');
    await expect(search('GPU ジョブ&k=99')).resolves.toEqual(gpuResult);
    await search('玄界', 5);
    const urls = fetchSpy.mock.calls.map((c) => new URL(c[0], 'http://x'));
    expect(urls.map((u) => u.pathname)).toEqual(['/api/search', '/api/search']);
    expect(urls.map((u) => [u.searchParams.get('q'), u.searchParams.get('k')])).toEqual([
      ['GPU ジョブ&k=99', '10'],
      ['玄界', '5'],
    ]);
  });

  it('throws the message of a 400 JSON error', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(
        { error: { code: 'bad_query', message: 'query is longer than 1000 characters' }, request_id: 'r2' },
        400,
        'Bad Request',
      ),
    );
    const err = await search('x'.repeat(1001)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('query is longer than 1000 characters');
  });
});
