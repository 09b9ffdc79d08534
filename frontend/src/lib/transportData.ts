// Pure helpers of both transports (transport/wails.ts, transport/http.ts):
// filling in what a backend left out of an answer, a session, a status or a
// list, and collecting a streamed answer's events. No I/O here.
import type {
  BackupInfo,
  BackupInspection,
  BackupList,
  BackupReset,
  ChatAnswer,
  ChatCitation,
  ChatEvent,
  Conversation,
  CurrentModels,
  ExportedSession,
  ExportFormat,
  ModelsList,
  PullProgress,
  SearchResult,
  SourcePolicy,
  SyncProgress,
  SyncStatus,
} from './types';
import type { AlertReport, History, LogPage, MaintenancePage } from './monitorTypes';

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

/** What a pull that was cancelled (here or elsewhere) resolves to. */
export const CANCELLED: PullProgress = normaliseProgress({ status: 'cancelled', done: true });

/** The models in use from a switch answer: {current: {...}} (HTTP) or the pair itself (desktop). */
export function normaliseCurrent(v: Record<string, unknown> | null | undefined): CurrentModels {
  const cur = (v?.current ?? v) as Partial<CurrentModels> | undefined;
  return { model_name: cur?.model_name ?? '', embedding_model: cur?.embedding_model ?? '' };
}

/** The Go side never sends hits: null, but be safe about it. */
export function normaliseResult(r: SearchResult): SearchResult {
  return { ...r, hits: Array.isArray(r?.hits) ? r.hits : [] };
}

const EMPTY_PROGRESS: SyncProgress = { done: 0, total: 0, chunks: 0, errors: 0, url: '' };

/** Fill in whatever a (possibly older or partial) backend left out of a sync status. */
export function normaliseSyncStatus(s: Partial<SyncStatus> | null | undefined): SyncStatus {
  const v = s ?? {};
  return {
    running: v.running === true,
    source_id: typeof v.source_id === 'number' ? v.source_id : 0,
    kind: typeof v.kind === 'string' ? v.kind : '',
    location: typeof v.location === 'string' ? v.location : '',
    started_at: typeof v.started_at === 'string' ? v.started_at : '',
    finished_at: typeof v.finished_at === 'string' ? v.finished_at : '',
    progress: { ...EMPTY_PROGRESS, ...(v.progress ?? {}) },
    report: v.report ? { ...v.report, failed: v.report.failed ?? [], skipped: v.report.skipped ?? [] } : null,
    error: typeof v.error === 'string' ? v.error : '',
    ...(typeof v.error_code === 'string' && v.error_code ? { error_code: v.error_code } : {}),
  };
}

/** The open policy: what the desktop app and an older server (no "policy") apply. */
export const OPEN_POLICY: SourcePolicy = { policy: 'open', source_roots: [], allow_private_sites: false };

/** Read the policy of GET /api/sources; anything unexpected is the open policy. */
export function normaliseSourcePolicy(v: unknown): SourcePolicy {
  const p = (v ?? {}) as Partial<SourcePolicy>;
  if (p.policy !== 'restricted') return OPEN_POLICY;
  return {
    policy: 'restricted',
    source_roots: arrayOf<unknown>(p.source_roots).filter((r): r is string => typeof r === 'string'),
    allow_private_sites: p.allow_private_sites === true,
  };
}

export function normaliseBackupList(v: Partial<BackupList> | null | undefined): BackupList {
  return { folder: typeof v?.folder === 'string' ? v.folder : '', backups: arrayOf<BackupInfo>(v?.backups) };
}

export function normaliseInspection(v: BackupInspection): BackupInspection {
  return { ...v, resets: arrayOf<BackupReset>(v?.resets) };
}

/** The file name an export falls back to when the backend gave none. */
export function exportFallbackName(format: ExportFormat): string {
  return `session.${format === 'json' ? 'json' : 'md'}`;
}

export function normaliseExport(e: Partial<ExportedSession> | null | undefined, format: ExportFormat): ExportedSession {
  return { filename: e?.filename ?? exportFallbackName(format), content: e?.content ?? '' };
}

export function normaliseAlerts(r: AlertReport): AlertReport {
  return { ...r, active: arrayOf(r?.active), recent: arrayOf(r?.recent) };
}

export function normaliseHistory(h: History): History {
  return { ...h, samples: arrayOf(h?.samples) };
}

export function normaliseLogs(p: LogPage): LogPage {
  return { records: arrayOf(p?.records), count: p?.count ?? 0 };
}

export function normaliseMaintenance(p: MaintenancePage): MaintenancePage {
  return { jobs: arrayOf(p?.jobs) };
}
