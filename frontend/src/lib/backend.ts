// The one place that talks to the Go side. In the Wails app it calls the
// generated bindings; in a plain browser it fetches the HTTP API.
import * as WailsApp from '../../wailsjs/go/desktop/App';
import * as WailsLibrary from '../../wailsjs/go/desktop/Library';
import * as WailsBackups from '../../wailsjs/go/desktop/Backups';
import * as WailsConversations from '../../wailsjs/go/desktop/Conversations';
import * as WailsModels from '../../wailsjs/go/desktop/Models';
import * as WailsLoginItem from '../../wailsjs/go/desktop/LoginItem';
import { BrowserOpenURL, ClipboardSetText, EventsOn } from '../../wailsjs/runtime/runtime';
import { readNDJSON, readSSE } from './streams';
import { errorFromResponse, errorFromWails } from './errors';
import {
  AnswerCollector,
  filenameFrom,
  normaliseAnswer,
  normaliseConversation,
  normaliseModels,
  normaliseProgress,
  type AnswerOutcome,
} from './transportData';

export { normaliseAnswer, type AnswerOutcome };
import * as WailsMonitoring from '../../wailsjs/go/desktop/Monitoring';
import type {
  AddSourceRequest,
  BackupInfo,
  BackupInspection,
  BackupList,
  BackupProgress,
  BackupReset,
  BackupVerifyResult,
  RestoreResult,
  ChatAnswer,
  ChatEvent,
  ChatRequest,
  ChatSession,
  Conversation,
  CurrentModels,
  ExportedSession,
  ExportFormat,
  ModelConfig,
  ModelKind,
  ModelsList,
  OllamaState,
  PullProgress,
  HealthReport,
  Overview,
  PageState,
  SearchResult,
  SourcePolicy,
  SourceSummary,
  SyncProgress,
  SyncStatus,
} from './types';
import type { AlertReport, DetailedHealth, History, LogPage, LogQuery, MaintenancePage, Performance, SystemStatus } from './monitorTypes';

/** Hits asked for when the caller does not say (the backend's default too). */
export const DEFAULT_SEARCH_K = 10;

export type TransportKind = 'wails' | 'http';

interface Transport {
  kind: TransportKind;
  getInfo(): Promise<Overview>;
  getHealth(): Promise<HealthReport>;
  /** Runs start-up again after it failed (desktop app); a no-op over HTTP. */
  retryStart(): Promise<void>;
  search(query: string, k: number): Promise<SearchResult>;
  sources(): Promise<SourceSummary[]>;
  sourcePolicy(): Promise<SourcePolicy>;
  addSource(req: AddSourceRequest): Promise<SyncStatus>;
  syncSource(id: number): Promise<SyncStatus>;
  syncStatus(): Promise<SyncStatus>;
  cancelSync(): Promise<SyncStatus>;
  pages(id: number): Promise<PageState[]>;
  removeSource(id: number): Promise<void>;
}

declare global {
  interface Window {
    go?: {
      desktop?: {
        App?: Record<string, unknown>;
        Library?: Record<string, unknown>;
        Conversations?: Record<string, unknown>;
        Models?: Record<string, unknown>;
      };
    };
  }
}

/** Wails rejects with a string (a coded error's JSON); normalise everything to Error (ApiError when coded). */
function toError(reason: unknown): Error {
  return errorFromWails(reason);
}

/** Run a binding call so that a synchronous throw (e.g. a missing binding) also becomes a rejected Error. */
function callWails<T>(call: () => Promise<unknown>): Promise<T> {
  return new Promise<unknown>((resolve) => resolve(call())).then(
    (v) => v as T,
    (e: unknown) => Promise.reject(toError(e)),
  );
}

/** The Go side never sends hits: null, but be safe about it. */
function normaliseResult(r: SearchResult): SearchResult {
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

function arrayOf<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
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

/**
 * Call window.go.desktop.Library.<method>. The generated wailsjs wrappers for
 * the sources API may not exist yet, so go through the runtime object; a
 * missing method becomes a rejected Error like any other failure.
 */
function library<T>(method: string, ...args: unknown[]): Promise<T> {
  return callWails<T>(() => {
    const fn = window.go?.desktop?.Library?.[method];
    if (typeof fn !== 'function') throw new Error(`the backend has no Library.${method}`);
    return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
  });
}

const wailsTransport: Transport = {
  kind: 'wails',
  getInfo: () =>
    WailsApp.Info().then((v) => v as unknown as Overview, (e: unknown) => Promise.reject(toError(e))),
  getHealth: () =>
    WailsApp.Health().then((v) => v as unknown as HealthReport, (e: unknown) => Promise.reject(toError(e))),
  retryStart: () => WailsApp.Retry().then(() => undefined, (e: unknown) => Promise.reject(toError(e))),
  search: (query, k) => callWails<SearchResult>(() => WailsLibrary.Search(query, k)).then(normaliseResult),
  sources: () => library<unknown>('Sources').then((v) => arrayOf<SourceSummary>(v)),
  // The desktop user types the source: always open.
  sourcePolicy: () => Promise.resolve(OPEN_POLICY),
  addSource: (req) => library<SyncStatus>('AddSource', req).then(normaliseSyncStatus),
  syncSource: (id) => library<SyncStatus>('SyncSource', id).then(normaliseSyncStatus),
  syncStatus: () => library<SyncStatus>('SyncStatus').then(normaliseSyncStatus),
  cancelSync: () => library<SyncStatus>('CancelSync').then(normaliseSyncStatus),
  pages: (id) => library<unknown>('Pages', id).then((v) => arrayOf<PageState>(v)),
  removeSource: (id) => library<unknown>('RemoveSource', id).then(() => undefined),
};

/** The error of a failed response: an ApiError with the body's code, message, hint and params. */
async function errorFrom(res: Response): Promise<Error> {
  return errorFromResponse(res);
}

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

const sourceURL = (id: number, rest = '') => `/api/sources/${encodeURIComponent(String(id))}${rest}`;

const httpTransport: Transport = {
  kind: 'http',
  getInfo: () => getJSON<Overview>('/api/app/info'),
  getHealth: () => getJSON<HealthReport>('/api/health', [503]),
  retryStart: () => Promise.resolve(),
  search: (query, k) =>
    getJSON<SearchResult>(`/api/search?${new URLSearchParams({ q: query, k: String(k) }).toString()}`).then(
      normaliseResult,
    ),
  sources: () => getJSON<{ sources?: unknown }>('/api/sources').then((b) => arrayOf<SourceSummary>(b?.sources)),
  sourcePolicy: () => getJSON<{ policy?: unknown }>('/api/sources').then((b) => normaliseSourcePolicy(b?.policy)),
  addSource: (req) => sendJSON<SyncStatus>('POST', '/api/sources', req).then(normaliseSyncStatus),
  syncSource: (id) => sendJSON<SyncStatus>('POST', sourceURL(id, '/sync')).then(normaliseSyncStatus),
  syncStatus: () => getJSON<SyncStatus>('/api/sync').then(normaliseSyncStatus),
  cancelSync: () => sendJSON<SyncStatus>('DELETE', '/api/sync').then(normaliseSyncStatus),
  pages: (id) => getJSON<{ pages?: unknown }>(sourceURL(id, '/pages')).then((b) => arrayOf<PageState>(b?.pages)),
  removeSource: (id) => sendJSON<unknown>('DELETE', sourceURL(id)).then(() => undefined),
};

let chosen: Transport | undefined;

function transport(): Transport {
  if (!chosen) {
    chosen = typeof window !== 'undefined' && window.go?.desktop?.App ? wailsTransport : httpTransport;
  }
  return chosen;
}

/** Which transport is in use (decided on first use). */
export function transportKind(): TransportKind {
  return transport().kind;
}

/** Tests only: forget the chosen transport so the next call picks again. */
export function resetTransportForTests(): void {
  chosen = undefined;
}

export function getInfo(): Promise<Overview> {
  return transport().getInfo();
}

export function getHealth(): Promise<HealthReport> {
  return transport().getHealth();
}

/** Asks the desktop app to start again after a failed start-up; the caller
 * then re-reads getInfo (which reports the new error if it still fails). */
export function retryStart(): Promise<void> {
  return transport().retryStart();
}

/** Lexical search over the indexed documents; rejects with the backend's message on bad input. */
export function search(query: string, k: number = DEFAULT_SEARCH_K): Promise<SearchResult> {
  return transport().search(query, k);
}

/** All registered sources with their counters. */
export function listSources(): Promise<SourceSummary[]> {
  return transport().sources();
}

/** Which sources the server accepts (always open in the desktop app). */
export function getSourcePolicy(): Promise<SourcePolicy> {
  return transport().sourcePolicy();
}

/** Register a site or folder and start syncing it; resolves to the new run's status. */
export function addSource(req: AddSourceRequest): Promise<SyncStatus> {
  return transport().addSource(req);
}

/** Start syncing one source; rejects (e.g. "a sync is already running") when one runs. */
export function syncSource(id: number): Promise<SyncStatus> {
  return transport().syncSource(id);
}

/** The running sync, or the last one. */
export function getSyncStatus(): Promise<SyncStatus> {
  return transport().syncStatus();
}

/** Ask the running sync to stop. */
export function cancelSync(): Promise<SyncStatus> {
  return transport().cancelSync();
}

/** The pages of one source with their fetch status. */
export function listPages(id: number): Promise<PageState[]> {
  return transport().pages(id);
}

/** Forget a source and its documents. */
export function removeSource(id: number): Promise<void> {
  return transport().removeSource(id);
}

// ---- backups: window.go.desktop.Backups in the app, /api/backups over HTTP ----

const backupURL = (name: string, rest = '') => `/api/backups/${encodeURIComponent(name)}${rest}`;

function normaliseBackupList(v: Partial<BackupList> | null | undefined): BackupList {
  return { folder: typeof v?.folder === 'string' ? v.folder : '', backups: arrayOf<BackupInfo>(v?.backups) };
}

function isDesktop(): boolean {
  return transport().kind === 'wails';
}

/** The backups folder and its archives, newest first. */
export function listBackups(): Promise<BackupList> {
  if (isDesktop()) return callWails<BackupList>(() => WailsBackups.List()).then(normaliseBackupList);
  return getJSON<BackupList>('/api/backups').then(normaliseBackupList);
}

/** Back up now; resolves to the new archive. Rejects with "already running" while another runs. */
export function createBackup(includeLogs: boolean): Promise<BackupInfo> {
  if (isDesktop()) return callWails<BackupInfo>(() => WailsBackups.Create(includeLogs));
  return sendJSON<BackupInfo>('POST', '/api/backups', { include_logs: includeLogs }).then((v) => v as BackupInfo);
}

/** Check every checksum of an archive in the list; a damaged one resolves with valid: false. */
export function verifyBackup(name: string): Promise<BackupVerifyResult> {
  if (isDesktop()) return callWails<BackupVerifyResult>(() => WailsBackups.Verify(name));
  return sendJSON<BackupVerifyResult>('POST', backupURL(name, '/verify')).then((v) => v as BackupVerifyResult);
}

function normaliseInspection(v: BackupInspection): BackupInspection {
  return { ...v, resets: arrayOf<BackupReset>(v?.resets) };
}

/** What an archive in the list holds and what restoring it would do, checked as a restore would; for the confirmation. */
export function inspectBackup(name: string): Promise<BackupInspection> {
  if (isDesktop()) return callWails<BackupInspection>(() => WailsBackups.Inspect(name)).then(normaliseInspection);
  return getJSON<BackupInspection>(backupURL(name)).then(normaliseInspection);
}

/** Desktop only: inspectBackup for a file from pickBackupFile. */
export function inspectBackupFile(path: string): Promise<BackupInspection> {
  if (!isDesktop()) return Promise.reject(new Error('inspecting a file by path works in the desktop app only'));
  return callWails<BackupInspection>(() => WailsBackups.InspectFile(path)).then(normaliseInspection);
}

/** Replace the current data with an archive from the list (the current data is backed up first). */
export function restoreBackup(name: string): Promise<RestoreResult> {
  if (isDesktop()) return callWails<RestoreResult>(() => WailsBackups.Restore(name));
  return sendJSON<RestoreResult>('POST', backupURL(name, '/restore')).then((v) => v as RestoreResult);
}

/** Delete an archive from the list. */
export function deleteBackup(name: string): Promise<void> {
  if (isDesktop()) return callWails<unknown>(() => WailsBackups.Delete(name)).then(() => undefined);
  return sendJSON<unknown>('DELETE', backupURL(name)).then(() => undefined);
}

/** Desktop only: show the backups folder in the file manager. */
export function openBackupFolder(): Promise<void> {
  if (!isDesktop()) return Promise.reject(new Error('opening the folder works in the desktop app only'));
  return callWails<unknown>(() => WailsBackups.OpenFolder()).then(() => undefined);
}

/** Desktop only: ask for an archive file; resolves to its path, or "" when cancelled. */
export function pickBackupFile(): Promise<string> {
  if (!isDesktop()) return Promise.reject(new Error('the file picker works in the desktop app only'));
  return callWails<string>(() => WailsBackups.PickFile()).then((p) => (typeof p === 'string' ? p : ''));
}

/** Desktop only: restore from any archive file (a path from pickBackupFile). */
export function restoreBackupFile(path: string): Promise<RestoreResult> {
  if (!isDesktop()) return Promise.reject(new Error('restoring a file by path works in the desktop app only'));
  return callWails<RestoreResult>(() => WailsBackups.RestoreFile(path));
}

/** Browser only: upload an archive into the backups folder; it is verified and listed (a bad file is rejected and not kept). */
export async function uploadBackup(file: Blob): Promise<BackupInfo> {
  const res = await fetch('/api/backups/upload', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/gzip' },
    body: file,
  });
  if (!res.ok) throw await errorFrom(res);
  return (await res.json()) as BackupInfo;
}

/** Listen to "backup:progress" (desktop app); returns the unsubscribe function. Over HTTP there are no events. */
export function onBackupProgress(fn: (p: BackupProgress) => void): () => void {
  if (!isDesktop() || typeof window.runtime?.EventsOnMultiple !== 'function') return () => undefined;
  return EventsOn('backup:progress', (p: BackupProgress) => fn(p));
}

// ---- chat: sessions and streamed answers ----

/** A running answer: result settles when it ends; stop() cancels it (the partial answer is kept as "stopped"). */
export interface AnswerStream {
  result: Promise<AnswerOutcome>;
  stop(): void;
}

/** How often a stop that came too early is tried again (desktop). */
const STOP_RETRY_MS = 100;

let requestCounter = 0;
function newRequestID(): string {
  requestCounter += 1;
  return `${Date.now().toString(36)}-${requestCounter}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Wails: listen to "chat:<id>" while call(id) runs; Stop(id) cancels. */
function wailsAnswer(call: (requestID: string) => Promise<unknown>, onEvent: (ev: ChatEvent) => void): AnswerStream {
  const id = newRequestID();
  const collector = new AnswerCollector(onEvent);
  const result = (async (): Promise<AnswerOutcome> => {
    let off: () => void = () => undefined;
    try {
      off = EventsOn(`chat:${id}`, (ev: ChatEvent) => collector.push(ev));
    } catch (e) {
      throw toError(e);
    }
    try {
      const ans = normaliseAnswer(await callWails<ChatAnswer>(() => call(id)));
      return { answer: ans, error: collector.error };
    } catch (e) {
      const err = toError(e);
      // Interrupted: Go sent "done" (the partial answer is stored) and then returned the error.
      if (collector.done) return { answer: collector.done, error: err.message };
      throw err;
    } finally {
      off();
    }
  })();
  let settled = false;
  void result.then(
    () => (settled = true),
    () => (settled = true),
  );
  // Stop may come before Go has registered the request: try again until it takes or the answer ends.
  const stop = async () => {
    for (let i = 0; i < 50 && !settled; i++) {
      const ok = await conversations<boolean>('Stop', () => WailsConversations.Stop(id)).catch(() => false);
      if (ok || settled) return;
      await new Promise((r) => setTimeout(r, STOP_RETRY_MS));
    }
  };
  return { result, stop: () => void stop() };
}

/** HTTP: POST with an NDJSON (default) or SSE reply; stop() aborts the request, and the server keeps the partial answer. */
function httpAnswer(url: string, body: unknown, onEvent: (ev: ChatEvent) => void, sse = false): AnswerStream {
  const ctrl = new AbortController();
  const collector = new AnswerCollector(onEvent);
  const result = (async (): Promise<AnswerOutcome> => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { Accept: sse ? 'text/event-stream' : 'application/x-ndjson', 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...(body as object), stream: true }),
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

const sessionURL = (id: string, rest = '') => `/api/sessions/${encodeURIComponent(id)}${rest}`;

/** Fails clearly when the desktop app has no such binding (an older build). */
function requireBinding(facade: 'Conversations' | 'Models', method: string): void {
  if (typeof window.go?.desktop?.[facade]?.[method] !== 'function') {
    throw new Error(`this version of the app has no ${facade}.${method}: update the app`);
  }
}

function conversations<T>(method: string, call: () => Promise<unknown>): Promise<T> {
  return callWails<T>(() => {
    requireBinding('Conversations', method);
    return call();
  });
}

/** Ask a question; onEvent gets start, citations, token… as they arrive. */
export function askQuestion(req: ChatRequest, onEvent: (ev: ChatEvent) => void): AnswerStream {
  if (transport().kind === 'wails') {
    return wailsAnswer((id) => (requireBinding('Conversations', 'Ask'), WailsConversations.Ask(id, req as never)), onEvent);
  }
  return httpAnswer('/api/query', req, onEvent);
}

/** Answer a session's last question again (replacing the last answer); also the retry of an interrupted one. */
export function regenerateAnswer(
  sessionID: string,
  req: Omit<ChatRequest, 'question' | 'session_id'>,
  onEvent: (ev: ChatEvent) => void,
): AnswerStream {
  if (transport().kind === 'wails') {
    return wailsAnswer((id) => (requireBinding('Conversations', 'Regenerate'), WailsConversations.Regenerate(id, sessionID, { question: '', ...req } as never)), onEvent);
  }
  return httpAnswer(sessionURL(sessionID, '/regenerate'), req, onEvent);
}

/** Like askQuestion over HTTP with Server-Sent Events instead of NDJSON (for clients that prefer SSE). */
export function askQuestionSSE(req: ChatRequest, onEvent: (ev: ChatEvent) => void): AnswerStream {
  if (transport().kind === 'wails') return askQuestion(req, onEvent);
  return httpAnswer('/api/query', req, onEvent, true);
}

/** Sessions, most recent first. */
export function listSessions(): Promise<ChatSession[]> {
  if (transport().kind === 'wails') return conversations<unknown>('Sessions', () => WailsConversations.Sessions()).then((v) => arrayOf<ChatSession>(v));
  return getJSON<{ sessions?: unknown }>('/api/sessions').then((b) => arrayOf<ChatSession>(b?.sessions));
}

/** Start an empty session. */
export function createSession(title = ''): Promise<ChatSession> {
  if (transport().kind === 'wails') return conversations<ChatSession>('CreateSession', () => WailsConversations.CreateSession(title));
  return sendJSON<ChatSession>('POST', '/api/sessions', { title }).then((s) => s as ChatSession);
}

/** A session with its messages. */
export function getSession(id: string): Promise<Conversation> {
  if (transport().kind === 'wails') return conversations<Conversation>('Session', () => WailsConversations.Session(id)).then(normaliseConversation);
  return getJSON<Conversation>(sessionURL(id)).then(normaliseConversation);
}

/** Retitle a session (the title must not be blank). */
export function renameSession(id: string, title: string): Promise<void> {
  if (transport().kind === 'wails') return conversations<unknown>('RenameSession', () => WailsConversations.RenameSession(id, title)).then(() => undefined);
  return sendJSON<unknown>('PATCH', sessionURL(id), { title }).then(() => undefined);
}

/** Remove a session and its messages. */
export function deleteSession(id: string): Promise<void> {
  if (transport().kind === 'wails') return conversations<unknown>('DeleteSession', () => WailsConversations.DeleteSession(id)).then(() => undefined);
  return sendJSON<unknown>('DELETE', sessionURL(id)).then(() => undefined);
}

/** A session rendered as Markdown or JSON, with a file name to save it under. */
export async function exportSession(id: string, format: ExportFormat): Promise<ExportedSession> {
  if (transport().kind === 'wails') {
    const e = await conversations<ExportedSession>('Export', () => WailsConversations.Export(id, format));
    return { filename: e?.filename ?? `session.${format === 'json' ? 'json' : 'md'}`, content: e?.content ?? '' };
  }
  const res = await fetch(sessionURL(id, `/export?format=${format}`), {
    headers: { Accept: format === 'json' ? 'application/json' : 'text/markdown' },
  });
  if (!res.ok) throw await errorFrom(res);
  return {
    filename: filenameFrom(res.headers.get('Content-Disposition'), `session.${format === 'json' ? 'json' : 'md'}`),
    content: await res.text(),
  };
}

/**
 * Opens an http(s) URL in the system browser when running inside the
 * desktop app and returns true; returns false in a plain browser, where the
 * caller's link (target=_blank rel=noopener) should do it.
 */
export function openExternal(url: string): boolean {
  if (typeof window.runtime?.BrowserOpenURL === 'function') {
    BrowserOpenURL(url);
    return true;
  }
  return false;
}

// ---- models ----

/** A running model download: result settles with the last progress (status "success", or "cancelled" after cancel()). */
export interface PullHandle {
  result: Promise<PullProgress>;
  cancel(): void;
}

const CANCELLED: PullProgress = normaliseProgress({ status: 'cancelled', done: true });

const modelURL = (name: string, rest = '') => `/api/models/${encodeURIComponent(name)}${rest}`;

function models<T>(method: string, call: () => Promise<unknown>): Promise<T> {
  return callWails<T>(() => {
    requireBinding('Models', method);
    return call();
  });
}

/** Installed models, the models in use and the recommended ones. */
export function listModels(): Promise<ModelsList> {
  if (transport().kind === 'wails') return models<ModelsList>('List', () => WailsModels.List()).then(normaliseModels);
  return getJSON<ModelsList>('/api/models').then(normaliseModels);
}

/** The chat and embedding models in use. */
export function currentModels(): Promise<CurrentModels> {
  if (transport().kind === 'wails') return models<CurrentModels>('Current', () => WailsModels.Current());
  return getJSON<CurrentModels>('/api/models/current');
}

/** Make an installed model the default chat or embedding model. */
export async function switchModel(kind: ModelKind, name: string): Promise<CurrentModels> {
  const v =
    transport().kind === 'wails'
      ? await models<Record<string, unknown>>('Switch', () => WailsModels.Switch(kind, name))
      : await sendJSON<Record<string, unknown>>('POST', '/api/models/switch', { model_name: name, kind });
  const cur = (v?.current ?? v) as Partial<CurrentModels> | undefined;
  return { model_name: cur?.model_name ?? '', embedding_model: cur?.embedding_model ?? '' };
}

/** A model's stored generation options (null fields: Ollama's default). */
export function getModelConfig(name: string): Promise<ModelConfig> {
  if (transport().kind === 'wails') return models<ModelConfig>('Config', () => WailsModels.Config(name));
  return getJSON<ModelConfig>(modelURL(name, '/config'));
}

/** Store a model's generation options; rejects with the server's message for out-of-range values. */
export function setModelConfig(cfg: ModelConfig): Promise<ModelConfig> {
  if (transport().kind === 'wails') return models<ModelConfig>('SetConfig', () => WailsModels.SetConfig(cfg as never));
  return sendJSON<ModelConfig>('PUT', modelURL(cfg.model_name, '/config'), cfg).then((v) => v ?? cfg);
}

/** Remove an installed model. */
export function deleteModel(name: string): Promise<void> {
  if (transport().kind === 'wails') return models<unknown>('Delete', () => WailsModels.Delete(name)).then(() => undefined);
  return sendJSON<unknown>('DELETE', modelURL(name)).then(() => undefined);
}

/** The Ollama server's state (running, version, started by the app, how to install it). */
export function getOllamaState(): Promise<OllamaState> {
  if (transport().kind === 'wails') return models<OllamaState>('Ollama', () => WailsModels.Ollama()).then((v) => v ?? {});
  return getJSON<OllamaState>('/api/ollama').then((v) => v ?? {});
}

/** Desktop window event carrying pull progress. */
export const PULL_EVENT = 'models:pull';

/** Download a model; onProgress gets every step. A failing pull rejects with Ollama's message. */
export function pullModel(name: string, onProgress: (p: PullProgress) => void): PullHandle {
  return transport().kind === 'wails' ? wailsPull(name, onProgress) : httpPull(name, onProgress);
}

function httpPull(name: string, onProgress: (p: PullProgress) => void): PullHandle {
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

interface PullEvent extends PullProgress {
  id: string;
  name: string;
}

function wailsPull(name: string, onProgress: (p: PullProgress) => void): PullHandle {
  let id: string | undefined;
  let cancelled = false;
  let settle: { resolve(p: PullProgress): void; reject(e: Error): void } | undefined;
  const early: PullEvent[] = [];
  let off: () => void = () => undefined;
  const handle = (ev: PullEvent) => {
    if (ev.id !== id || cancelled) return;
    const p = normaliseProgress(ev);
    if (p.status === 'cancelled') {
      // cancelled elsewhere (another window, or the app stopping)
      off();
      settle?.resolve(CANCELLED);
      return;
    }
    if (p.error) {
      off();
      settle?.reject(new Error(p.error));
      return;
    }
    onProgress(p);
    if (p.done) {
      off();
      settle?.resolve(p);
    }
  };
  const result = new Promise<PullProgress>((resolve, reject) => {
    settle = { resolve, reject };
    try {
      // Listen before asking: progress may arrive before Pull returns its id.
      off = EventsOn(PULL_EVENT, (ev: PullEvent) => (id === undefined ? early.push(ev) : handle(ev)));
    } catch (e) {
      reject(toError(e));
      return;
    }
    models<string>('Pull', () => WailsModels.Pull(name)).then(
      (pullID) => {
        id = pullID;
        if (cancelled) {
          void models<boolean>('CancelPull', () => WailsModels.CancelPull(pullID)).catch(() => undefined);
          return;
        }
        for (const ev of early.splice(0)) handle(ev);
      },
      (e: unknown) => {
        off();
        reject(toError(e));
      },
    );
  });
  return {
    result,
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      off();
      if (id !== undefined) {
        const pullID = id;
        void models<boolean>('CancelPull', () => WailsModels.CancelPull(pullID)).catch(() => undefined);
      }
      settle?.resolve(CANCELLED);
    },
  };
}

/** Put text on the clipboard: Wails' clipboard in the desktop app, the browser's otherwise. */
export async function copyText(text: string): Promise<void> {
  if (typeof window.runtime?.ClipboardSetText === 'function') {
    const ok = await ClipboardSetText(text);
    if (!ok) throw new Error('the clipboard did not accept the text');
    return;
  }
  if (!navigator.clipboard) throw new Error('the clipboard is not available here');
  await navigator.clipboard.writeText(text);
}

// ---- Monitoring (the Monitor page): window.go.desktop.Monitoring in the
// app, /api/system/*, /api/health/detailed and /api/logs over HTTP. The
// shapes are the same both ways.

function wailsMonitoring<T>(call: () => Promise<unknown>): Promise<T> {
  return callWails<T>(call);
}

/** Current resources, queue, cache, index and alert level (from the last sample). */
export function getSystemStatus(): Promise<SystemStatus> {
  if (transportKind() === 'wails') return wailsMonitoring<SystemStatus>(() => WailsMonitoring.Status());
  return getJSON<SystemStatus>('/api/system/status');
}

/** Store, index, Ollama, disk and memory checks (a 503 still carries the report). */
export function getDetailedHealth(): Promise<DetailedHealth> {
  if (transportKind() === 'wails') return wailsMonitoring<DetailedHealth>(() => WailsMonitoring.DetailedHealth());
  return getJSON<DetailedHealth>('/api/health/detailed', [503]);
}

/** Per-operation latency statistics over the last `hours` ('' = every operation). */
export function getPerformance(operationType = '', hours = 24): Promise<Performance> {
  if (transportKind() === 'wails') {
    return wailsMonitoring<Performance>(() => WailsMonitoring.Performance(operationType, hours));
  }
  const params = new URLSearchParams({ hours: String(hours) });
  if (operationType) params.set('operation_type', operationType);
  return getJSON<Performance>(`/api/system/performance?${params.toString()}`);
}

/** Deletes the recorded latency metrics; resolves to how many went. */
export function resetPerformance(): Promise<number> {
  if (transportKind() === 'wails') {
    return wailsMonitoring<{ deleted?: number }>(() => WailsMonitoring.ResetPerformance()).then((r) => r?.deleted ?? 0);
  }
  return sendJSON<{ deleted?: number }>('DELETE', '/api/system/performance').then((r) => r?.deleted ?? 0);
}

/** Alert level, active alerts and the newest events. */
export function getAlerts(limit = 50): Promise<AlertReport> {
  const fill = (r: AlertReport): AlertReport => ({ ...r, active: arrayOf(r?.active), recent: arrayOf(r?.recent) });
  if (transportKind() === 'wails') return wailsMonitoring<AlertReport>(() => WailsMonitoring.Alerts(limit)).then(fill);
  return getJSON<AlertReport>(`/api/system/alerts?limit=${limit}`).then(fill);
}

/** Resource samples of the last `hours`, for the charts. */
export function getHistory(hours = 24): Promise<History> {
  const fill = (h: History): History => ({ ...h, samples: arrayOf(h?.samples) });
  if (transportKind() === 'wails') return wailsMonitoring<History>(() => WailsMonitoring.History(hours)).then(fill);
  return getJSON<History>(`/api/system/history?hours=${hours}`).then(fill);
}

/** The newest application log records matching the query, newest first. */
export function getLogs(q: LogQuery): Promise<LogPage> {
  const fill = (p: LogPage): LogPage => ({ records: arrayOf(p?.records), count: p?.count ?? 0 });
  if (transportKind() === 'wails') return wailsMonitoring<LogPage>(() => WailsMonitoring.Logs(q.level, q.q, q.limit)).then(fill);
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.level) params.set('level', q.level);
  if (q.q) params.set('q', q.q);
  return getJSON<LogPage>(`/api/logs?${params.toString()}`).then(fill);
}

/** The scheduled maintenance jobs with their last and next runs and last error. */
export function getMaintenance(): Promise<MaintenancePage> {
  const fill = (p: MaintenancePage): MaintenancePage => ({ jobs: arrayOf(p?.jobs) });
  if (transportKind() === 'wails') return wailsMonitoring<MaintenancePage>(() => WailsMonitoring.Maintenance()).then(fill);
  return getJSON<MaintenancePage>('/api/maintenance').then(fill);
}

/** Window event the desktop app sends when an alert is raised or cleared. */
export const ALERT_EVENT = 'monitor:alert';

/**
 * Calls fn whenever the desktop app raises or clears an alert; returns the
 * unsubscribe function. Over HTTP there are no events (the page polls).
 */
export function onAlert(fn: () => void): () => void {
  if (transportKind() !== 'wails' || typeof window.runtime?.EventsOnMultiple !== 'function') return () => undefined;
  return EventsOn(ALERT_EVENT, () => fn());
}

// ---- start at login: window.go.desktop.LoginItem in the app; none over HTTP ----

/** What the browser transport answers: only the desktop app can start itself at login. */
export const START_AT_LOGIN_BROWSER = 'start at login is not available in a browser: it is a setting of the desktop app';

/** Whether the desktop app starts when the user logs in. Rejects in a browser. */
export function getStartAtLogin(): Promise<boolean> {
  if (!isDesktop()) return Promise.reject(new Error(START_AT_LOGIN_BROWSER));
  return callWails<boolean>(() => WailsLoginItem.Enabled()).then((v) => v === true);
}

/** Switch starting at login on or off; resolves to the state read back. Rejects in a browser. */
export function setStartAtLogin(on: boolean): Promise<boolean> {
  if (!isDesktop()) return Promise.reject(new Error(START_AT_LOGIN_BROWSER));
  return callWails<boolean>(() => WailsLoginItem.SetEnabled(on)).then((v) => v === true);
}
