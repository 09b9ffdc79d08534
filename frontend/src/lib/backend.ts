// The one place that talks to the Go side. In the Wails app it calls the
// generated bindings; in a plain browser it fetches the HTTP API.
import * as WailsApp from '../../wailsjs/go/desktop/App';
import * as WailsLibrary from '../../wailsjs/go/desktop/Library';
import * as WailsBackups from '../../wailsjs/go/desktop/Backups';
import * as WailsMonitoring from '../../wailsjs/go/desktop/Monitoring';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import type {
  AddSourceRequest,
  APIErrorBody,
  BackupInfo,
  BackupList,
  BackupProgress,
  BackupVerifyResult,
  RestoreResult,
  HealthReport,
  Overview,
  PageState,
  SearchResult,
  SourceSummary,
  SyncProgress,
  SyncStatus,
} from './types';
import type { AlertReport, DetailedHealth, History, LogPage, LogQuery, Performance, SystemStatus } from './monitorTypes';

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
  addSource(req: AddSourceRequest): Promise<SyncStatus>;
  syncSource(id: number): Promise<SyncStatus>;
  syncStatus(): Promise<SyncStatus>;
  cancelSync(): Promise<SyncStatus>;
  pages(id: number): Promise<PageState[]>;
  removeSource(id: number): Promise<void>;
}

declare global {
  interface Window {
    go?: { desktop?: { App?: Record<string, unknown>; Library?: Record<string, unknown> } };
  }
}

/** Wails rejects with a plain string; normalise everything to Error. */
function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'string') return new Error(reason);
  return new Error(String(reason));
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
  };
}

function arrayOf<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
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
  addSource: (req) => library<SyncStatus>('AddSource', req).then(normaliseSyncStatus),
  syncSource: (id) => library<SyncStatus>('SyncSource', id).then(normaliseSyncStatus),
  syncStatus: () => library<SyncStatus>('SyncStatus').then(normaliseSyncStatus),
  cancelSync: () => library<SyncStatus>('CancelSync').then(normaliseSyncStatus),
  pages: (id) => library<unknown>('Pages', id).then((v) => arrayOf<PageState>(v)),
  removeSource: (id) => library<unknown>('RemoveSource', id).then(() => undefined),
};

async function errorFrom(res: Response): Promise<Error> {
  let message = '';
  try {
    const body = (await res.json()) as APIErrorBody;
    message = body?.error?.message ?? '';
  } catch {
    // not JSON; fall through to the status text
  }
  return new Error(message || `${res.status} ${res.statusText}`.trim());
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
async function sendJSON<T>(method: 'POST' | 'DELETE', url: string, body?: unknown): Promise<T | undefined> {
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
