import { useQuery } from '@tanstack/react-query';
import { getAlerts } from '../../lib/backend';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import type { Alert } from '../../lib/monitorTypes';
import { POLL_INTERVAL_MS } from '../../lib/queries';
import { monitorKeys } from './CurrentStatus';
import { describeError } from '../../lib/errors';

function value(a: Alert, v: number): string {
  const n = Math.round(v * 10) / 10;
  return a.metric === 'response_time_ms' ? `${n} ms` : `${n}%`;
}

/** Active alerts and the newest raised/cleared events. */
export function AlertsList() {
  const { t, lang } = useI18n();
  const alerts = useQuery({ queryKey: monitorKeys.alerts, queryFn: () => getAlerts(50), refetchInterval: POLL_INTERVAL_MS });
  const line = (a: Alert) =>
    t('monitor.alert.line', { metric: t(`monitor.metric.${a.metric}` as MessageKey), value: value(a, a.value), threshold: value(a, a.threshold) });
  return (
    <section className="monitor-section" aria-labelledby="monitor-alerts">
      <h3 id="monitor-alerts">
        {t('monitor.alerts')}
        {alerts.data && alerts.data.active.length > 0 && (
          <span className="level level-alert" data-testid="monitor-alerts-active">
            {' '}
            {t('monitor.alerts.active', { count: alerts.data.active.length })}
          </span>
        )}
      </h3>
      {alerts.isError && (
        <p className="error" role="alert">
          {t('monitor.loadFailed', { message: describeError(alerts.error, lang) })}
        </p>
      )}
      {alerts.data && alerts.data.recent.length === 0 && <p className="hint">{t('monitor.alerts.none')}</p>}
      {alerts.data && alerts.data.recent.length > 0 && (
        <ul className="alerts" data-testid="monitor-alerts">
          {alerts.data.recent.map((a) => (
            <li key={a.id} className={`alert-item alert-${a.state}`} data-testid="monitor-alert">
              <span className={`level level-${a.state === 'raised' ? 'alert' : 'ok'}`}>{t(`monitor.alert.${a.state}` as MessageKey)}</span>{' '}
              <time dateTime={a.time}>{formatDateTime(a.time, lang)}</time> {line(a)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
