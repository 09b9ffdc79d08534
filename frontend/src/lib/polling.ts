import type { LogRecord } from './monitorTypes';

/**
 * The requests this UI repeats on a timer (every 10 s, the sync status every second while a sync runs),
 * as "METHOD path" of the access log. Kept in step with the refetchInterval queries:
 * useInfo, useHealth, useSyncStatus (lib/queries.ts), useOllama (lib/modelQueries.ts) and the Monitor
 * page's CurrentStatus, AlertsList, HistoryCharts, PerformanceTable, MaintenanceJobs and LogViewer.
 */
export const UI_POLLING: readonly string[] = [
  'GET /api/app/info',
  'GET /api/health',
  'GET /api/sync',
  'GET /api/ollama',
  'GET /api/system/status',
  'GET /api/health/detailed',
  'GET /api/system/alerts',
  'GET /api/system/history',
  'GET /api/system/performance',
  'GET /api/maintenance',
  'GET /api/logs',
];

const polling = new Set(UI_POLLING);

/** Whether a log record is the access-log line of one of the UI's own periodic requests (UI_POLLING) that succeeded; failures are never hidden. */
export function isUIPolling(r: LogRecord): boolean {
  const a = r.attrs;
  if (!a || typeof a.method !== 'string' || typeof a.path !== 'string') return false;
  if (typeof a.status === 'number' && a.status >= 400) return false;
  return polling.has(`${a.method} ${a.path}`);
}
