// The functions pages and components call to reach the Go side. Each one
// hands its work to the transport chosen once in transport/index.ts (the
// desktop app's Wails bindings, or the HTTP API); nothing here knows which.
import type {
  AddSourceRequest,
  BackupInfo,
  BackupInspection,
  BackupList,
  BackupProgress,
  BackupVerifyResult,
  RestoreResult,
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
  SyncStatus,
} from './types';
import type { AlertReport, DetailedHealth, History, LogPage, LogQuery, MaintenancePage, Performance, SystemStatus } from './monitorTypes';
import { transport, type AnswerStream, type PullHandle, type TransportKind } from './transport';

export { normaliseAnswer, normaliseSourcePolicy, normaliseSyncStatus, OPEN_POLICY, type AnswerOutcome } from './transportData';
export { resetTransportForTests, setTransportForTests } from './transport';
export type { AnswerStream, PullHandle, TransportKind } from './transport';
export { ALERT_EVENT, PULL_EVENT } from './transport/wails';

/** Hits asked for when the caller does not say (the backend's default too). */
export const DEFAULT_SEARCH_K = 10;

/** Which transport is in use (decided on first use). For diagnostics and tests: branch on capabilities() instead. */
export function transportKind(): TransportKind {
  return transport().kind;
}

/** What this window can do beyond what both transports do. */
export interface Capabilities {
  /** Start at login can be read and switched (desktop app). */
  startAtLogin: boolean;
  /** Backups can be shown in the file manager and restored from a file the user picks (desktop app). */
  backupFiles: boolean;
  /** A backup file can be uploaded to the server's folder (browser). */
  backupUpload: boolean;
  /** A file can be saved as a download; where not, exports are copied to the clipboard. */
  downloads: boolean;
}

/** The capabilities of the chosen transport. */
export function capabilities(): Capabilities {
  const t = transport();
  return {
    startAtLogin: t.loginItem !== undefined,
    backupFiles: t.backupFiles !== undefined,
    backupUpload: t.backupUpload !== undefined,
    downloads: t.shell.canDownload(),
  };
}

/** A rejected promise saying which capability this window lacks. */
function lacking<T>(message: string): Promise<T> {
  return Promise.reject(new Error(message));
}

// ---- app ----

export function getInfo(): Promise<Overview> {
  return transport().app.info();
}

export function getHealth(): Promise<HealthReport> {
  return transport().app.health();
}

/** Asks the desktop app to start again after a failed start-up; the caller
 * then re-reads getInfo (which reports the new error if it still fails). */
export function retryStart(): Promise<void> {
  return transport().app.retryStart();
}

// ---- library ----

/** Lexical search over the indexed documents; rejects with the backend's message on bad input. */
export function search(query: string, k: number = DEFAULT_SEARCH_K): Promise<SearchResult> {
  return transport().library.search(query, k);
}

/** All registered sources with their counters. */
export function listSources(): Promise<SourceSummary[]> {
  return transport().library.sources();
}

/** Which sources the server accepts (always open in the desktop app). */
export function getSourcePolicy(): Promise<SourcePolicy> {
  return transport().library.sourcePolicy();
}

/** Register a site or folder and start syncing it; resolves to the new run's status. */
export function addSource(req: AddSourceRequest): Promise<SyncStatus> {
  return transport().library.addSource(req);
}

/** Start syncing one source; rejects (e.g. "a sync is already running") when one runs. */
export function syncSource(id: number): Promise<SyncStatus> {
  return transport().library.syncSource(id);
}

/** The running sync, or the last one. */
export function getSyncStatus(): Promise<SyncStatus> {
  return transport().library.syncStatus();
}

/** Ask the running sync to stop. */
export function cancelSync(): Promise<SyncStatus> {
  return transport().library.cancelSync();
}

/** The pages of one source with their fetch status. */
export function listPages(id: number): Promise<PageState[]> {
  return transport().library.pages(id);
}

/** Forget a source and its documents. */
export function removeSource(id: number): Promise<void> {
  return transport().library.removeSource(id);
}

// ---- backups ----

/** The backups folder and its archives, newest first. */
export function listBackups(): Promise<BackupList> {
  return transport().backups.list();
}

/** Back up now; resolves to the new archive. Rejects with "already running" while another runs. */
export function createBackup(includeLogs: boolean): Promise<BackupInfo> {
  return transport().backups.create(includeLogs);
}

/** Check every checksum of an archive in the list; a damaged one resolves with valid: false. */
export function verifyBackup(name: string): Promise<BackupVerifyResult> {
  return transport().backups.verify(name);
}

/** What an archive in the list holds and what restoring it would do, checked as a restore would; for the confirmation. */
export function inspectBackup(name: string): Promise<BackupInspection> {
  return transport().backups.inspect(name);
}

/** Replace the current data with an archive from the list (the current data is backed up first). */
export function restoreBackup(name: string): Promise<RestoreResult> {
  return transport().backups.restore(name);
}

/** Delete an archive from the list. */
export function deleteBackup(name: string): Promise<void> {
  return transport().backups.deleteBackup(name);
}

/** Listen to backup progress (desktop app); returns the unsubscribe function. Over HTTP there are no events. */
export function onBackupProgress(fn: (p: BackupProgress) => void): () => void {
  return transport().backups.onProgress(fn);
}

/** Desktop only: inspectBackup for a file from pickBackupFile. */
export function inspectBackupFile(path: string): Promise<BackupInspection> {
  const files = transport().backupFiles;
  return files ? files.inspectFile(path) : lacking('inspecting a file by path works in the desktop app only');
}

/** Desktop only: show the backups folder in the file manager. */
export function openBackupFolder(): Promise<void> {
  const files = transport().backupFiles;
  return files ? files.openFolder() : lacking('opening the folder works in the desktop app only');
}

/** Desktop only: ask for an archive file; resolves to its path, or "" when cancelled. */
export function pickBackupFile(): Promise<string> {
  const files = transport().backupFiles;
  return files ? files.pickFile() : lacking('the file picker works in the desktop app only');
}

/** Desktop only: restore from any archive file (a path from pickBackupFile). */
export function restoreBackupFile(path: string): Promise<RestoreResult> {
  const files = transport().backupFiles;
  return files ? files.restoreFile(path) : lacking('restoring a file by path works in the desktop app only');
}

/** Browser only: upload an archive into the backups folder; it is verified and listed (a bad file is rejected and not kept). */
export function uploadBackup(file: Blob): Promise<BackupInfo> {
  const up = transport().backupUpload;
  return up ? up.upload(file) : lacking('uploading a file works in a browser only: in the desktop app, pick the file instead');
}

// ---- chat: sessions and streamed answers ----

/** Ask a question; onEvent gets start, citations, token… as they arrive. */
export function askQuestion(req: ChatRequest, onEvent: (ev: ChatEvent) => void): AnswerStream {
  return transport().chat.ask(req, onEvent);
}

/** Answer a session's last question again (replacing the last answer); also the retry of an interrupted one. */
export function regenerateAnswer(
  sessionID: string,
  req: Omit<ChatRequest, 'question' | 'session_id'>,
  onEvent: (ev: ChatEvent) => void,
): AnswerStream {
  return transport().chat.regenerate(sessionID, req, onEvent);
}

/** Like askQuestion over HTTP with Server-Sent Events instead of NDJSON (for clients that prefer SSE). */
export function askQuestionSSE(req: ChatRequest, onEvent: (ev: ChatEvent) => void): AnswerStream {
  return transport().chat.ask(req, onEvent, { sse: true });
}

/** Sessions, most recent first. */
export function listSessions(): Promise<ChatSession[]> {
  return transport().chat.sessions();
}

/** Start an empty session. */
export function createSession(title = ''): Promise<ChatSession> {
  return transport().chat.createSession(title);
}

/** A session with its messages. */
export function getSession(id: string): Promise<Conversation> {
  return transport().chat.session(id);
}

/** Retitle a session (the title must not be blank). */
export function renameSession(id: string, title: string): Promise<void> {
  return transport().chat.renameSession(id, title);
}

/** Remove a session and its messages. */
export function deleteSession(id: string): Promise<void> {
  return transport().chat.deleteSession(id);
}

/** A session rendered as Markdown or JSON, with a file name to save it under. */
export function exportSession(id: string, format: ExportFormat): Promise<ExportedSession> {
  return transport().chat.exportSession(id, format);
}

// ---- the window: links and clipboard ----

/**
 * Opens an http(s) URL in the system browser when running inside the
 * desktop app and returns true; returns false in a plain browser, where the
 * caller's link (target=_blank rel=noopener) should do it.
 */
export function openExternal(url: string): boolean {
  return transport().shell.openURL(url);
}

/** Put text on the clipboard: Wails' clipboard in the desktop app, the browser's otherwise. */
export function copyText(text: string): Promise<void> {
  return transport().shell.copyText(text);
}

// ---- models ----

/** Installed models, the models in use and the recommended ones. */
export function listModels(): Promise<ModelsList> {
  return transport().models.list();
}

/** The chat and embedding models in use. */
export function currentModels(): Promise<CurrentModels> {
  return transport().models.current();
}

/** Make an installed model the default chat or embedding model. */
export function switchModel(kind: ModelKind, name: string): Promise<CurrentModels> {
  return transport().models.switchModel(kind, name);
}

/** A model's stored generation options (null fields: Ollama's default). */
export function getModelConfig(name: string): Promise<ModelConfig> {
  return transport().models.config(name);
}

/** Store a model's generation options; rejects with the server's message for out-of-range values. */
export function setModelConfig(cfg: ModelConfig): Promise<ModelConfig> {
  return transport().models.setConfig(cfg);
}

/** Remove an installed model. */
export function deleteModel(name: string): Promise<void> {
  return transport().models.deleteModel(name);
}

/** The Ollama server's state (running, version, started by the app, how to install it). */
export function getOllamaState(): Promise<OllamaState> {
  return transport().models.ollama();
}

/** Download a model; onProgress gets every step. A failing pull rejects with Ollama's message. */
export function pullModel(name: string, onProgress: (p: PullProgress) => void): PullHandle {
  return transport().models.pull(name, onProgress);
}

// ---- monitoring (the Monitor page) ----

/** Current resources, queue, cache, index and alert level (from the last sample). */
export function getSystemStatus(): Promise<SystemStatus> {
  return transport().monitor.status();
}

/** Store, index, Ollama, disk and memory checks (a 503 still carries the report). */
export function getDetailedHealth(): Promise<DetailedHealth> {
  return transport().monitor.detailedHealth();
}

/** Per-operation latency statistics over the last `hours` ('' = every operation). */
export function getPerformance(operationType = '', hours = 24): Promise<Performance> {
  return transport().monitor.performance(operationType, hours);
}

/** Deletes the recorded latency metrics; resolves to how many went. */
export function resetPerformance(): Promise<number> {
  return transport().monitor.resetPerformance();
}

/** Alert level, active alerts and the newest events. */
export function getAlerts(limit = 50): Promise<AlertReport> {
  return transport().monitor.alerts(limit);
}

/** Resource samples of the last `hours`, for the charts. */
export function getHistory(hours = 24): Promise<History> {
  return transport().monitor.history(hours);
}

/** The newest application log records matching the query, newest first. */
export function getLogs(q: LogQuery): Promise<LogPage> {
  return transport().monitor.logs(q);
}

/** The scheduled maintenance jobs with their last and next runs and last error. */
export function getMaintenance(): Promise<MaintenancePage> {
  return transport().monitor.maintenance();
}

/**
 * Calls fn whenever the desktop app raises or clears an alert; returns the
 * unsubscribe function. Over HTTP there are no events (the page polls).
 */
export function onAlert(fn: () => void): () => void {
  return transport().monitor.onAlert(fn);
}

// ---- start at login (desktop app only) ----

/** What the browser transport answers: only the desktop app can start itself at login. */
export const START_AT_LOGIN_BROWSER = 'start at login is not available in a browser: it is a setting of the desktop app';

/** Whether the desktop app starts when the user logs in. Rejects in a browser. */
export function getStartAtLogin(): Promise<boolean> {
  const item = transport().loginItem;
  return item ? item.enabled() : lacking(START_AT_LOGIN_BROWSER);
}

/** Switch starting at login on or off; resolves to the state read back. Rejects in a browser. */
export function setStartAtLogin(on: boolean): Promise<boolean> {
  const item = transport().loginItem;
  return item ? item.setEnabled(on) : lacking(START_AT_LOGIN_BROWSER);
}
