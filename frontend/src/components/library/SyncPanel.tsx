import { useI18n } from '../../lib/I18nContext';
import { durationSeconds } from '../../lib/format';
import type { SyncReason, SyncStatus } from '../../lib/types';
import { explainReason } from '../../lib/pageReason';
import { ReasonText } from './ReasonText';

interface Props {
  status: SyncStatus | undefined;
  onCancel(): void;
  cancelling: boolean;
}

/** Progress of the running sync, or the summary of the last one (nothing before the first run). */
export function SyncPanel({ status, onCancel, cancelling }: Props) {
  if (!status) return null;
  if (status.running) return <SyncProgressView status={status} onCancel={onCancel} cancelling={cancelling} />;
  if (status.report || status.error) return <SyncSummary status={status} />;
  return null;
}

function SyncProgressView({ status, onCancel, cancelling }: { status: SyncStatus } & Omit<Props, 'status'>) {
  const { t } = useI18n();
  const { done, total, chunks, errors, url } = status.progress;
  const determinate = total > 0;
  return (
    <div className="sync-panel" data-testid="sync-progress" role="status" aria-live="polite">
      <p className="sync-heading">{t('sync.running', { location: status.location })}</p>
      <div className="sync-bar-row">
        <progress
          className="sync-bar"
          data-testid="sync-progress-bar"
          aria-label={t('sync.progressLabel')}
          {...(determinate ? { value: Math.min(done, total), max: total } : {})}
        />
        <button
          type="button"
          className="button button-secondary"
          data-testid="sync-cancel"
          onClick={onCancel}
          disabled={cancelling}
        >
          {t('sync.cancel')}
        </button>
      </div>
      <p className="hint sync-counts" data-testid="sync-progress-text">
        {determinate ? t('sync.progress', { done, total }) : t('sync.discovering', { done })}
        {' · '}
        {t('sync.counts', { chunks, errors })}
      </p>
      {url && (
        <p className="hint sync-url" data-testid="sync-current-url">
          {t('sync.current', { url })}
        </p>
      )}
    </div>
  );
}

function SyncSummary({ status }: { status: SyncStatus }) {
  const { t, lang } = useI18n();
  const r = status.report;
  const failed: SyncReason[] = r?.failed ?? [];
  const skipped: SyncReason[] = r?.skipped ?? [];
  const syncError = explainReason(status.error ?? '', lang, status.error_code);
  return (
    <div className="sync-panel" data-testid="sync-summary" role="status">
      <p className="sync-heading">{t('sync.finished', { location: status.location })}</p>
      {status.error && (
        <p className="error-text" data-testid="sync-error">
          {t('sync.error', { message: syncError.text })}
          {syncError.detail && <span className="page-error-detail"> ({syncError.detail})</span>}
        </p>
      )}
      {r && (
        <dl className="sync-stats">
          <Stat id="added" label={t('sync.added')} value={r.added} />
          <Stat id="updated" label={t('sync.updated')} value={r.updated} />
          <Stat id="unchanged" label={t('sync.unchanged')} value={r.unchanged} />
          <Stat id="removed" label={t('sync.removed')} value={r.removed} />
          <Stat id="failed" label={t('sync.failed')} value={failed.length} />
          <Stat id="skipped" label={t('sync.skipped')} value={skipped.length} />
          <Stat id="chunks" label={t('sync.chunks')} value={r.chunks} />
          <Stat id="duration" label={t('sync.duration')} value={t('sync.seconds', { seconds: durationSeconds(r.duration) })} />
        </dl>
      )}
      {r?.truncated && <p className="hint">{t('sync.truncated')}</p>}
      {failed.length + skipped.length > 0 && (
        <details className="sync-reasons" open={failed.length > 0}>
          <summary>{t('sync.reasons')}</summary>
          <ul data-testid="sync-reasons">
            {failed.map((f, i) => (
              <Reason key={`f${i}`} kind="failed" label={t('sync.failed')} item={f} />
            ))}
            {skipped.map((s, i) => (
              <Reason key={`s${i}`} kind="skipped" label={t('sync.skipped')} item={s} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Stat({ id, label, value }: { id: string; label: string; value: number | string }) {
  return (
    <div className="sync-stat" data-testid={`sync-stat-${id}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Reason({ kind, label, item }: { kind: 'failed' | 'skipped'; label: string; item: SyncReason }) {
  return (
    <li className={`sync-reason sync-reason-${kind}`} data-testid={`sync-reason-${kind}`}>
      <span className={`page-status page-status-${kind}`}>{label}</span> <span className="page-url">{item.url}</span>
      {item.reason && (
        <>
          : <ReasonText reason={item.reason} code={item.reason_code} />
        </>
      )}
    </li>
  );
}
