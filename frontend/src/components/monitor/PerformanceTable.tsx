import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getPerformance, resetPerformance } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import { POLL_INTERVAL_MS } from '../../lib/queries';
import { monitorKeys } from './CurrentStatus';
import { describeError } from '../../lib/errors';

/** Shown first, in this order; any other recorded operation follows. */
const ORDER = ['query', 'search', 'sync', 'embed', 'model_switch'];

const KNOWN = new Set(ORDER);

const ms = (v: number) => (Math.round(v * 10) / 10).toString();

/** Per-operation latency over the last 24 h, with a button to clear it. */
export function PerformanceTable() {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const perf = useQuery({ queryKey: monitorKeys.performance, queryFn: () => getPerformance('', 24), refetchInterval: POLL_INTERVAL_MS });
  const reset = useMutation({
    mutationFn: resetPerformance,
    onSettled: () => void client.invalidateQueries({ queryKey: monitorKeys.performance }),
  });
  const stats = perf.data?.performance_stats ?? {};
  const ops = [...ORDER.filter((o) => o in stats), ...Object.keys(stats).filter((o) => !KNOWN.has(o)).sort()];
  return (
    <section className="monitor-section" aria-labelledby="monitor-perf">
      <h3 id="monitor-perf">{t('monitor.perf')}</h3>
      {perf.isError && (
        <p className="error" role="alert">
          {t('monitor.loadFailed', { message: describeError(perf.error, lang) })}
        </p>
      )}
      <table className="perf" data-testid="monitor-perf">
        <thead>
          <tr>
            <th scope="col">{t('monitor.perf.op')}</th>
            <th scope="col">{t('monitor.perf.count')}</th>
            <th scope="col">{t('monitor.perf.avg')}</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">{t('monitor.perf.errors')}</th>
            <th scope="col">{t('monitor.perf.rpm')}</th>
          </tr>
        </thead>
        <tbody>
          {ops.map((op) => {
            const s = stats[op];
            return (
              <tr key={op} data-testid={`monitor-perf-${op}`}>
                <th scope="row">{KNOWN.has(op) ? t(`monitor.op.${op}` as MessageKey) : op}</th>
                <td>{s.total_requests}</td>
                <td>{ms(s.average_response_time)}</td>
                <td>{ms(s.p50)}</td>
                <td>{ms(s.p95)}</td>
                <td>{ms(s.p99)}</td>
                <td>{`${ms(s.error_rate * 100)}%`}</td>
                <td>{ms(s.requests_per_minute)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        {confirming ? (
          <>
            <span>{t('monitor.perf.resetConfirm')}</span>{' '}
            <button
              type="button"
              data-testid="monitor-perf-reset-yes"
              onClick={() => {
                setConfirming(false);
                reset.mutate();
              }}
            >
              {t('sources.yes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('sources.no')}
            </button>
          </>
        ) : (
          <button type="button" data-testid="monitor-perf-reset" onClick={() => setConfirming(true)} disabled={reset.isPending}>
            {t('monitor.perf.reset')}
          </button>
        )}
        {reset.isSuccess && (
          <span className="hint" role="status" data-testid="monitor-perf-reset-done">
            {' '}
            {t('monitor.perf.resetDone', { count: reset.data })}
          </span>
        )}
        {reset.isError && (
          <span className="error" role="alert">
            {' '}
            {t('monitor.loadFailed', { message: describeError(reset.error, lang) })}
          </span>
        )}
      </div>
    </section>
  );
}
