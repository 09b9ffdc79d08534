import { AlertsList } from '../components/monitor/AlertsList';
import { CurrentStatus } from '../components/monitor/CurrentStatus';
import { HistoryCharts } from '../components/monitor/HistoryCharts';
import { LogViewer } from '../components/monitor/LogViewer';
import { PerformanceTable } from '../components/monitor/PerformanceTable';
import { useI18n } from '../lib/I18nContext';
import { PAGE_TITLE } from '../lib/pages';

/** The Monitor page: resources now and over 24 h, alerts, latency per operation, the log. */
export function MonitorPage() {
  const { t } = useI18n();
  return (
    <section className="page monitor" data-testid="page-monitor">
      <h2 className="page-title">{t(PAGE_TITLE.monitor)}</h2>
      <p className="page-desc">{t('monitor.intro')}</p>
      <CurrentStatus />
      <AlertsList />
      <HistoryCharts />
      <PerformanceTable />
      <LogViewer />
    </section>
  );
}
