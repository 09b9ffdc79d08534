// The HTTP transport: the same-origin JSON API served by `genkai-rag serve`,
// with NDJSON (or SSE) streams for answers and model downloads.
import type {
  BackupInfo,
  BackupInspection,
  BackupList,
  BackupVerifyResult,
  ChatEvent,
  ChatSession,
  Conversation,
  CurrentModels,
  HealthReport,
  ModelConfig,
  ModelsList,
  OllamaState,
  Overview,
  PullProgress,
  RestoreResult,
  SearchResult,
  SyncStatus,
} from '../types';
import type { AlertReport, DetailedHealth, History, LogPage, MaintenancePage, Performance, SystemStatus } from '../monitorTypes';
import { readNDJSON, readSSE } from '../streams';
import {
  AnswerCollector,
  arrayOf,
  CANCELLED,
  filenameFrom,
  exportFallbackName,
  normaliseAlerts,
  normaliseBackupList,
  normaliseConversation,
  normaliseCurrent,
  normaliseHistory,
  normaliseInspection,
  normaliseLogs,
  normaliseMaintenance,
  normaliseModels,
  normaliseProgress,
  normaliseResult,
  normaliseSourcePolicy,
  normaliseSyncStatus,
  type AnswerOutcome,
} from '../transportData';
import type {
  AnswerStream,
  AppAPI,
  BackupsAPI,
  BackupUploadAPI,
  ChatAPI,
  LibraryAPI,
  ModelsAPI,
  MonitorAPI,
  PullHandle,
  ShellAPI,
  Transport,
} from './api';
import { errorFrom, toError } from './errors';

async function getJSON<T>(url: string, acceptStatus: number[] = []): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (res.ok) return (await res.json()) as T;
  if (acceptStatus.includes(res.status)) {
    // e.g. 503 from /api/health still carries a valid report
    const copy = res.clone();
    try {
      const body = (await res.json()) as Partial<HealthReport>;
      if (body && typeof body.status === 'string') return body as T;
    } catch {
      // fall through
    }
    throw await errorFrom(copy);
  }
  throw await errorFrom(res);
}

/** POST/DELETE with an optional JSON body; resolves to the parsed body, or undefined for 204 / no body. */
async function sendJSON<T>(method: 'POST' | 'DELETE' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<T | undefined> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined;
  const text = await res.text();
  return text ? (JSON.parse(text) as T) : undefined;
}

const done = () => undefined;

const sourceURL = (id: number, rest = '') => `/api/sources/${encodeURIComponent(String(id))}${rest}`;
const backupURL = (name: string, rest = '') => `/api/backups/${encodeURIComponent(name)}${rest}`;
const sessionURL = (id: string, rest = '') => `/api/sessions/${encodeURIComponent(id)}${rest}`;
const modelURL = (name: string, rest = '') => `/api/models/${encodeURIComponent(name)}${rest}`;

const app: AppAPI = {
  info: () => getJSON<Overview>('/api/app/info'),
  health: () => getJSON<HealthReport>('/api/health', [503]),
  retryStart: () => Promise.resolve(),
};

const library: LibraryAPI = {
  search: (query, k) =>
    getJSON<SearchResult>(`/api/search?${new URLSearchParams({ q: query, k: String(k) }).toString()}`).then(normaliseResult),
  sources: () => getJSON<{ sources?: unknown }>('/api/sources').then((b) => arrayOf(b?.sources)),
  sourcePolicy: () => getJSON<{ policy?: unknown }>('/api/sources').then((b) => normaliseSourcePolicy(b?.policy)),
  addSource: (req) => sendJSON<SyncStatus>('POST', '/api/sources', req).then(normaliseSyncStatus),
  syncSource: (id) => sendJSON<SyncStatus>('POST', sourceURL(id, '/sync')).then(normaliseSyncStatus),
  syncStatus: () => getJSON<SyncStatus>('/api/sync').then(normaliseSyncStatus),
  cancelSync: () => sendJSON<SyncStatus>('DELETE', '/api/sync').then(normaliseSyncStatus),
  pages: (id) => getJSON<{ pages?: unknown }>(sourceURL(id, '/pages')).then((b) => arrayOf(b?.pages)),
  removeSource: (id) => sendJSON<unknown>('DELETE', sourceURL(id)).then(done),
};

/** POST with an NDJSON (default) or SSE reply; stop() aborts the request, and the server keeps the partial answer. */
function answer(url: string, body: object, onEvent: (ev: ChatEvent) => void, sse = false): AnswerStream {
  const ctrl = new AbortController();
  const collector = new AnswerCollector(onEvent);
  const result = (async (): Promise<AnswerOutcome> => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { Accept: sse ? 'text/event-stream' : 'application/x-ndjson', 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...body, stream: true }),
        signal: ctrl.signal,
      });
    } catch (e) {
      if (ctrl.signal.aborted) return collector.stopped();
      throw toError(e);
    }
    if (!res.ok) throw await errorFrom(res);
    if (!res.body) throw new Error('the server sent no answer stream');
    try {
      if (sse) {
        await readSSE(res.body, (m) => {
          const ev = JSON.parse(m.data) as ChatEvent;
          collector.push({ ...ev, type: ev.type ?? (m.event as ChatEvent['type']) });
        });
      } else {
        await readNDJSON<ChatEvent>(res.body, (ev) => collector.push(ev));
      }
    } catch (e) {
      if (ctrl.signal.aborted) return collector.stopped();
      if (collector.done) return { answer: collector.done, error: toError(e).message };
      throw toError(e);
    }
    return collector.finish();
  })();
  return { result, stop: () => ctrl.abort() };
}

const chat: ChatAPI = {
  ask: (req, onEvent, opts) => answer('/api/query', req, onEvent, opts?.sse === true),
  regenerate: (sessionID, req, onEvent) => answer(sessionURL(sessionID, '/regenerate'), req, onEvent),
  sessions: () => getJSON<{ sessions?: unknown }>('/api/sessions').then((b) => arrayOf<ChatSession>(b?.sessions)),
  createSession: (title) => sendJSON<ChatSession>('POST', '/api/sessions', { title }).then((s) => s as ChatSession),
  session: (id) => getJSON<Conversation>(sessionURL(id)).then(normaliseConversation),
  renameSession: (id, title) => sendJSON<unknown>('PATCH', sessionURL(id), { title }).then(done),
  deleteSession: (id) => sendJSON<unknown>('DELETE', sessionURL(id)).then(done),
  exportSession: async (id, format) => {
    const res = await fetch(sessionURL(id, `/export?format=${format}`), {
      headers: { Accept: format === 'json' ? 'application/json' : 'text/markdown' },
    });
    if (!res.ok) throw await errorFrom(res);
    return {
      filename: filenameFrom(res.headers.get('Content-Disposition'), exportFallbackName(format)),
      content: await res.text(),
    };
  },
};

/** POST /api/models/pull and read its NDJSON progress; cancel() aborts the request. */
function pull(name: string, onProgress: (p: PullProgress) => void): PullHandle {
  const ctrl = new AbortController();
  const result = (async (): Promise<PullProgress> => {
    let last: PullProgress | undefined;
    try {
      const res = await fetch('/api/models/pull', {
        method: 'POST',
        headers: { Accept: 'application/x-ndjson', 'Content-Type': 'application/json' },
        body: JSON.stringify({ model_name: name }),
        signal: ctrl.signal,
      });
      if (!res.ok) throw await errorFrom(res);
      if (!res.body) throw new Error('the server sent no progress stream');
      await readNDJSON<PullProgress>(res.body, (raw) => {
        const p = normaliseProgress(raw);
        if (p.status === 'cancelled') {
          last = CANCELLED;
          return;
        }
        if (p.error) throw new Error(p.error);
        last = p;
        onProgress(p);
      });
    } catch (e) {
      if (ctrl.signal.aborted) return CANCELLED;
      throw toError(e);
    }
    if (!last?.done) throw new Error(`the download of ${name} ended before it was complete: try again`);
    return last;
  })();
  return { result, cancel: () => ctrl.abort() };
}

const models: ModelsAPI = {
  list: () => getJSON<ModelsList>('/api/models').then(normaliseModels),
  current: () => getJSON<CurrentModels>('/api/models/current'),
  switchModel: (kind, name) =>
    sendJSON<Record<string, unknown>>('POST', '/api/models/switch', { model_name: name, kind }).then(normaliseCurrent),
  config: (name) => getJSON<ModelConfig>(modelURL(name, '/config')),
  setConfig: (cfg) => sendJSON<ModelConfig>('PUT', modelURL(cfg.model_name, '/config'), cfg).then((v) => v ?? cfg),
  deleteModel: (name) => sendJSON<unknown>('DELETE', modelURL(name)).then(done),
  ollama: () => getJSON<OllamaState>('/api/ollama').then((v) => v ?? {}),
  pull,
};

const backups: BackupsAPI = {
  list: () => getJSON<BackupList>('/api/backups').then(normaliseBackupList),
  create: (includeLogs) => sendJSON<BackupInfo>('POST', '/api/backups', { include_logs: includeLogs }).then((v) => v as BackupInfo),
  verify: (name) => sendJSON<BackupVerifyResult>('POST', backupURL(name, '/verify')).then((v) => v as BackupVerifyResult),
  inspect: (name) => getJSON<BackupInspection>(backupURL(name)).then(normaliseInspection),
  restore: (name) => sendJSON<RestoreResult>('POST', backupURL(name, '/restore')).then((v) => v as RestoreResult),
  deleteBackup: (name) => sendJSON<unknown>('DELETE', backupURL(name)).then(done),
  // No events over HTTP: the page shows a spinner until the request answers.
  onProgress: () => done,
};

const backupUpload: BackupUploadAPI = {
  upload: async (file) => {
    const res = await fetch('/api/backups/upload', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/gzip' },
      body: file,
    });
    if (!res.ok) throw await errorFrom(res);
    return (await res.json()) as BackupInfo;
  },
};

const monitor: MonitorAPI = {
  status: () => getJSON<SystemStatus>('/api/system/status'),
  detailedHealth: () => getJSON<DetailedHealth>('/api/health/detailed', [503]),
  performance: (operationType, hours) => {
    const params = new URLSearchParams({ hours: String(hours) });
    if (operationType) params.set('operation_type', operationType);
    return getJSON<Performance>(`/api/system/performance?${params.toString()}`);
  },
  resetPerformance: () => sendJSON<{ deleted?: number }>('DELETE', '/api/system/performance').then((r) => r?.deleted ?? 0),
  alerts: (limit) => getJSON<AlertReport>(`/api/system/alerts?limit=${limit}`).then(normaliseAlerts),
  history: (hours) => getJSON<History>(`/api/system/history?hours=${hours}`).then(normaliseHistory),
  logs: (q) => {
    const params = new URLSearchParams({ limit: String(q.limit) });
    if (q.level) params.set('level', q.level);
    if (q.q) params.set('q', q.q);
    return getJSON<LogPage>(`/api/logs?${params.toString()}`).then(normaliseLogs);
  },
  maintenance: () => getJSON<MaintenancePage>('/api/maintenance').then(normaliseMaintenance),
  // No events over HTTP: the page polls.
  onAlert: () => done,
};

/** A browser tab: links open themselves (target=_blank), the browser's clipboard, downloads. */
const shell: ShellAPI = {
  openURL: () => false,
  copyText: async (text) => {
    if (!navigator.clipboard) throw new Error('the clipboard is not available here');
    await navigator.clipboard.writeText(text);
  },
  canDownload: () => true,
};

/** The HTTP transport: every domain, plus uploading a backup (no file dialogs, no login item). */
export const httpTransport = {
  kind: 'http',
  app,
  library,
  chat,
  models,
  backups,
  monitor,
  shell,
  backupUpload,
} as const satisfies Transport;
