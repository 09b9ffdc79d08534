import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CommandCode } from '../components/CommandCode';
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { BackupItem, formatSize } from '../components/backup/BackupItem';
import { ConfirmDialog } from '../components/backup/ConfirmDialog';
import { RestoreConfirm, type InspectState } from '../components/backup/RestoreConfirm';
import {
  capabilities,
  createBackup,
  deleteBackup,
  inspectBackup,
  inspectBackupFile,
  listBackups,
  onBackupProgress,
  openBackupFolder,
  pickBackupFile,
  restoreBackup,
  restoreBackupFile,
  uploadBackup,
  verifyBackup,
} from '../lib/backend';
import { useI18n } from '../lib/I18nContext';
import type { MessageKey } from '../lib/i18n';
import type { BackupProgress, BackupVerifyResult } from '../lib/types';
import { describeError } from '../lib/errors';

export const backupsKey = ['backups'] as const;

type Work = 'create' | 'restore' | 'upload' | 'verify' | 'delete' | 'pick';

/** What a restore will read: an archive in the list, or a file the user picked (desktop). */
type RestoreTarget = { kind: 'name'; name: string } | { kind: 'file'; path: string };

type Pending = { type: 'restore'; target: RestoreTarget; inspect: InspectState } | { type: 'delete'; name: string };

interface Notice {
  ok: boolean;
  text: string;
}

const WORK_LABEL: Partial<Record<Work, MessageKey>> = {
  create: 'backup.creating',
  restore: 'backup.restoring',
  upload: 'backup.uploading',
  verify: 'backup.verifying',
};

function targetName(t: RestoreTarget): string {
  if (t.kind === 'name') return t.name;
  const parts = t.path.split(/[\\/]/);
  return parts[parts.length - 1] || t.path;
}

/**
 * The Backup page: create (optionally with logs), list with contents and
 * validity, verify, restore with confirmation (the current data is backed
 * up first), delete, open the folder (desktop) and restore a file the user
 * picks (desktop: file dialog; browser: upload, then restore).
 */
export function BackupPage() {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const desktop = capabilities().backupFiles;
  const list = useQuery({ queryKey: backupsKey, queryFn: listBackups });
  const [includeLogs, setIncludeLogs] = useState(false);
  const [work, setWork] = useState<Work | null>(null);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [verified, setVerified] = useState<Record<string, BackupVerifyResult>>({});
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => onBackupProgress((p) => setProgress(p.phase === 'done' ? null : p)), []);

  /** Run one operation at a time; report its outcome; refresh the list. */
  const run = useCallback(
    async <T,>(kind: Work, op: () => Promise<T>, done: (v: T) => Notice | null): Promise<T | undefined> => {
      setWork(kind);
      setProgress(null);
      setNotice(null);
      try {
        const v = await op();
        setNotice(done(v));
        return v;
      } catch (e) {
        setNotice({ ok: false, text: t('backup.failed', { message: describeError(e, lang) }) });
        return undefined;
      } finally {
        setWork(null);
        setProgress(null);
        void client.invalidateQueries({ queryKey: backupsKey });
      }
    },
    [client, t],
  );

  const onCreate = () =>
    void run('create', () => createBackup(includeLogs), (info) => ({
      ok: true,
      text: t('backup.created', { name: info.name, size: formatSize(info.size_bytes) }),
    }));

  const onVerify = (name: string) =>
    void run('verify', () => verifyBackup(name), (v) => {
      setVerified((prev) => ({ ...prev, [name]: v }));
      return null;
    });

  /**
   * Open the restore confirmation and have the server check the archive as
   * a restore would; the dialog shows what it holds once that answers.
   */
  const askRestore = (target: RestoreTarget) => {
    setPending({ type: 'restore', target, inspect: { state: 'loading' } });
    const check = target.kind === 'name' ? inspectBackup(target.name) : inspectBackupFile(target.path);
    const settle = (inspect: InspectState) =>
      setPending((p) => (p?.type === 'restore' && p.target === target ? { ...p, inspect } : p));
    check.then(
      (inspection) => settle({ state: 'done', inspection }),
      (e: unknown) => settle({ state: 'failed', message: describeError(e, lang) }),
    );
  };

  const doRestore = async (target: RestoreTarget) => {
    const res = await run(
      'restore',
      () => (target.kind === 'name' ? restoreBackup(target.name) : restoreBackupFile(target.path)),
      (r) => {
        const text = t('backup.restored', { name: targetName(target), pre: r.pre_restore_backup });
        const kept = r.resets?.length ?? 0;
        return { ok: true, text: kept > 0 ? `${text} ${t('backup.restoredResets', { count: kept })}` : text };
      },
    );
    // Everything may have changed: sources, sessions, settings.
    if (res) void client.invalidateQueries();
  };

  const doDelete = (name: string) =>
    void run('delete', () => deleteBackup(name), () => {
      setVerified((prev) => {
        const next = { ...prev };
        delete next[name];
        return next;
      });
      return { ok: true, text: t('backup.deleted', { name }) };
    });

  const onPick = async () => {
    const path = await run('pick', pickBackupFile, () => null);
    if (path) askRestore({ kind: 'file', path });
  };

  const onUpload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const info = await run('upload', () => uploadBackup(file), (i) => ({ ok: true, text: t('backup.uploaded', { name: i.name }) }));
    if (info) askRestore({ kind: 'name', name: info.name });
  };

  const confirm = () => {
    const p = pending;
    setPending(null);
    if (!p) return;
    if (p.type === 'restore') {
      if (p.inspect.state === 'done' && p.inspect.inspection.valid) void doRestore(p.target);
    } else doDelete(p.name);
  };
  const cancel = useCallback(() => setPending(null), []);

  const busy = work !== null;
  const label = work ? WORK_LABEL[work] : undefined;
  const percent = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  const backups = list.data?.backups ?? [];

  return (
    <section className="page" data-testid="page-backup" aria-busy={busy}>
      <h2 className="page-title">{t('nav.backup')}</h2>
      <p className="page-desc">{t('backup.intro')}</p>

      {label && (
        <div className="sync-panel" role="status" data-testid="backup-progress">
          <p className="sync-heading">{t(label)}</p>
          <div className="sync-bar-row">
            {percent === null ? <progress className="sync-bar" /> : <progress className="sync-bar" max={100} value={percent} />}
            {percent !== null && <span>{t('backup.progress', { percent })}</span>}
          </div>
        </div>
      )}
      {notice && (
        <p className={notice.ok ? 'hint backup-notice' : 'error-text hint backup-notice'} role={notice.ok ? 'status' : 'alert'} data-testid="backup-notice">
          {notice.text}
        </p>
      )}

      <div className="card">
        <h3>{t('backup.createTitle')}</h3>
        <label className="backup-option">
          <input type="checkbox" checked={includeLogs} onChange={(e) => setIncludeLogs(e.target.checked)} data-testid="backup-include-logs" />{' '}
          {t('backup.includeLogs')}
        </label>
        <div className="form-actions">
          <button type="button" className="button" disabled={busy} onClick={onCreate} data-testid="backup-create">
            {t('backup.create')}
          </button>
        </div>
      </div>

      <div className="card" data-testid="backup-list">
        <h3>{t('backup.listTitle')}</h3>
        {list.data?.folder && (
          <p className="hint backup-folder">
            <span data-testid="backup-folder">{t('backup.folder', { path: list.data.folder })}</span>{' '}
            {desktop && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void openBackupFolder().catch((e: Error) => setNotice({ ok: false, text: t('backup.failed', { message: describeError(e, lang) }) }))}
                data-testid="backup-open-folder"
              >
                {t('backup.openFolder')}
              </button>
            )}
          </p>
        )}
        {list.isError && !list.data ? (
          <p className="error-text" role="alert" data-testid="backup-list-error">
            {t('backup.loadFailed', { message: describeError(list.error, lang) })}
          </p>
        ) : !list.data ? (
          <p className="hint">{t('backup.loading')}</p>
        ) : backups.length === 0 ? (
          <p className="search-empty" data-testid="backup-empty">
            {t('backup.empty')}
          </p>
        ) : (
          <ul className="sources" aria-label={t('backup.listLabel')}>
            {backups.map((b) => (
              <BackupItem
                key={b.name}
                backup={b}
                verified={verified[b.name]}
                busy={busy}
                onVerify={onVerify}
                onRestore={(name) => askRestore({ kind: 'name', name })}
                onDelete={(name) => setPending({ type: 'delete', name })}
              />
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <h3>{t('backup.fileTitle')}</h3>
        <p className="hint">{t('backup.fileHint')}</p>
        <div className="form-actions">
          {desktop ? (
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => void onPick()} data-testid="backup-pick">
              {t('backup.pickFile')}
            </button>
          ) : (
            <label className="field">
              <span>{t('backup.chooseFile')}</span>
              <input
                ref={fileInput}
                type="file"
                accept=".gz,.tgz,application/gzip"
                disabled={busy}
                onChange={(e) => void onUpload(e)}
                data-testid="backup-upload"
              />
            </label>
          )}
        </div>
        <div className="cli-hint">
          <p className="hint">{t('backup.cliHint')}</p>
          <ul className="commands">
            <li>
              <CommandCode command="genkai-rag backup create" />
            </li>
            <li>
              <CommandCode command="genkai-rag backup restore FILE" />
            </li>
          </ul>
        </div>
      </div>

      {pending?.type === 'restore' && (
        <RestoreConfirm name={targetName(pending.target)} inspect={pending.inspect} onConfirm={confirm} onCancel={cancel} />
      )}
      {pending?.type === 'delete' && (
        <ConfirmDialog
          title={t('backup.deleteTitle')}
          confirmLabel={t('backup.deleteConfirm')}
          cancelLabel={t('backup.cancel')}
          danger
          onConfirm={confirm}
          onCancel={cancel}
        >
          <p>{t('backup.deleteBody', { name: pending.name })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
