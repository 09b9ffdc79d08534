import { useI18n } from '../../lib/I18nContext';
import { formatDateTime } from '../../lib/format';
import type { MessageKey } from '../../lib/i18n';
import type { BackupInfo, BackupVerifyResult } from '../../lib/types';

/** 1536 → "1.5 KB"; bytes in binary units as the CLI prints them. */
export function formatSize(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KB`;
  return `${n} B`;
}

/** The manifest's reason as a message key ("pre-migration 4→5" counts as pre-migration). */
export function reasonKey(reason: string): MessageKey {
  if (reason === 'manual') return 'backup.reason.manual';
  if (reason === 'scheduled') return 'backup.reason.scheduled';
  if (reason === 'pre-restore') return 'backup.reason.preRestore';
  if (reason.startsWith('pre-migration')) return 'backup.reason.preMigration';
  return 'backup.reason.other';
}

interface Props {
  backup: BackupInfo;
  verified?: BackupVerifyResult;
  busy: boolean;
  onVerify(name: string): void;
  onRestore(name: string): void;
  onDelete(name: string): void;
}

/** One archive: date, size, reason, what it holds, whether it is readable, and its actions. */
export function BackupItem({ backup, verified, busy, onVerify, onRestore, onDelete }: Props) {
  const { t, lang } = useI18n();
  const m = backup.manifest;
  const valid = backup.valid && verified?.valid !== false;
  const withLogs = m?.files?.some((f) => f.path.startsWith('logs/')) ?? false;
  return (
    <li className="source backup-item" data-testid="backup-item" data-name={backup.name}>
      <div className="source-head">
        <span className={`badge ${valid ? 'backup-valid' : 'backup-invalid'}`} data-testid="backup-state">
          {valid ? t('backup.valid') : t('backup.invalid')}
        </span>
        <div className="source-names">
          <span className="source-name" data-testid="backup-date">
            {formatDateTime(m?.created_at ?? backup.created_at, lang) || backup.name}
          </span>
          <span className="source-location" data-testid="backup-name">
            {backup.name}
          </span>
        </div>
      </div>
      <p className="source-meta" data-testid="backup-meta">
        <span data-testid="backup-size">{formatSize(backup.size_bytes)}</span>
        {m && <span data-testid="backup-reason">{t(reasonKey(m.reason), { reason: m.reason })}</span>}
        {m && (
          <span data-testid="backup-contents">
            {t('backup.contents', { ...m.counts })}
            {withLogs ? ` · ${t('backup.withLogs')}` : ''}
          </span>
        )}
      </p>
      {!backup.valid && backup.error && (
        <p className="page-error hint" data-testid="backup-error">
          {backup.error}
        </p>
      )}
      {verified && (
        <p className={verified.valid ? 'hint' : 'page-error hint'} role="status" data-testid="backup-verify-result">
          {verified.valid ? t('backup.verifyOk') : t('backup.verifyBad', { message: verified.error ?? '' })}
        </p>
      )}
      <div className="source-actions">
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => onVerify(backup.name)} data-testid="backup-verify">
          {t('backup.verify')}
        </button>
        <button type="button" className="button" disabled={busy || !valid} onClick={() => onRestore(backup.name)} data-testid="backup-restore">
          {t('backup.restore')}
        </button>
        <button
          type="button"
          className="button button-secondary button-danger-text"
          disabled={busy}
          onClick={() => onDelete(backup.name)}
          data-testid="backup-delete"
        >
          {t('backup.delete')}
        </button>
      </div>
    </li>
  );
}
