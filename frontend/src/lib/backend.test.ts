import { describe, expect, it, vi } from 'vitest';
import { healthy, installFakeWails, jsonResponse, overviewUp, unhealthy } from '../test/fixtures';
import { getHealth, getInfo, transportKind } from './backend';

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
