import { useState, type FormEvent } from 'react';
import { capabilities, exportSession, copyText } from '../../lib/backend';
import { useDeleteSession, useRenameSession, useSessions } from '../../lib/chatQueries';
import { useI18n } from '../../lib/I18nContext';
import { formatDateTime } from '../../lib/format';
import type { ChatSession, ExportFormat } from '../../lib/types';
import { describeError } from '../../lib/errors';

interface Props {
  selected: string;
  disabled: boolean;
  onSelect(id: string): void;
  onNew(): void;
}

/** Save text as a file in a browser (a download); the desktop app copies it instead. */
function saveFile(filename: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The sessions sidebar: select, new, rename, delete (with confirmation), export. */
export function SessionList({ selected, disabled, onSelect, onNew }: Props) {
  const { t, lang } = useI18n();
  const sessions = useSessions();
  const list = sessions.data ?? [];
  return (
    <aside className="chat-sessions" aria-label={t('chat.sessions')} data-testid="chat-sessions">
      <button type="button" className="button chat-new" data-testid="chat-new" onClick={onNew} disabled={disabled}>
        {t('chat.newChat')}
      </button>
      {sessions.isPending && <p className="hint">{t('chat.sessionsLoading')}</p>}
      {sessions.isError && (
        <p className="error-text" role="alert" data-testid="chat-sessions-error">
          {t('chat.sessionsFailed', { message: describeError(sessions.error, lang) })}
        </p>
      )}
      {sessions.isSuccess && list.length === 0 && (
        <p className="hint" data-testid="chat-sessions-empty">
          {t('chat.noSessions')}
        </p>
      )}
      <ul className="session-list">
        {list.map((s) => (
          <SessionRow key={s.id} session={s} active={s.id === selected} disabled={disabled} onSelect={onSelect} onDeleted={() => s.id === selected && onNew()} />
        ))}
      </ul>
    </aside>
  );
}

function SessionRow({
  session,
  active,
  disabled,
  onSelect,
  onDeleted,
}: {
  session: ChatSession;
  active: boolean;
  disabled: boolean;
  onSelect(id: string): void;
  onDeleted(): void;
}) {
  const { t, lang } = useI18n();
  const rename = useRenameSession();
  const remove = useDeleteSession();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm'>('view');
  const [title, setTitle] = useState(session.title);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const name = session.title || t('chat.untitledSession');

  async function doExport(format: ExportFormat) {
    setError('');
    setNotice('');
    try {
      const e = await exportSession(session.id, format);
      if (!capabilities().downloads) {
        await copyText(e.content);
        setNotice(t('chat.exportCopied', { name: e.filename }));
      } else {
        saveFile(e.filename, e.content, format === 'json' ? 'application/json' : 'text/markdown');
        setNotice(t('chat.exported', { name: e.filename }));
      }
    } catch (err) {
      setError(t('chat.actionFailed', { message: describeError(err, lang) }));
    }
  }

  function onRename(e: FormEvent) {
    e.preventDefault();
    const next = title.trim();
    if (!next) {
      setError(t('chat.renameEmpty'));
      return;
    }
    setError('');
    rename.mutate(
      { id: session.id, title: next },
      {
        onSuccess: () => setMode('view'),
        onError: (err) => setError(t('chat.actionFailed', { message: describeError(err, lang) })),
      },
    );
  }

  return (
    <li className={`session${active ? ' session-active' : ''}`} data-testid="chat-session">
      {mode === 'rename' ? (
        <form className="session-rename" onSubmit={onRename}>
          <input
            className="search-input"
            data-testid="session-rename-input"
            aria-label={t('chat.renameLabel')}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            autoFocus
          />
          <button type="submit" className="button button-small" data-testid="session-rename-save" disabled={rename.isPending}>
            {t('chat.save')}
          </button>
          <button type="button" className="button button-secondary button-small" onClick={() => setMode('view')}>
            {t('chat.cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="session-select"
          data-testid="session-select"
          aria-current={active ? 'true' : undefined}
          disabled={disabled && !active}
          onClick={() => onSelect(session.id)}
          title={name}
        >
          <span className="session-title">{name}</span>
          <span className="session-date">{formatDateTime(session.updated_at, lang)}</span>
        </button>
      )}
      {mode === 'confirm' ? (
        <div className="confirm" data-testid="session-confirm">
          <span>{t('chat.deleteConfirm')}</span>
          <button
            type="button"
            className="button button-danger button-small"
            data-testid="session-delete-yes"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(session.id, {
                onSuccess: onDeleted,
                onError: (err) => {
                  setMode('view');
                  setError(t('chat.actionFailed', { message: describeError(err, lang) }));
                },
              })
            }
          >
            {t('sources.yes')}
          </button>
          <button type="button" className="button button-secondary button-small" onClick={() => setMode('view')}>
            {t('sources.no')}
          </button>
        </div>
      ) : (
        mode === 'view' && (
          <div className="session-actions">
            <button type="button" className="link-button" data-testid="session-rename" disabled={disabled} onClick={() => { setTitle(session.title); setMode('rename'); }}>
              {t('chat.rename')}
            </button>
            <button type="button" className="link-button" data-testid="session-export-md" onClick={() => void doExport('markdown')}>
              {t('chat.exportMarkdown')}
            </button>
            <button type="button" className="link-button" data-testid="session-export-json" onClick={() => void doExport('json')}>
              {t('chat.exportJSON')}
            </button>
            <button type="button" className="link-button link-danger" data-testid="session-delete" disabled={disabled} onClick={() => setMode('confirm')}>
              {t('chat.delete')}
            </button>
          </div>
        )
      )}
      {notice && <p className="hint" data-testid="session-notice">{notice}</p>}
      {error && (
        <p className="error-text" role="alert" data-testid="session-error">
          {error}
        </p>
      )}
    </li>
  );
}
