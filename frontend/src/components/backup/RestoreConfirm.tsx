import { useI18n } from '../../lib/I18nContext';
import { formatDateTime } from '../../lib/format';
import type { MessageKey } from '../../lib/i18n';
import type { BackupInspection, BackupReset } from '../../lib/types';
import { formatSize, reasonKey } from './BackupItem';
import { ConfirmDialog } from './ConfirmDialog';

/** Where the check of the archive stands: under way, failed (the call itself), or done. */
export type InspectState = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'done'; inspection: BackupInspection };

interface Props {
  /** The archive's file name, as the user knows it. */
  name: string;
  inspect: InspectState;
  onConfirm(): void;
  onCancel(): void;
}

/** The server's words for values it does not show (a token) or that are unset, as message keys. */
const VALUE_KEYS: Record<string, MessageKey> = {
  '(none)': 'backup.valueNone',
  'a token': 'backup.valueToken',
  'the current token': 'backup.valueCurrentToken',
  'no token': 'backup.valueNoToken',
};

/** One protected setting a restore keeps, in the UI's language. */
export function ResetLine({ reset }: { reset: BackupReset }) {
  const { t } = useI18n();
  const value = (v: string) => (VALUE_KEYS[v] ? t(VALUE_KEYS[v]) : v);
  return (
    <li data-testid="restore-reset" data-key={reset.key} title={reset.message}>
      {t('backup.reset', { key: reset.key, archive: value(reset.archive), kept: value(reset.kept) })}
    </li>
  );
}

/**
 * The confirmation before a restore. It shows what the archive holds, as
 * the server checked it exactly as a restore would (when, by which version
 * and why it was made, its size, its counts, its database schema against
 * the app's, whether it has logs), which protected settings the restore
 * will not take from it, and that the current data is backed up first.
 * Restoring is possible only once the check says the archive is valid.
 */
export function RestoreConfirm({ name, inspect, onConfirm, onCancel }: Props) {
  const { t, lang } = useI18n();
  const inspection = inspect.state === 'done' ? inspect.inspection : null;
  const m = inspection?.manifest;
  return (
    <ConfirmDialog
      title={t('backup.restoreTitle')}
      confirmLabel={t('backup.restoreConfirm')}
      cancelLabel={t('backup.cancel')}
      confirmDisabled={!inspection?.valid}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{t('backup.restoreBody', { name })}</p>
      {inspect.state === 'loading' && (
        <p className="hint" role="status" data-testid="restore-inspecting">
          {t('backup.inspecting')}
        </p>
      )}
      {inspect.state === 'failed' && (
        <p className="error-text" role="alert" data-testid="restore-inspect-error">
          {t('backup.inspectFailed', { message: inspect.message })}
        </p>
      )}
      {inspection && !inspection.valid && (
        <p className="error-text" role="alert" data-testid="restore-inspect-error">
          {t('backup.inspectInvalid', { message: inspection.error ?? '' })}
        </p>
      )}
      {inspection?.valid && m && (
        <ul className="restore-facts" data-testid="restore-facts">
          <li data-testid="restore-made">
            {t('backup.inspectMade', {
              date: formatDateTime(m.created_at, lang) || m.created_at,
              version: m.app_version ? `genkai-rag ${m.app_version}` : t('backup.unknownVersion'),
              reason: t(reasonKey(m.reason), { reason: m.reason }),
            })}
          </li>
          <li data-testid="restore-size">{t('backup.inspectSize', { size: formatSize(inspection.size_bytes) })}</li>
          <li data-testid="restore-contents">{t('backup.inspectContents', { contents: t('backup.contents', { ...m.counts }) })}</li>
          <li data-testid="restore-schema">{t('backup.inspectSchema', { archive: m.schema_version, app: inspection.app_schema_version })}</li>
          {inspection.with_logs && <li data-testid="restore-logs">{t('backup.inspectLogs')}</li>}
        </ul>
      )}
      {inspection?.valid && inspection.resets.length > 0 && (
        <div className="restore-resets" data-testid="restore-resets">
          <p className="hint">{t('backup.resetsTitle')}</p>
          <ul>
            {inspection.resets.map((r) => (
              <ResetLine key={r.key} reset={r} />
            ))}
          </ul>
        </div>
      )}
      <p className="hint" data-testid="restore-safety">
        {t('backup.restoreSafety')}
      </p>
    </ConfirmDialog>
  );
}
