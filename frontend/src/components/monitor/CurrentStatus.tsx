import { useQuery } from '@tanstack/react-query';
import { getDetailedHealth, getSystemStatus } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import type { SystemStatus } from '../../lib/monitorTypes';
import { POLL_INTERVAL_MS } from '../../lib/queries';
import { describeError } from '../../lib/errors';

export const monitorKeys = {
  status: ['monitor', 'status'] as const,
  health: ['monitor', 'health'] as const,
  history: (hours: number) => ['monitor', 'history', hours] as const,
  alerts: ['monitor', 'alerts'] as const,
  performance: ['monitor', 'performance'] as const,
  logs: (level: string, q: string) => ['monitor', 'logs', level, q] as const,
};

const pct = (v: number) => (Math.round(v * 10) / 10).toString();

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function rows(s: SystemStatus, t: ReturnType<typeof useI18n>['t']) {
  const ollama = s.ollama.reachable
    ? t('monitor.ollamaRunning', { version: s.ollama.version ?? '', rss: Math.round(s.ollama_process?.rss_mb ?? 0) })
    : t('monitor.ollamaDown', { error: s.ollama.error ?? '' });
  const up = Math.floor(s.uptime_seconds);
  return [
    { id: 'cpu', label: t('monitor.cpu'), value: t('monitor.cpuValue', { percent: pct(s.cpu_percent), process: pct(s.process_cpu_percent) }) },
    {
      id: 'memory',
      label: t('monitor.memory'),
      value: t('monitor.memoryValue', { used: s.memory_usage_mb, total: s.memory_total_mb, percent: pct(s.memory_usage_percent), process: s.process_memory_mb }),
    },
    {
      id: 'disk',
      label: t('monitor.disk'),
      value: t('monitor.diskValue', { used: s.disk_usage_mb, total: s.disk_total_mb, percent: pct(s.disk_usage_percent), free: s.disk_free_mb }),
    },
    { id: 'ollama', label: t('monitor.ollama'), value: ollama },
    {
      id: 'index',
      label: t('monitor.index'),
      value: t('monitor.indexValue', { sources: s.index.sources, pages: s.index.pages, chunks: s.index.chunks }) + (s.index.syncing ? t('monitor.indexSyncing') : ''),
    },
    {
      id: 'queue',
      label: t('monitor.queue'),
      value: t('monitor.queueValue', { running: s.queue.running, max: s.queue.max_concurrent_requests, depth: s.queue_depth, maxQueue: s.queue.max_queue_size }),
    },
    {
      id: 'cache',
      label: t('monitor.cache'),
      value: s.cache.enabled ? t('monitor.cacheValue', { rate: pct(s.cache_hit_rate * 100), entries: s.cache.entries }) : t('monitor.cacheOff'),
    },
    { id: 'sessions', label: t('monitor.sessions'), value: String(s.active_sessions) },
    { id: 'uptime', label: t('monitor.uptime'), value: t('monitor.uptimeValue', { hours: Math.floor(up / 3600), minutes: Math.floor((up % 3600) / 60) }) },
  ];
}

/** The current figures from the last sample, and the detailed health checks. */
export function CurrentStatus() {
  const { t, lang } = useI18n();
  const status = useQuery({ queryKey: monitorKeys.status, queryFn: getSystemStatus, refetchInterval: POLL_INTERVAL_MS });
  const health = useQuery({ queryKey: monitorKeys.health, queryFn: getDetailedHealth, refetchInterval: POLL_INTERVAL_MS });
  if (status.isPending) return <p className="hint">{t('monitor.loading')}</p>;
  if (status.isError) {
    return (
      <p className="error" role="alert">
        {t('monitor.loadFailed', { message: describeError(status.error, lang) })}
      </p>
    );
  }
  const s = status.data;
  const level = s.alert_level ?? 'ok';
  return (
    <section className="monitor-section" aria-labelledby="monitor-current">
      <h3 id="monitor-current">
        {t('monitor.current')}{' '}
        <span className={`level level-${level}`} data-testid="monitor-level">
          {t('monitor.level', { level: t(`monitor.level.${level}` as MessageKey) })}
        </span>
      </h3>
      <dl className="stats" data-testid="monitor-stats">
        {rows(s, t).map((r) => (
          <Row key={r.id} label={r.label} value={r.value} testId={`monitor-stat-${r.id}`} />
        ))}
      </dl>
      {health.data && (
        <>
          <h4>{t('monitor.health')}</h4>
          <ul className="checks" data-testid="monitor-checks">
            {Object.entries(health.data.checks)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([name, c]) => (
                <li key={name} className={`check check-${c.status}`} data-testid={`monitor-check-${name}`}>
                  <strong>{name}</strong> <span className={`level level-${c.status}`}>{t(`monitor.check.${c.status}` as MessageKey)}</span>{' '}
                  <span className="check-detail">{c.detail}</span>
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}
