import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useI18n } from '../../lib/I18nContext';
import { MAX_QUESTION_CHARS, questionLength } from '../../lib/chatQueries';

interface Props {
  busy: boolean;
  /** Text to put back into the box (e.g. a question that could not be sent). */
  value: string;
  onChange(v: string): void;
  onSend(question: string): void;
  onStop(): void;
}

/**
 * The question box: Enter sends, Shift+Enter makes a new line, Escape stops a running answer; blank or too long
 * questions are not sent. It takes the focus when it appears, unless the user has already focused something else
 * (e.g. the navigation button that opened the chat page).
 */
export function QuestionInput({ busy, value, onChange, onSend, onStop }: Props) {
  const { t } = useI18n();
  const boxRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const current = document.activeElement;
    if (!current || current === document.body || current === document.documentElement) boxRef.current?.focus();
  }, []);
  const [composing, setComposing] = useState(false);
  const n = questionLength(value);
  const tooLong = n > MAX_QUESTION_CHARS;
  const canSend = !busy && n > 0 && !tooLong;

  function send() {
    if (canSend) onSend(value.trim());
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape' && busy) {
      e.preventDefault();
      onStop();
      return;
    }
    // Enter while an input method is composing (Japanese) confirms the conversion.
    if (e.key !== 'Enter' || e.shiftKey || composing || e.nativeEvent.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    send();
  }
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    send();
  }

  return (
    <form className="chat-input" onSubmit={onSubmit} data-testid="chat-form">
      <label className="visually-hidden" htmlFor="chat-question">
        {t('chat.questionLabel')}
      </label>
      <textarea
        id="chat-question"
        ref={boxRef}
        className="chat-textarea"
        data-testid="chat-input"
        rows={3}
        value={value}
        placeholder={t('chat.placeholder')}
        aria-invalid={tooLong || undefined}
        aria-describedby="chat-question-count"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onCompositionStart={() => setComposing(true)}
        onCompositionEnd={() => setComposing(false)}
      />
      <div className="chat-input-bar">
        <span id="chat-question-count" className={tooLong ? 'error-text' : 'hint'} data-testid="chat-count">
          {tooLong ? t('chat.tooLong', { count: n, max: MAX_QUESTION_CHARS }) : t('chat.count', { count: n, max: MAX_QUESTION_CHARS })}
        </span>
        <span className="hint chat-keys">{t('chat.keysHint')}</span>
        {busy ? (
          <button type="button" className="button button-danger" data-testid="chat-stop" onClick={onStop}>
            {t('chat.stop')}
          </button>
        ) : (
          <button type="submit" className="button" data-testid="chat-send" disabled={!canSend}>
            {t('chat.send')}
          </button>
        )}
      </div>
    </form>
  );
}
