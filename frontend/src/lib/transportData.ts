// Pure helpers of the transport (backend.ts): filling in what a backend
// left out of an answer, a session or a model list, and collecting a
// streamed answer's events. No I/O here.
import type { ChatAnswer, ChatCitation, ChatEvent, Conversation, ModelsList, PullProgress } from './types';

/** Arrays stay arrays; null or anything else becomes []. */
export function arrayOf<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** What a finished (or stopped) answer stream gives: the answer, and the error that cut it short if any. */
export interface AnswerOutcome {
  answer: ChatAnswer;
  /** Set when the answer was interrupted (the partial answer is kept in the session). */
  error?: string;
}

/** Fill in whatever a backend left out of an answer (citations: null …). */
export function normaliseAnswer(a: Partial<ChatAnswer> | null | undefined): ChatAnswer {
  const v = a ?? {};
  return {
    session_id: v.session_id ?? '',
    question_id: v.question_id ?? 0,
    message_id: v.message_id ?? 0,
    kind: v.kind ?? 'answer',
    text: v.text ?? '',
    citations: arrayOf<ChatCitation>(v.citations),
    model: v.model,
    status: v.status ?? 'complete',
    mode: v.mode ?? '',
    note: v.note,
    cached: v.cached === true,
    timing: v.timing ?? { retrieval_ms: 0, total_ms: 0 },
  };
}

/** Collects a stream's events so an answer can be built when it ends without "done" (stopped). */
export class AnswerCollector {
  sessionId = '';
  text = '';
  citations: ChatCitation[] = [];
  done: ChatAnswer | undefined;
  error: string | undefined;

  constructor(private readonly onEvent: (ev: ChatEvent) => void) {}

  push(ev: ChatEvent): void {
    switch (ev.type) {
      case 'start':
        this.sessionId = ev.session_id ?? this.sessionId;
        break;
      case 'citations':
        this.citations = arrayOf<ChatCitation>(ev.citations);
        break;
      case 'token':
        this.text += ev.text ?? '';
        break;
      case 'done':
        this.done = normaliseAnswer(ev.answer);
        break;
      case 'error':
        this.error = ev.text || 'the answer failed';
        break;
    }
    this.onEvent(ev.type === 'done' && this.done ? { ...ev, answer: this.done } : ev);
  }

  /** The answer so far, marked stopped (what the backend stored when we went away). */
  stopped(): AnswerOutcome {
    if (this.done) return { answer: this.done };
    return {
      answer: normaliseAnswer({
        session_id: this.sessionId,
        kind: 'answer',
        text: this.text,
        citations: this.citations,
        status: 'stopped',
      }),
    };
  }

  /** The stream ended normally. */
  finish(): AnswerOutcome {
    if (this.done) return { answer: this.done, error: this.error };
    throw new Error(this.error ?? 'the answer stream ended before the answer was complete');
  }
}

export function normaliseConversation(c: Partial<Conversation> | null | undefined): Conversation {
  const v = c ?? {};
  return {
    id: v.id ?? '',
    title: v.title ?? '',
    created_at: v.created_at ?? '',
    updated_at: v.updated_at ?? '',
    messages: v.messages ?? 0,
    history: arrayOf<Conversation['history'][number]>(v.history).map((m) => ({
      ...m,
      citations: arrayOf<ChatCitation>(m.citations),
    })),
  };
}

/** "attachment; filename="x.md"" → x.md */
export function filenameFrom(disposition: string | null, fallback: string): string {
  const m = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return m ? m[1] : fallback;
}

export function normaliseModels(v: Partial<ModelsList> | null | undefined): ModelsList {
  return {
    models: arrayOf<ModelsList['models'][number]>(v?.models),
    current_model: v?.current_model ?? '',
    embedding_model: v?.embedding_model ?? '',
    recommended: arrayOf<ModelsList['recommended'][number]>(v?.recommended),
  };
}

export function normaliseProgress(p: Partial<PullProgress> | null | undefined): PullProgress {
  const v = p ?? {};
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return {
    status: v.status ?? '',
    completed: num(v.completed),
    total: num(v.total),
    percent: num(v.percent),
    rate_bytes_per_second: num(v.rate_bytes_per_second),
    eta_seconds: num(v.eta_seconds),
    done: v.done === true,
    error: v.error || undefined,
  };
}
