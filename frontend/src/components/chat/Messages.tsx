import { useState } from 'react';
import { copyText } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import type { ChatCitation } from '../../lib/types';
import { CitationChip, CitationList } from './Citations';
import { Markdown } from './Markdown';

export function UserMessage({ text }: { text: string }) {
  const { t } = useI18n();
  return (
    <div className="msg msg-user" data-testid="msg-user">
      <span className="visually-hidden">{t('chat.you')}: </span>
      <p className="msg-user-text">{text}</p>
    </div>
  );
}

export interface AssistantView {
  key: string;
  kind: string;
  status: string;
  text: string;
  citations: ChatCitation[];
  note?: string;
  model?: string;
  error?: string;
  streaming: boolean;
}

interface Props {
  msg: AssistantView;
  /** Regenerate/retry are offered for the last answer only. */
  canRegenerate: boolean;
  onRegenerate?(): void;
}

/** One answer: labelled by kind and status, Markdown with citation chips, its sources and actions. */
export function AssistantMessage({ msg, canRegenerate, onRegenerate }: Props) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const byN = new Map(msg.citations.map((c) => [c.n, c]));
  const refusal = msg.kind === 'refusal';
  const searchResults = msg.kind === 'search_results';

  return (
    <div
      className={`msg msg-assistant${refusal ? ' msg-refusal' : ''}${searchResults ? ' msg-search' : ''}`}
      data-testid="msg-assistant"
      data-kind={msg.kind}
      data-status={msg.status}
      aria-busy={msg.streaming || undefined}
    >
      {refusal && (
        <p className="msg-label msg-label-refusal" data-testid="msg-refusal">
          {t('chat.refusal')}
        </p>
      )}
      {searchResults && (
        <p className="msg-label msg-label-search" data-testid="msg-search-results">
          {t('chat.searchResults')}
        </p>
      )}
      {msg.note && <p className="hint msg-note">{msg.note}</p>}
      {msg.text === '' && msg.streaming ? (
        <p className="hint" data-testid="msg-waiting">
          {t('chat.thinking')}
        </p>
      ) : (
        <div data-testid="msg-body">
          <Markdown
            source={msg.text}
            renderCite={(n, key) => {
              const c = byN.get(n);
              return c ? <CitationChip key={key} citation={c} messageKey={msg.key} /> : null;
            }}
          />
        </div>
      )}
      {msg.status === 'interrupted' && (
        <p className="msg-status error-text" role="alert" data-testid="msg-interrupted">
          {t('chat.interrupted')}
          {msg.error ? ` (${msg.error})` : ''}
        </p>
      )}
      {msg.status === 'stopped' && (
        <p className="msg-status hint" data-testid="msg-stopped">
          {t('chat.stopped')}
        </p>
      )}
      <CitationList citations={msg.citations} messageKey={msg.key} title={refusal ? t('chat.nearestPages') : t('chat.sources')} />
      {!msg.streaming && (
        <div className="msg-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            data-testid="msg-copy"
            onClick={() =>
              void copyText(msg.text).then(
                () => setCopied('copied'),
                () => setCopied('failed'),
              )
            }
          >
            {copied === 'copied' ? t('chat.copied') : copied === 'failed' ? t('chat.copyFailed') : t('chat.copyAnswer')}
          </button>
          {canRegenerate && onRegenerate && msg.status === 'interrupted' && (
            <button type="button" className="button" data-testid="msg-retry" onClick={onRegenerate}>
              {t('chat.retry')}
            </button>
          )}
          {canRegenerate && onRegenerate && msg.status !== 'interrupted' && (
            <button type="button" className="button button-secondary button-small" data-testid="msg-regenerate" onClick={onRegenerate}>
              {t('chat.regenerate')}
            </button>
          )}
          {msg.model && <span className="hint msg-model">{msg.model}</span>}
        </div>
      )}
    </div>
  );
}
