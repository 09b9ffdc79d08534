import { useI18n } from '../lib/I18nContext';
import { useHealth, useInfo } from '../lib/queries';

export function StatusBar() {
  const { t } = useI18n();
  const info = useInfo();
  const health = useHealth(info.isSuccess);

  let ollamaState: 'ok' | 'down' | 'unknown' = 'unknown';
  let ollamaText = t('status.checking');
  let ollamaTitle: string | undefined;
  if (info.data) {
    const o = info.data.ollama;
    if (o.phase === 'endpoint') {
      ollamaState = o.reachable ? 'ok' : 'down';
      ollamaText = o.reachable ? t('status.endpointOk', { host: o.host }) : t('status.endpointDown');
      ollamaTitle = [o.host, o.error].filter(Boolean).join(': ') || undefined;
    } else if (o.reachable) {
      ollamaState = 'ok';
      ollamaText = t('status.ollamaOk', { version: o.version ?? '?', host: o.host });
      if (o.started_by_us) ollamaText += ` · ${t('status.startedByUs')}`;
    } else {
      ollamaState = o.phase === 'starting' || o.phase === 'restarting' ? 'unknown' : 'down';
      ollamaText =
        ollamaState === 'unknown' ? t('status.ollamaStarting') : o.phase === 'not_installed' ? t('status.ollamaNotInstalled') : t('status.ollamaDown');
      ollamaTitle = [o.host, o.error].filter(Boolean).join(': ') || undefined;
    }
  }
  if (info.isError) {
    // polling failed after a successful start: the backend went away
    ollamaState = 'down';
    ollamaText = t('status.backendDown');
    ollamaTitle = info.error.message;
  }

  const report = health.data;
  const healthy = report?.status === 'healthy';
  const healthTitle = report
    ? Object.entries(report.checks ?? {})
        .map(([name, c]) => `${name}: ${c.status}${c.detail ? ` (${c.detail})` : ''}`)
        .join('\n')
    : health.error?.message;

  return (
    <footer className="status-bar" role="status" aria-label={t('status.label')} data-testid="status-bar">
      <span className="status-item" data-testid="status-ollama" data-state={ollamaState} title={ollamaTitle}>
        <span className={`dot dot-${ollamaState}`} aria-hidden="true" />
        {ollamaText}
      </span>
      {(report || health.isError) && (
        <span
          className="status-item"
          data-testid="status-health"
          data-state={healthy ? 'ok' : 'down'}
          title={healthTitle}
        >
          <span className={`dot dot-${healthy ? 'ok' : 'down'}`} aria-hidden="true" />
          {t('status.health')}: {healthy ? t('status.healthOk') : t('status.healthBad')}
        </span>
      )}
      <span className="status-spacer" />
      {info.data && (
        <>
          <span className="status-item status-path" data-testid="status-datahome" title={info.data.data_home}>
            {t('status.dataHome', { path: info.data.data_home })}
          </span>
          <span className="status-item" data-testid="status-version">
            {t('status.version', { version: info.data.version })}
          </span>
        </>
      )}
    </footer>
  );
}
