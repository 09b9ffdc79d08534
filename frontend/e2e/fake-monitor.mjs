// Canned answers for the Monitor and Backup pages of the fake server (contract shapes of
// /api/system/*, /api/health/detailed, /api/logs, /api/maintenance and GET /api/backups),
// so that e2e/layout.mjs screenshots those pages with real-looking content. Read-only.
const zero = { average_response_time: 0, total_requests: 0, errors: 0, p50: 0, p95: 0, p99: 0, max_response_time: 0, error_rate: 0, error_rate_percent: 0, requests_per_minute: 0 };
const now = () => new Date().toISOString();

function status() {
  return {
    status: 'healthy', version: '0.1.0', time: now(), uptime_seconds: 3725, data_home: '/home/u/.local/share/genkai-rag',
    checks: { store: { status: 'ok', detail: 'schema version 6' } },
    ollama: { host: 'http://127.0.0.1:11434', reachable: true, version: '0.17.4' },
    sampled_at: now(), cpu_percent: 12.3, process_cpu_percent: 1.5, memory_usage_mb: 6100, memory_total_mb: 8000,
    memory_usage_percent: 76.25, process_memory_mb: 48, disk_usage_mb: 9000, disk_total_mb: 20000, disk_free_mb: 11000,
    disk_usage_percent: 45, ollama_process: { running: true, pids: [4242], rss_mb: 2048.4, cpu_percent: 3 },
    active_sessions: 2, active_requests: 0, queue_depth: 0,
    queue: { running: 0, queue_depth: 0, max_concurrent_requests: 4, max_queue_size: 100, refused: 0, timed_out: 0 },
    cache: { enabled: true, entries: 7, hits: 1, misses: 3, hit_rate: 0.25 }, cache_hit_rate: 0.25,
    index: { sources: 1, pages: 120, chunks: 900, last_synced: now(), syncing: false },
    alert_level: 'ok', active_alerts: 0,
  };
}

function history() {
  const samples = [];
  const t0 = Date.now() - 3 * 3600_000;
  for (let i = 0; i < 12; i++) {
    samples.push({
      time: new Date(t0 + i * 900_000).toISOString(), cpu_percent: 10 + (i % 4) * 7, memory_percent: 70 + (i % 3), memory_used_mb: 5600 + i * 20,
      process_rss_mb: 40 + i, disk_percent: 45, disk_used_mb: 9000, ollama_rss_mb: 2000 + i * 4,
    });
  }
  return { hours: 24, interval_seconds: 900, samples };
}

const log = (level, message, attrs) => ({ time: now(), level, message, attrs, raw: '' });

function logs() {
  const records = [
    log('INFO', 'http request', { request_id: 'r-5', method: 'GET', path: '/api/system/status', status: 200, bytes: 1200, duration_ms: 2.1, remote: '127.0.0.1:50000' }),
    log('INFO', 'http request', { request_id: 'r-4', method: 'POST', path: '/api/query', status: 200, bytes: 5120, duration_ms: 1834.2, remote: '127.0.0.1:50000' }),
    log('INFO', 'http request', { request_id: 'r-3', method: 'GET', path: '/api/logs', status: 200, bytes: 900, duration_ms: 1.2, remote: '127.0.0.1:50000' }),
    log('WARNING', 'sync page failed', { url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/a/very/long/path/that/should/wrap/instead/of/widening/the/page.html', error: 'HTTP 404' }),
    log('INFO', 'sync finished', { source: 'https://www.cc.kyushu-u.ac.jp/scp/', added: 12, updated: 0, failed: 1 }),
  ];
  return { records, count: records.length };
}

const performance = () => ({
  performance_stats: {
    query: { ...zero, average_response_time: 1834.2, total_requests: 10, errors: 1, p50: 1500, p95: 3000, p99: 4000, max_response_time: 4100, error_rate: 0.1, error_rate_percent: 10, requests_per_minute: 0.5 },
    search: { ...zero, total_requests: 4, average_response_time: 2.5, p50: 2, p95: 4, p99: 4, max_response_time: 4 },
    sync: zero,
    embed: zero,
    model_switch: zero,
  },
  hours: 24,
  since: now(),
  time_unit: 'ms',
});

const alerts = () => ({
  level: 'ok', active: [], recent: [],
  thresholds: { memory_usage_percent: 80, disk_usage_percent: 90, cpu_usage_percent: 85, response_time_ms: 5000, error_rate_percent: 5 },
  ollama: { host: 'http://127.0.0.1:11434', reachable: true },
});

const maintenance = () => ({
  jobs: [
    { name: 'daily_backup', enabled: true, interval: '24h0m0s', schedule: 'daily at 02:00', last_run: now(), last_ok: true, last_result: 'genkai-rag-backup-20261204-020000.tar.gz', seconds: 0.5, failures: 0, next_run: now(), running: false },
    { name: 'optimize_index', enabled: true, interval: '168h0m0s', schedule: 'weekly on Sunday at 04:00', last_ok: true, seconds: 0.1, failures: 0, next_run: now(), running: false },
  ],
});

const backups = () => ({
  folder: '/home/u/.local/share/genkai-rag/backups',
  backups: [
    { name: 'genkai-rag-backup-20261204-020000.tar.gz', path: '/home/u/.local/share/genkai-rag/backups/genkai-rag-backup-20261204-020000.tar.gz', size_bytes: 12_345_678, created_at: now(), valid: true },
  ],
});

/** Routes GET requests of the monitor and backup pages; undefined for anything else. */
export function createMonitor() {
  return {
    async route(req, _res, url) {
      if (req.method !== 'GET') return undefined;
      switch (url.pathname) {
        case '/api/system/status': return [200, status()];
        case '/api/health/detailed': return [200, { status: 'healthy', version: '0.1.0', time: now(), checks: { store: { status: 'ok', detail: 'schema version 6' }, ollama: { status: 'ok', detail: 'v0.17.4' } } }];
        case '/api/system/performance': return [200, performance()];
        case '/api/system/alerts': return [200, alerts()];
        case '/api/system/history': return [200, history()];
        case '/api/logs': return [200, logs()];
        case '/api/maintenance': return [200, maintenance()];
        case '/api/backups': return [200, backups()];
      }
      return undefined;
    },
  };
}
