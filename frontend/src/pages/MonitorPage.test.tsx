import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import { chartPath } from '../components/monitor/LineChart';
import { getLogs, getMaintenance, getPerformance, resetPerformance } from '../lib/backend';
import { formatDateTime } from '../lib/format';
import type { AlertReport, DetailedHealth, History, LogPage, MaintenancePage, OpStats, Performance, SystemStatus } from '../lib/monitorTypes';
import { healthy, installFakeWails, jsonResponse, overviewUp } from '../test/fixtures';

const zero: OpStats = {
  average_response_time: 0,
  total_requests: 0,
  errors: 0,
  p50: 0,
  p95: 0,
  p99: 0,
  max_response_time: 0,
  error_rate: 0,
  error_rate_percent: 0,
  requests_per_minute: 0,
};

const status: SystemStatus = {
  status: 'healthy',
  version: '0.1.0',
  time: '2026-11-25T12:00:00Z',
  uptime_seconds: 3725,
  config_file: '/home/u/.config/genkai-rag/config.yaml',
  data_home: '/d',
  checks: { store: { status: 'ok', detail: 'schema version 6' } },
  ollama: { host: 'http://127.0.0.1:11434', reachable: true, version: '0.17.4' },
  sampled_at: '2026-11-25T12:00:00Z',
  cpu_percent: 12.34,
  process_cpu_percent: 1.5,
  memory_usage_mb: 6100,
  memory_total_mb: 8000,
  memory_usage_percent: 76.25,
  process_memory_mb: 48,
  disk_usage_mb: 9000,
  disk_total_mb: 20000,
  disk_free_mb: 11000,
  disk_usage_percent: 45,
  ollama_process: { running: true, pids: [42], rss_mb: 2048.4, cpu_percent: 3 },
  active_sessions: 2,
  active_requests: 1,
  queue_depth: 3,
  queue: { running: 1, queue_depth: 3, max_concurrent_requests: 4, max_queue_size: 100, refused: 0, timed_out: 0 },
  cache: { enabled: true, entries: 7, hits: 1, misses: 3, hit_rate: 0.25 },
  cache_hit_rate: 0.25,
  index: { sources: 1, pages: 120, chunks: 900, last_synced: '2026-11-25T10:00:00Z', syncing: false },
  alert_level: 'alert',
  active_alerts: 1,
};

const detailed: DetailedHealth = {
  status: 'degraded',
  version: '0.1.0',
  time: '2026-11-25T12:00:00Z',
  checks: {
    store: { status: 'ok', detail: 'schema version 6' },
    memory: { status: 'warning', detail: '76.3% used' },
  },
};

const alerts: AlertReport = {
  level: 'alert',
  active: [{ id: 2, time: '2026-11-25T11:59:00Z', metric: 'memory_usage_percent', state: 'raised', value: 85.2, threshold: 80, message: '高メモリ使用量' }],
  recent: [
    { id: 2, time: '2026-11-25T11:59:00Z', metric: 'memory_usage_percent', state: 'raised', value: 85.2, threshold: 80, message: '高メモリ使用量' },
    { id: 1, time: '2026-11-25T10:00:00Z', metric: 'response_time_ms', state: 'cleared', value: 1200, threshold: 5000, message: '' },
  ],
  thresholds: { memory_usage_percent: 80, disk_usage_percent: 90, cpu_usage_percent: 85, response_time_ms: 5000, error_rate_percent: 5 },
  ollama: { host: 'h', reachable: true },
};

const history: History = {
  hours: 24,
  interval_seconds: 240,
  samples: [
    { time: '2026-11-25T11:00:00Z', cpu_percent: 10, memory_percent: 70, memory_used_mb: 5600, process_rss_mb: 40, disk_percent: 45, disk_used_mb: 9000, ollama_rss_mb: 2000 },
    { time: '2026-11-25T12:00:00Z', cpu_percent: 30, memory_percent: 76, memory_used_mb: 6100, process_rss_mb: 48, disk_percent: 45, disk_used_mb: 9000, ollama_rss_mb: 2048 },
  ],
};

const performance: Performance = {
  performance_stats: {
    query: { ...zero, average_response_time: 1234.56, total_requests: 10, errors: 1, p50: 1000, p95: 3000, p99: 4000, error_rate: 0.1, requests_per_minute: 0.5 },
    search: { ...zero, total_requests: 4, average_response_time: 2.5 },
    sync: zero,
    embed: zero,
    model_switch: zero,
  },
  hours: 24,
  since: '2026-11-24T12:00:00Z',
  time_unit: 'ms',
};

const logs: LogPage = {
  count: 2,
  records: [
    { time: '2026-11-25T12:00:01Z', level: 'ERROR', message: 'request failed', attrs: { err: 'database is locked' }, raw: '' },
    { time: '2026-11-25T12:00:00Z', level: 'INFO', message: 'http request', attrs: { path: '/api/query', status: 200 }, raw: '' },
  ],
};

const maintenance: MaintenancePage = {
  jobs: [
    {
      name: 'daily_backup', enabled: true, interval: '24h0m0s', schedule: 'daily at 02:00', last_run: '2026-11-25T02:00:00Z', last_ok: false,
      last_error: 'backup: disk full', seconds: 0.5, failures: 3, next_run: '2026-11-25T02:07:00Z', running: false,
    },
    {
      name: 'optimize_index', enabled: true, interval: '168h0m0s', schedule: 'weekly on Sunday at 04:00', last_run: '2026-11-22T04:00:00Z', last_ok: true,
      last_result: 'database 1.0 → 0.8 MB in 0.1 s', last_success: '2026-11-22T04:00:00Z', seconds: 0.1, failures: 0, next_run: '2026-11-29T04:00:00Z', running: false,
    },
    { name: 'cleanup_sessions', enabled: false, interval: '0s', schedule: 'on demand', last_ok: false, seconds: 0, failures: 0, running: false },
  ],
};

function installMonitoring(overrides: Record<string, unknown> = {}) {
  const calls = {
    Logs: vi.fn(async (_level: string, _q: string, _limit: number) => logs),
    ResetPerformance: vi.fn(async () => ({ status: 'cleared', deleted: 14 })),
    Performance: vi.fn(async (_op: string, _hours: number) => performance),
  };
  installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
  (window.go!.desktop as Record<string, unknown>).Monitoring = {
    Status: async () => status,
    DetailedHealth: async () => detailed,
    Alerts: async () => alerts,
    History: async () => history,
    Maintenance: async () => maintenance,
    ...calls,
    ...overrides,
  };
  return calls;
}

async function openMonitor() {
  const user = userEvent.setup();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
  await user.click(await screen.findByTestId('nav-monitor'));
  return user;
}

afterEach(() => vi.unstubAllGlobals());

describe('MonitorPage', () => {
  it('shows the current figures, health checks and alert level in Japanese', async () => {
    installMonitoring();
    await openMonitor();
    const page = screen.getByTestId('page-monitor');
    expect(within(page).getByRole('heading', { level: 2 })).toHaveTextContent('モニター');
    expect(await screen.findByTestId('monitor-stat-cpu')).toHaveTextContent('12.3%（このアプリ 1.5%）');
    expect(screen.getByTestId('monitor-stat-memory')).toHaveTextContent('6100 / 8000 MB（76.3%）・このアプリ 48 MB');
    expect(screen.getByTestId('monitor-stat-disk')).toHaveTextContent('空き 11000 MB');
    expect(screen.getByTestId('monitor-stat-ollama')).toHaveTextContent('稼働中 0.17.4・メモリ 2048 MB');
    expect(screen.getByTestId('monitor-stat-index')).toHaveTextContent('1 ソース・120 ページ・900 チャンク');
    expect(screen.getByTestId('monitor-stat-queue')).toHaveTextContent('実行中 1/4・待ち 3/100');
    expect(screen.getByTestId('monitor-stat-cache')).toHaveTextContent('ヒット率 25%（7 件）');
    expect(screen.getByTestId('monitor-stat-uptime')).toHaveTextContent('1 時間 2 分');
    expect(screen.getByTestId('monitor-level')).toHaveTextContent('状態: アラート');
    expect(await screen.findByTestId('monitor-check-memory')).toHaveTextContent('memory 注意 76.3% used');
  });

  it('lists alerts, draws the 24 h charts as SVG and fills the performance table', async () => {
    installMonitoring();
    await openMonitor();
    const list = await screen.findByTestId('monitor-alerts');
    const items = within(list).getAllByTestId('monitor-alert');
    expect(items[0]).toHaveTextContent('発生');
    expect(items[0]).toHaveTextContent('メモリ使用率: 85.2%（しきい値 80%）');
    expect(items[1]).toHaveTextContent('応答時間 (p95): 1200 ms（しきい値 5000 ms）');
    expect(screen.getByTestId('monitor-alerts-active')).toHaveTextContent('発生中 1 件');

    const cpu = await screen.findByTestId('monitor-chart-cpu');
    await vi.waitFor(() => expect(cpu.querySelector('svg path')).not.toBeNull());
    expect(cpu.querySelector('svg')).toHaveAttribute('aria-label', 'CPU使用率: 30.0%');
    expect(cpu.querySelector('svg circle')).toHaveAttribute('cy', String(10 + 108 - 0.3 * 108));
    expect(screen.getByTestId('monitor-chart-ollama')).toHaveTextContent('2048 MB');

    const row = await screen.findByTestId('monitor-perf-query');
    expect(row).toHaveTextContent('質問への回答');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['10', '1234.6', '1000', '3000', '4000', '10%', '0.5']);
    const order = within(screen.getByTestId('monitor-perf'))
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.getAttribute('data-testid'));
    expect(order).toEqual(['monitor-perf-query', 'monitor-perf-search', 'monitor-perf-sync', 'monitor-perf-embed', 'monitor-perf-model_switch']);
  });

  it('clears the statistics only after confirmation', async () => {
    const calls = installMonitoring();
    const user = await openMonitor();
    await user.click(await screen.findByTestId('monitor-perf-reset'));
    expect(calls.ResetPerformance).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('monitor-perf-reset-yes'));
    expect(await screen.findByTestId('monitor-perf-reset-done')).toHaveTextContent('14 件の記録を消去しました。');
    expect(calls.ResetPerformance).toHaveBeenCalledTimes(1);
  });

  it('filters the log by level and text', async () => {
    const calls = installMonitoring();
    const user = await openMonitor();
    const lines = await screen.findAllByTestId('monitor-log-line');
    expect(lines[0]).toHaveTextContent('ERROR request failed err=database is locked');
    expect(calls.Logs).toHaveBeenLastCalledWith('', '', 1000);
    await user.selectOptions(screen.getByTestId('monitor-log-level'), 'ERROR');
    await vi.waitFor(() => expect(calls.Logs).toHaveBeenLastCalledWith('ERROR', '', 1000));
    await user.type(screen.getByTestId('monitor-log-search'), '  locked ');
    expect(calls.Logs).not.toHaveBeenCalledWith('ERROR', '  locked ', 1000);
    await user.click(screen.getByTestId('monitor-log-submit'));
    await vi.waitFor(() => expect(calls.Logs).toHaveBeenLastCalledWith('ERROR', 'locked', 1000));
  });

  it('refreshes the alerts when the app sends monitor:alert', async () => {
    const Alerts = vi.fn(async () => alerts);
    installMonitoring({ Alerts });
    const listeners: Record<string, (...data: unknown[]) => void> = {};
    window.runtime = {
      EventsOnMultiple: (name: string, cb: (...data: unknown[]) => void) => {
        listeners[name] = cb;
        return () => delete listeners[name];
      },
    };
    await openMonitor();
    await screen.findByTestId('monitor-alerts');
    const before = Alerts.mock.calls.length;
    expect(listeners['monitor:alert']).toBeTypeOf('function');
    listeners['monitor:alert']({ metric: 'cpu_usage_percent', state: 'raised' });
    await vi.waitFor(() => expect(Alerts.mock.calls.length).toBeGreaterThan(before));
  });

  it('shows the backend error instead of figures', async () => {
    installMonitoring({
      Status: () => Promise.reject('monitoring is not available'),
      Logs: () => Promise.reject('level must be DEBUG, INFO, WARNING, ERROR or CRITICAL'),
    });
    await openMonitor();
    expect(await screen.findByText('取得できませんでした: monitoring is not available')).toBeInTheDocument();
    expect(await screen.findByText(/level must be DEBUG/)).toBeInTheDocument();
  });

  it('speaks English when switched', async () => {
    installMonitoring();
    window.localStorage.setItem('genkai.lang', 'en');
    await openMonitor();
    expect(await screen.findByTestId('monitor-stat-memory')).toHaveTextContent('6100 / 8000 MB (76.3%) · this app 48 MB');
    expect(screen.getByTestId('monitor-level')).toHaveTextContent('Status: Alert');
    expect(await screen.findByTestId('monitor-perf-query')).toHaveTextContent('Answers');
  });
});

describe('monitoring over HTTP', () => {
  it('uses the guide endpoints with encoded parameters', async () => {
    const fetchSpy = vi.fn(async (url: string, init?: RequestInit) =>
      init?.method === 'DELETE' ? jsonResponse({ status: 'cleared', deleted: 3 }) : url.startsWith('/api/logs') ? jsonResponse(logs) : jsonResponse(performance),
    );
    vi.stubGlobal('fetch', fetchSpy);
    await getPerformance('query', 1);
    await getLogs({ level: 'WARNING', q: 'a&b', limit: 50 });
    expect(await resetPerformance()).toBe(3);
    expect(fetchSpy.mock.calls.map((c) => c[0])).toEqual([
      '/api/system/performance?hours=1&operation_type=query',
      '/api/logs?limit=50&level=WARNING&q=a%26b',
      '/api/system/performance',
    ]);
  });

  it('reads the scheduled jobs from /api/maintenance', async () => {
    const fetchSpy = vi.fn(async (_url: string) => jsonResponse({ jobs: null }));
    vi.stubGlobal('fetch', fetchSpy);
    expect(await getMaintenance()).toEqual({ jobs: [] });
    fetchSpy.mockImplementation(async () => jsonResponse(maintenance));
    expect((await getMaintenance()).jobs.map((j) => j.name)).toEqual(['daily_backup', 'optimize_index', 'cleanup_sessions']);
    expect(fetchSpy.mock.calls.map((c) => c[0])).toEqual(['/api/maintenance', '/api/maintenance']);
  });

  it('rejects with the API error message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ error: { code: 'bad_query', message: 'hours must be a number greater than 0' } }, 400, 'Bad Request')));
    await expect(getPerformance('', -1)).rejects.toThrow('hours must be a number greater than 0');
  });
});

describe('chartPath', () => {
  it('maps time to x and value to y inside the plot, clamping to the axis', () => {
    const d = chartPath([{ t: 0, v: 0 }, { t: 10, v: 50 }, { t: 20, v: 150 }], 100, 600, 140);
    expect(d).toBe('M44.0,118.0 L318.0,64.0 L592.0,10.0');
    expect(chartPath([], 100)).toBe('');
  });
});

describe('MonitorPage scheduled maintenance', () => {
  it('shows the scheduled jobs with their schedule, last and next run, and a failing job\'s error', async () => {
    installMonitoring();
    await openMonitor();
    const backup = await screen.findByTestId('monitor-maint-daily_backup');
    expect(backup).toHaveTextContent('バックアップ');
    expect(backup).toHaveTextContent('毎日 02:00');
    expect(backup).toHaveTextContent(formatDateTime('2026-11-25T02:00:00Z', 'ja'));
    expect(screen.getByTestId('monitor-maint-daily_backup-result')).toHaveTextContent('失敗（3 回連続）: backup: disk full');
    expect(screen.getByTestId('monitor-maint-daily_backup-next')).toHaveTextContent(`${formatDateTime('2026-11-25T02:07:00Z', 'ja')} （再試行）`);
    const opt = screen.getByTestId('monitor-maint-optimize_index');
    expect(opt).toHaveTextContent('毎週日曜日 04:00');
    expect(screen.getByTestId('monitor-maint-optimize_index-result')).toHaveTextContent('database 1.0 → 0.8 MB in 0.1 s');
    expect(screen.getByTestId('monitor-maint-optimize_index-next')).toHaveTextContent(formatDateTime('2026-11-29T04:00:00Z', 'ja'));
    const manual = screen.getByTestId('monitor-maint-cleanup_sessions');
    expect(manual).toHaveTextContent('手動のみ');
    expect(manual).toHaveTextContent('まだ実行していません');
  });
});
