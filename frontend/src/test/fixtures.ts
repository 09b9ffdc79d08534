import type {
  HealthReport,
  Overview,
  PageState,
  SearchHit,
  SearchResult,
  SourceSummary,
  SyncStatus,
} from '../lib/types';

export const overviewUp: Overview = {
  version: '0.1.0',
  data_home: '/home/u/.local/share/genkai-rag',
  config_file: '/home/u/.local/share/genkai-rag/config/config.yaml',
  ollama: { host: 'http://127.0.0.1:11434', reachable: true, version: '0.17.4' },
};

export const overviewDown: Overview = {
  ...overviewUp,
  ollama: { host: 'http://127.0.0.1:11434', reachable: false, error: 'connection refused' },
};

export const healthy: HealthReport = {
  status: 'healthy',
  version: '0.1.0',
  time: '2026-11-23T10:00:00Z',
  checks: { store: { status: 'ok', detail: 'schema version 2' } },
};

export const unhealthy: HealthReport = {
  ...healthy,
  status: 'unhealthy',
  checks: { store: { status: 'fail', detail: 'database is malformed' } },
};

export const gpuHit: SearchHit = {
  chunk_id: 1,
  score: 8.5,
  title: 'GPUジョブ',
  section: 'ジョブの実行 > GPUジョブ',
  url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/job.html#gpu',
  text: 'GPUを使うジョブはリソースグループ b-batch に投入します。',
  snippet: '…«GPU»を使う«ジョブ»はリソースグループ…',
  fetched_at: '2026-11-23T10:00:00Z',
};

export const fileHit: SearchHit = {
  chunk_id: 2,
  score: 3.25,
  title: 'ローカルメモ',
  section: '',
  url: 'file:///home/u/notes/genkai.md',
  text: 'GPUのメモ',
  snippet: '«GPU»のメモ',
};

export const gpuResult: SearchResult = { query: 'GPUジョブ', mode: 'lexical', hits: [gpuHit, fileHit] };

interface FakeWails {
  Info(): Promise<unknown>;
  Health(): Promise<unknown>;
  Retry?(): Promise<unknown>;
  Search?(query: string, k: number): Promise<unknown>;
  /** Further window.go.desktop.Library methods (Sources, SyncStatus, …). */
  Library?: Record<string, unknown>;
}

/** Install a fake Wails binding object on window.go. */
export function installFakeWails(impl: FakeWails) {
  const library = { ...(impl.Search ? { Search: impl.Search } : {}), ...(impl.Library ?? {}) };
  window.go = {
    desktop: {
      App: { Info: impl.Info, Health: impl.Health, ...(impl.Retry ? { Retry: impl.Retry } : {}) },
      ...(Object.keys(library).length ? { Library: library } : {}),
    },
  };
}

export const siteSource: SourceSummary = {
  id: 1,
  kind: 'site',
  location: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/',
  name: 'www.cc.kyushu-u.ac.jp/scp/system/Genkai',
  pages: 120,
  chunks: 840,
  failed: 2,
  skipped: 5,
  last_synced: '2026-11-23T10:00:00Z',
  settings: '{}',
};

export const folderSource: SourceSummary = {
  id: 2,
  kind: 'folder',
  location: '/home/u/notes',
  name: '/home/u/notes',
  pages: 3,
  chunks: 9,
  failed: 0,
  skipped: 0,
  last_synced: '',
  settings: '{}',
};

export const sitePages: PageState[] = [
  {
    url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/job.html',
    title: 'ジョブの実行',
    status: 'ok',
    error: '',
    reason_code: '',
    fetched_at: '2026-11-23T10:00:00Z',
  },
  {
    url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/broken.html',
    title: '',
    status: 'failed',
    error: 'HTTP 404',
    reason_code: '',
    fetched_at: '',
  },
  {
    url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/manual.pdf',
    title: '',
    status: 'skipped',
    error: 'unsupported content type application/pdf',
    reason_code: 'unsupported_type',
    fetched_at: '2026-11-22T09:00:00Z',
  },
];

export const idleStatus: SyncStatus = {
  running: false,
  source_id: 0,
  kind: '',
  location: '',
  started_at: '',
  finished_at: '',
  progress: { done: 0, total: 0, chunks: 0, errors: 0, url: '' },
  report: null,
  error: '',
};

export const runningStatus: SyncStatus = {
  running: true,
  source_id: 1,
  kind: 'site',
  location: siteSource.location,
  started_at: '2026-11-23T10:00:00Z',
  finished_at: '',
  progress: { done: 30, total: 120, chunks: 210, errors: 1, url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/job.html' },
  report: null,
  error: '',
};

export const finishedStatus: SyncStatus = {
  ...runningStatus,
  running: false,
  finished_at: '2026-11-23T10:02:00Z',
  progress: { done: 120, total: 120, chunks: 840, errors: 2, url: '' },
  report: {
    added: 3,
    updated: 4,
    unchanged: 110,
    removed: 1,
    failed: [{ url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/broken.html', reason: 'HTTP 404' }],
    skipped: [{ url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/manual.pdf', reason: 'unsupported content type', reason_code: 'unsupported_type' }],
    chunks: 840,
    truncated: false,
    duration: 2_345_000_000,
  },
};

export function jsonResponse(body: unknown, status = 200, statusText = 'OK'): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}
