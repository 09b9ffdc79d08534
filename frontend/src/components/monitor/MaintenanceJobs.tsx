import { useQuery } from '@tanstack/react-query';
import { getMaintenance } from '../../lib/backend';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import type { MaintenanceJob } from '../../lib/monitorTypes';
import { POLL_INTERVAL_MS } from '../../lib/queries';
import { describeError } from '../../lib/errors';

/** The jobs the app schedules (backend/cli): shown with their own names. */
const KNOWN = new Set(['daily_backup', 'cleanup_sessions', 'prune_metrics', 'optimize_index']);

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const maintenanceKey = ['monitor', 'maintenance'] as const;

/** The job's schedule ("daily at 02:00", "weekly on Sunday at 04:00") in the user's language. */
export function scheduleText(job: MaintenanceJob, t: (key: MessageKey, vars?: Record<string, string | number>) => string): string {
  if (!job.enabled) return t('monitor.maint.manual');
  const daily = /^daily at (\d\d:\d\d)/.exec(job.schedule);
  if (daily) return t('monitor.maint.daily', { time: daily[1] });
  const weekly = /^weekly on (\w+) at (\d\d:\d\d)/.exec(job.schedule);
  if (weekly && WEEKDAYS.includes(weekly[1])) {
    return t('monitor.maint.weekly', { day: t(`monitor.maint.day.${weekly[1]}` as MessageKey), time: weekly[2] });
  }
  return job.schedule;
}

/** Scheduled maintenance: each job's schedule, last run and result or error, and next run. */
export function MaintenanceJobs() {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: maintenanceKey, queryFn: getMaintenance, refetchInterval: POLL_INTERVAL_MS });
  return (
    <section className="monitor-section" aria-labelledby="monitor-maint">
      <h3 id="monitor-maint">{t('monitor.maint')}</h3>
      {q.isError && (
        <p className="error" role="alert">
          {t('monitor.loadFailed', { message: describeError(q.error, lang) })}
        </p>
      )}
      {q.data && (
        <table className="perf maint" data-testid="monitor-maint">
          <thead>
            <tr>
              <th scope="col">{t('monitor.maint.job')}</th>
              <th scope="col">{t('monitor.maint.schedule')}</th>
              <th scope="col">{t('monitor.maint.last')}</th>
              <th scope="col">{t('monitor.maint.result')}</th>
              <th scope="col">{t('monitor.maint.next')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.jobs.map((j) => {
              const failed = !!j.last_run && !j.last_ok;
              return (
                <tr key={j.name} data-testid={`monitor-maint-${j.name}`} className={failed ? 'maint-failed' : undefined}>
                  <th scope="row">{KNOWN.has(j.name) ? t(`monitor.maint.name.${j.name}` as MessageKey) : j.name}</th>
                  <td>{scheduleText(j, t)}</td>
                  <td>{j.running ? t('monitor.maint.running') : j.last_run ? formatDateTime(j.last_run, lang) : t('monitor.maint.never')}</td>
                  <td data-testid={`monitor-maint-${j.name}-result`}>
                    {failed ? (
                      <span className="level level-alert">
                        {t('monitor.maint.failed', { count: j.failures, error: j.last_error ?? '' })}
                      </span>
                    ) : (
                      (j.last_result ?? '')
                    )}
                  </td>
                  <td data-testid={`monitor-maint-${j.name}-next`}>
                    {j.next_run ? formatDateTime(j.next_run, lang) : '—'}
                    {failed && j.next_run ? ` ${t('monitor.maint.retry')}` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
