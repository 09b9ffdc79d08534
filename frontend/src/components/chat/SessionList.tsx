import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
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

/**
 * The sessions sidebar: select, new, and per session a menu for rename, export and delete (with confirmation).
 * Each card is one tab stop: Enter opens the conversation, Shift+F10 / the context-menu key / → opens its
 * menu, ↑/↓ move between cards.
 */
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

type MenuAction = 'rename' | 'export-md' | 'export-json' | 'delete';

/** Move focus to the previous/next card's select button (↑/↓ on a card). */
function focusSibling(from: HTMLElement, step: 1 | -1) {
  const list = from.closest('.session-list');
  if (!list) return;
  const cards = Array.from(list.querySelectorAll<HTMLButtonElement>('.session-select:not(:disabled)'));
  const i = cards.indexOf(from as HTMLButtonElement);
  const next = cards[i + step];
  if (next) next.focus();
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
  const [menuOpen, setMenuOpen] = useState(false);
  const [title, setTitle] = useState(session.title);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const name = session.title || t('chat.untitledSession');
  const ids = useId();
  const menuId = `${ids}-menu`;
  const keysId = `${ids}-keys`;
  const cardRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const rowRef = useRef<HTMLLIElement>(null);
  const noRef = useRef<HTMLButtonElement>(null);
  const focusCard = () => requestAnimationFrameSafe(() => cardRef.current?.focus());

  // Opening the menu focuses its first item; a click anywhere outside the card closes it.
  useEffect(() => {
    if (!menuOpen) return;
    menuRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
    function onDown(e: MouseEvent) {
      if (!rowRef.current?.contains(e.target as Node)) setMenuOpen(false);
    }
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [menuOpen]);
  useEffect(() => {
    if (mode === 'confirm') noRef.current?.focus();
  }, [mode]);

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
        onSuccess: () => {
          setMode('view');
          focusCard();
        },
        onError: (err) => setError(t('chat.actionFailed', { message: describeError(err, lang) })),
      },
    );
  }

  function cancel() {
    setMode('view');
    focusCard();
  }

  function choose(action: MenuAction) {
    setMenuOpen(false);
    switch (action) {
      case 'rename':
        setTitle(session.title);
        setMode('rename');
        return;
      case 'delete':
        setMode('confirm');
        return;
      case 'export-md':
      case 'export-json':
        focusCard();
        void doExport(action === 'export-md' ? 'markdown' : 'json');
    }
  }

  function onCardKey(e: KeyboardEvent<HTMLButtonElement>) {
    if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu' || e.key === 'ArrowRight') {
      e.preventDefault();
      setMenuOpen(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusSibling(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
    }
  }

  function onMenuKey(e: KeyboardEvent<HTMLUListElement>) {
    const items = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)'));
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    const go = (n: number) => items[(n + items.length) % items.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        go(i + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        go(i - 1);
        break;
      case 'Home':
        e.preventDefault();
        go(0);
        break;
      case 'End':
        e.preventDefault();
        go(items.length - 1);
        break;
      case 'Escape':
      case 'ArrowLeft':
        e.preventDefault();
        setMenuOpen(false);
        cardRef.current?.focus();
        break;
      case 'Tab':
        setMenuOpen(false);
        break;
    }
  }

  const item = (action: MenuAction, label: string, isDisabled = false, danger = false) => (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className={danger ? 'menu-danger' : undefined}
        data-testid={`session-${action}`}
        disabled={isDisabled}
        onClick={() => choose(action)}
      >
        {label}
      </button>
    </li>
  );

  return (
    <li ref={rowRef} className={`session${active ? ' session-active' : ''}`} data-testid="chat-session">
      {mode === 'rename' ? (
        <form className="session-rename" onSubmit={onRename}>
          <input
            className="search-input"
            data-testid="session-rename-input"
            aria-label={t('chat.renameLabel')}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                cancel();
              }
            }}
            autoFocus
          />
          <button type="submit" className="button button-small" data-testid="session-rename-save" disabled={rename.isPending}>
            {t('chat.save')}
          </button>
          <button type="button" className="button button-secondary button-small" onClick={cancel}>
            {t('chat.cancel')}
          </button>
        </form>
      ) : (
        <div className="session-card" onContextMenu={(e) => {
          e.preventDefault();
          setMenuOpen(true);
        }}>
          <button
            ref={cardRef}
            type="button"
            className="session-select"
            data-testid="session-select"
            aria-current={active ? 'true' : undefined}
            aria-describedby={keysId}
            disabled={disabled && !active}
            onClick={() => onSelect(session.id)}
            onKeyDown={onCardKey}
            title={name}
          >
            <span className="session-title">{name}</span>
            <span className="session-date">{formatDateTime(session.updated_at, lang)}</span>
          </button>
          <span id={keysId} className="visually-hidden">
            {t('chat.sessionKeys')}
          </span>
          <button
            type="button"
            className="session-menu-button"
            data-testid="session-menu"
            tabIndex={-1}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            aria-controls={menuOpen ? menuId : undefined}
            aria-label={t('chat.sessionMenu', { name })}
            title={t('chat.sessionMenu', { name })}
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span aria-hidden="true">⋯</span>
          </button>
        </div>
      )}
      {menuOpen && mode === 'view' && (
        <ul ref={menuRef} id={menuId} role="menu" className="session-menu" aria-label={t('chat.sessionMenu', { name })} data-testid="session-actions" onKeyDown={onMenuKey}>
          {item('rename', t('chat.rename'), disabled)}
          {item('export-md', t('chat.exportMarkdown'))}
          {item('export-json', t('chat.exportJSON'))}
          {item('delete', t('chat.delete'), disabled, true)}
        </ul>
      )}
      {mode === 'confirm' && (
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
                  focusCard();
                },
              })
            }
          >
            {t('sources.yes')}
          </button>
          <button ref={noRef} type="button" className="button button-secondary button-small" data-testid="session-delete-no" onClick={cancel}>
            {t('sources.no')}
          </button>
        </div>
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

/** Run fn after the next paint (so a button that is being re-rendered exists), or at once without rAF. */
function requestAnimationFrameSafe(fn: () => void) {
  if (typeof window.requestAnimationFrame === 'function') window.requestAnimationFrame(fn);
  else fn();
}
