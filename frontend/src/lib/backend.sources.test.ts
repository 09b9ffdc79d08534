import { describe, expect, it, vi } from 'vitest';
import {
  finishedStatus,
  folderSource,
  healthy,
  idleStatus,
  installFakeWails,
  jsonResponse,
  overviewUp,
  runningStatus,
  sitePages,
  siteSource,
} from '../test/fixtures';
import {
  addSource,
  cancelSync,
  getSyncStatus,
  listPages,
  listSources,
  removeSource,
  syncSource,
  transportKind,
} from './backend';

function wails(Library: Record<string, unknown>) {
  installFakeWails({ Info: async () => overviewUp, Health: async () => healthy, Library });
}

describe('sources API via Wails', () => {
  it('calls each window.go.desktop.Library method with its arguments, never fetch', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const lib = {
      Sources: vi.fn().mockResolvedValue([siteSource, folderSource]),
      AddSource: vi.fn().mockResolvedValue(runningStatus),
      SyncSource: vi.fn().mockResolvedValue(runningStatus),
      SyncStatus: vi.fn().mockResolvedValue(finishedStatus),
      CancelSync: vi.fn().mockResolvedValue(runningStatus),
      Pages: vi.fn().mockResolvedValue(sitePages),
      RemoveSource: vi.fn().mockResolvedValue(undefined),
    };
    wails(lib);
    expect(transportKind()).toBe('wails');

    await expect(listSources()).resolves.toEqual([siteSource, folderSource]);
    const req = { kind: 'folder' as const, location: '/home/u/notes' };
    await expect(addSource(req)).resolves.toEqual(runningStatus);
    await expect(syncSource(1)).resolves.toEqual(runningStatus);
    await expect(getSyncStatus()).resolves.toEqual(finishedStatus);
    await expect(cancelSync()).resolves.toEqual(runningStatus);
    await expect(listPages(1)).resolves.toEqual(sitePages);
    await expect(removeSource(2)).resolves.toBeUndefined();

    expect(lib.AddSource).toHaveBeenCalledExactlyOnceWith(req);
    expect(lib.SyncSource).toHaveBeenCalledExactlyOnceWith(1);
    expect(lib.Pages).toHaveBeenCalledExactlyOnceWith(1);
    expect(lib.RemoveSource).toHaveBeenCalledExactlyOnceWith(2);
    expect(lib.CancelSync).toHaveBeenCalledOnce();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('turns string rejections into Errors with the message', async () => {
    wails({
      SyncSource: () => Promise.reject('a sync is already running (source 1)'),
      AddSource: () => Promise.reject('location must be an absolute path'),
    });
    await expect(syncSource(2)).rejects.toThrow('a sync is already running (source 1)');
    const err = await addSource({ kind: 'folder', location: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('location must be an absolute path');
  });

  it('rejects (does not throw) when a binding is missing', async () => {
    wails({});
    const p = listSources();
    await expect(p).rejects.toThrow('Library.Sources');
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    await expect(getSyncStatus()).rejects.toBeInstanceOf(Error);
  });

  it('treats null lists as empty and fills a partial status', async () => {
    wails({
      Sources: async () => null,
      Pages: async () => null,
      SyncStatus: async () => ({ running: false, report: { ...finishedStatus.report, failed: null, skipped: null } }),
    });
    await expect(listSources()).resolves.toEqual([]);
    await expect(listPages(1)).resolves.toEqual([]);
    const s = await getSyncStatus();
    expect(s.progress).toEqual(idleStatus.progress);
    expect(s.report?.failed).toEqual([]);
    expect(s.report?.skipped).toEqual([]);
    expect(s.location).toBe('');
  });
});

describe('sources API via HTTP', () => {
  it('uses the documented methods, paths and bodies', async () => {
    const calls: { url: string; method: string; body?: string; type?: string }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({ url, method, body: init?.body as string | undefined, type: headers['Content-Type'] });
      if (url === '/api/sources' && method === 'GET') return jsonResponse({ sources: [siteSource] });
      if (url === '/api/sources' && method === 'POST') return jsonResponse(runningStatus, 202, 'Accepted');
      if (url === '/api/sources/1/sync') return jsonResponse(runningStatus, 202, 'Accepted');
      if (url === '/api/sources/1/pages') return jsonResponse({ pages: sitePages });
      if (url === '/api/sources/1' && method === 'DELETE') return new Response(null, { status: 204 });
      if (url === '/api/sync' && method === 'GET') return jsonResponse(finishedStatus);
      if (url === '/api/sync' && method === 'DELETE') return jsonResponse(runningStatus);
      return jsonResponse({ error: { code: 'not_found', message: 'no' } }, 404, 'Not Found');
    });
    expect(transportKind()).toBe('http');

    await expect(listSources()).resolves.toEqual([siteSource]);
    const req = { kind: 'site' as const, location: siteSource.location, max_depth: 3, max_pages: 500 };
    await expect(addSource(req)).resolves.toEqual(runningStatus);
    await expect(syncSource(1)).resolves.toEqual(runningStatus);
    await expect(listPages(1)).resolves.toEqual(sitePages);
    await expect(getSyncStatus()).resolves.toEqual(finishedStatus);
    await expect(cancelSync()).resolves.toEqual(runningStatus);
    await expect(removeSource(1)).resolves.toBeUndefined();

    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/sources',
      'POST /api/sources',
      'POST /api/sources/1/sync',
      'GET /api/sources/1/pages',
      'GET /api/sync',
      'DELETE /api/sync',
      'DELETE /api/sources/1',
    ]);
    expect(JSON.parse(calls[1].body ?? '')).toEqual(req);
    expect(calls[1].type).toBe('application/json');
  });

  it('throws the message of a 409 busy error', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(
        { error: { code: 'busy', message: 'a sync is already running (source 1)' }, request_id: 'r9' },
        409,
        'Conflict',
      ),
    );
    const err = await syncSource(2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('a sync is already running (source 1)');
  });

  it('throws the message of a 400 from POST /api/sources and a 404 from DELETE', async () => {
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) =>
      init?.method === 'DELETE'
        ? jsonResponse({ error: { code: 'not_found', message: 'no source 7' } }, 404, 'Not Found')
        : jsonResponse({ error: { code: 'bad_request', message: 'location must be an absolute path' } }, 400, 'Bad Request'),
    );
    await expect(addSource({ kind: 'folder', location: 'rel' })).rejects.toThrow('location must be an absolute path');
    await expect(removeSource(7)).rejects.toThrow('no source 7');
  });

  it('treats a missing sources/pages list as empty', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse({ sources: null, pages: null }));
    await expect(listSources()).resolves.toEqual([]);
    await expect(listPages(3)).resolves.toEqual([]);
  });
});

describe('source policy', () => {
  it('reads a restricted policy over HTTP and is open in the desktop app or without one', async () => {
    const { getSourcePolicy, normaliseSourcePolicy, OPEN_POLICY } = await import('./backend');
    expect(normaliseSourcePolicy(undefined)).toEqual(OPEN_POLICY);
    expect(normaliseSourcePolicy({ policy: 'weird' })).toEqual(OPEN_POLICY);
    expect(normaliseSourcePolicy({ policy: 'restricted', source_roots: ['/srv/docs', 3], allow_private_sites: 'yes' })).toEqual({
      policy: 'restricted',
      source_roots: ['/srv/docs'],
      allow_private_sites: false,
    });
    wails({ Sources: vi.fn() });
    await expect(getSourcePolicy()).resolves.toEqual(OPEN_POLICY);
  });
});
