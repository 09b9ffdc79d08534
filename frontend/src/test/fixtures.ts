import type { HealthReport, Overview } from '../lib/types';

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

/** Install a fake Wails binding object on window.go. */
export function installFakeWails(impl: { Info(): Promise<unknown>; Health(): Promise<unknown> }) {
  window.go = { desktop: { App: { Info: impl.Info, Health: impl.Health } } };
}

export function jsonResponse(body: unknown, status = 200, statusText = 'OK'): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}
