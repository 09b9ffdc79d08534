import { AlertsList } from '../components/monitor/AlertsList';
import { CurrentStatus } from '../components/monitor/CurrentStatus';
import { HistoryCharts } from '../components/monitor/HistoryCharts';
import { LogViewer } from '../components/monitor/LogViewer';
import { MaintenanceJobs } from '../components/monitor/MaintenanceJobs';
import { PerformanceTable } from '../components/monitor/PerformanceTable';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onAlert } from '../lib/backend';
import { useI18n } from '../lib/I18nContext';
import { PAGE_TITLE } from '../lib/pages';

/** The Monitor page: resources now and over 24 h, alerts, latency per operation, scheduled maintenance, the log. */
export function MonitorPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  // An alert raised or cleared in the desktop app refreshes the page at once.
  useEffect(() => onAlert(() => void client.invalidateQueries({ queryKey: ['monitor'] })), [client]);
  return (
    <section className="page monitor" data-testid="page-monitor">
      <h2 className="page-title">{t(PAGE_TITLE.monitor)}</h2>
      <p className="page-desc">{t('monitor.intro')}</p>
      <CurrentStatus />
      <AlertsList />
      <HistoryCharts />
      <PerformanceTable />
      <MaintenanceJobs />
      <LogViewer />
    </section>
  );
}
