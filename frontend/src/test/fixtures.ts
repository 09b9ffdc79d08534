import type { HealthReport, Overview, SearchHit, SearchResult } from '../lib/types';

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
  Search?(query: string, k: number): Promise<unknown>;
}

/** Install a fake Wails binding object on window.go. */
export function installFakeWails(impl: FakeWails) {
  window.go = {
    desktop: {
      App: { Info: impl.Info, Health: impl.Health },
      ...(impl.Search ? { Library: { Search: impl.Search } } : {}),
    },
  };
}

export function jsonResponse(body: unknown, status = 200, statusText = 'OK'): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}
