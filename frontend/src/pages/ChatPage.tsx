import { useEffect, useRef, useState } from 'react';
import { useLastSession } from '../lib/lastSession';
import { AssistantMessage, UserMessage, type AssistantView } from '../components/chat/Messages';
import { QuestionInput } from '../components/chat/QuestionInput';
import { SessionList } from '../components/chat/SessionList';
import { useAnswerStream, useConversation } from '../lib/chatQueries';
import { useI18n } from '../lib/I18nContext';
import type { ChatMessage } from '../lib/types';
import { describeError } from '../lib/errors';

function storedView(m: ChatMessage): AssistantView {
  return {
    key: String(m.id),
    kind: m.kind,
    status: m.status,
    text: m.content,
    citations: m.citations,
    model: m.model,
    streaming: false,
  };
}

/** Chat: sessions on the left, the conversation and the question box on the right. */
export function ChatPage() {
  const { t, lang } = useI18n();
  const [selected, setSelected] = useLastSession(); // reopens the last conversation after a reload
  const [draft, setDraft] = useState('');
  const answer = useAnswerStream((id) => setSelected(id));
  const conv = useConversation(selected);
  const endRef = useRef<HTMLDivElement>(null);

  const pending = answer.pending && (answer.pending.sessionId === selected || answer.pending.sessionId === '') ? answer.pending : null;
  const history = conv.data && conv.data.id === selected ? conv.data.history : [];
  const shown = pending ? history.slice(0, pending.baseCount) : history;
  const lastAssistant = pending ? -1 : shown.map((m) => m.role).lastIndexOf('assistant');

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [shown.length, pending?.text, pending?.phase]);

  async function send(question: string) {
    setDraft('');
    const ok = await answer.ask(question, selected, selected ? history.length : 0);
    if (!ok) setDraft((d) => d || question); // keep what the user typed
  }

  function regenerate() {
    const lastUser = history.map((m) => m.role).lastIndexOf('user');
    if (lastUser < 0 || !selected) return;
    void answer.regenerate(selected, history[lastUser].content, lastUser);
  }

  return (
    <section className="page page-chat" data-testid="page-chat">
      <h2 className="page-title visually-hidden">{t('nav.chat')}</h2>
      <div className="chat-layout">
        <SessionList
          selected={selected}
          disabled={answer.busy}
          onSelect={(id) => {
            answer.clearFailure();
            setSelected(id);
          }}
          onNew={() => {
            answer.clearFailure();
            setSelected('');
          }}
        />
        <div className="chat-main">
          <div className="chat-messages" data-testid="chat-messages" aria-live="polite">
            {selected === '' && !pending && <p className="hint chat-empty" data-testid="chat-empty">{t('chat.empty')}</p>}
            {selected !== '' && conv.isPending && !pending && <p className="hint">{t('chat.loading')}</p>}
            {conv.isError && (
              <p className="error-text" role="alert" data-testid="chat-load-error">
                {t('chat.loadFailed', { message: describeError(conv.error, lang) })}
              </p>
            )}
            {shown.map((m, i) =>
              m.role === 'user' ? (
                <UserMessage key={m.id} text={m.content} />
              ) : (
                <AssistantMessage key={m.id} msg={storedView(m)} canRegenerate={i === lastAssistant && !answer.busy} onRegenerate={regenerate} />
              ),
            )}
            {!pending && shown.length > 0 && shown[shown.length - 1].role === 'user' && (
              <div className="msg msg-assistant" data-testid="msg-unanswered">
                <p className="hint">{t('chat.unanswered')}</p>
                <button type="button" className="button" data-testid="msg-unanswered-retry" disabled={answer.busy} onClick={regenerate}>
                  {t('chat.retry')}
                </button>
              </div>
            )}
            {pending && (
              <>
                <UserMessage text={pending.question} />
                <AssistantMessage
                  msg={{
                    key: 'pending',
                    kind: pending.answer?.kind ?? 'answer',
                    status: pending.answer?.status ?? (pending.error ? 'interrupted' : 'complete'),
                    text: pending.text,
                    citations: pending.citations,
                    note: pending.answer?.note,
                    model: pending.answer?.model,
                    error: pending.error,
                    streaming: pending.phase !== 'finished',
                  }}
                  canRegenerate={pending.phase === 'finished' && !answer.busy}
                  onRegenerate={regenerate}
                />
              </>
            )}
            {answer.failure && (
              <p className="error-text" role="alert" data-testid="chat-error">
                {t('chat.failed', { message: answer.failure })}
              </p>
            )}
            <div ref={endRef} />
          </div>
          <QuestionInput busy={answer.busy} value={draft} onChange={setDraft} onSend={(q) => void send(q)} onStop={answer.stop} />
        </div>
      </div>
    </section>
  );
}
