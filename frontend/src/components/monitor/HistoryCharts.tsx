import { useQuery } from '@tanstack/react-query';
import { getHistory } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import type { ResourceSample } from '../../lib/monitorTypes';
import { POLL_INTERVAL_MS } from '../../lib/queries';
import { monitorKeys } from './CurrentStatus';
import { LineChart, type ChartPoint } from './LineChart';
import { describeError } from '../../lib/errors';

const HOURS = 24;

function series(samples: ResourceSample[], pick: (s: ResourceSample) => number): ChartPoint[] {
  return samples.map((s) => ({ t: Date.parse(s.time), v: pick(s) })).filter((p) => !Number.isNaN(p.t));
}

/** CPU, memory, disk and Ollama memory over the last 24 hours. */
export function HistoryCharts() {
  const { t, lang } = useI18n();
  const history = useQuery({ queryKey: monitorKeys.history(HOURS), queryFn: () => getHistory(HOURS), refetchInterval: POLL_INTERVAL_MS * 6 });
  const time = new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const formatTime = (ms: number) => time.format(new Date(ms));
  const samples = history.data?.samples ?? [];
  const charts = [
    { id: 'cpu', label: t('monitor.chart.cpu'), unit: '%', max: 100, pick: (s: ResourceSample) => s.cpu_percent },
    { id: 'memory', label: t('monitor.chart.memory'), unit: '%', max: 100, pick: (s: ResourceSample) => s.memory_percent },
    { id: 'disk', label: t('monitor.chart.disk'), unit: '%', max: 100, pick: (s: ResourceSample) => s.disk_percent },
    { id: 'ollama', label: t('monitor.chart.ollama'), unit: ' MB', max: undefined, pick: (s: ResourceSample) => s.ollama_rss_mb },
  ];
  return (
    <section className="monitor-section" aria-labelledby="monitor-charts">
      <h3 id="monitor-charts">{t('monitor.charts')}</h3>
      {history.isError && (
        <p className="error" role="alert">
          {t('monitor.loadFailed', { message: describeError(history.error, lang) })}
        </p>
      )}
      <div className="charts">
        {charts.map((c) => (
          <LineChart
            key={c.id}
            testId={`monitor-chart-${c.id}`}
            label={c.label}
            unit={c.unit}
            max={c.max}
            points={series(samples, c.pick)}
            emptyText={t('monitor.chart.empty')}
            formatTime={formatTime}
          />
        ))}
      </div>
    </section>
  );
}
