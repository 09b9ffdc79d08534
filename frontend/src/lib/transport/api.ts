// What the frontend asks of the Go side, one interface per domain. Two
// transports implement all of them: wails.ts (the desktop app's bindings and
// window events) and http.ts (fetch, NDJSON and SSE streams). index.ts picks
// one, once. What only one of them can do (pick a file, start at login, …)
// is an optional capability of Transport, never a check of which one runs.
import type {
  AddSourceRequest,
  BackupInfo,
  BackupInspection,
  BackupList,
  BackupProgress,
  BackupVerifyResult,
  ChatEvent,
  ChatRequest,
  ChatSession,
  Conversation,
  CurrentModels,
  ExportedSession,
  ExportFormat,
  HealthReport,
  ModelConfig,
  ModelKind,
  ModelsList,
  OllamaState,
  Overview,
  PageState,
  PullProgress,
  RestoreResult,
  SearchResult,
  SourcePolicy,
  SourceSummary,
  SyncStatus,
} from '../types';
import type { AlertReport, DetailedHealth, History, LogPage, LogQuery, MaintenancePage, Performance, SystemStatus } from '../monitorTypes';
import type { AnswerOutcome } from '../transportData';

/** Which transport is in use: only for diagnostics and tests, never to branch on. */
export type TransportKind = 'wails' | 'http';

/** A running answer: result settles when it ends; stop() cancels it (the partial answer is kept as "stopped"). */
export interface AnswerStream {
  result: Promise<AnswerOutcome>;
  stop(): void;
}

/** A running model download: result settles with the last progress (status "success", or "cancelled" after cancel()). */
export interface PullHandle {
  result: Promise<PullProgress>;
  cancel(): void;
}

/** Start-up state of the app. */
export interface AppAPI {
  /** Version, data home, config file and Ollama reachability. */
  info(): Promise<Overview>;
  /** Health checks; a 503 over HTTP still resolves to its report. */
  health(): Promise<HealthReport>;
  /** Runs start-up again after it failed (desktop app); a no-op over HTTP. */
  retryStart(): Promise<void>;
}

/** Sources, their sync and search over what they hold. */
export interface LibraryAPI {
  /** Lexical/hybrid search; rejects with the backend's message on bad input. hits is never null. */
  search(query: string, k: number): Promise<SearchResult>;
  /** All registered sources with their counters ([] when none). */
  sources(): Promise<SourceSummary[]>;
  /** Which sources the backend accepts (open unless a server says otherwise). */
  sourcePolicy(): Promise<SourcePolicy>;
  /** Register a site or folder and start syncing it. */
  addSource(req: AddSourceRequest): Promise<SyncStatus>;
  /** Start syncing one source; rejects when a sync already runs. */
  syncSource(id: number): Promise<SyncStatus>;
  /** The running sync, or the last one (always filled in). */
  syncStatus(): Promise<SyncStatus>;
  /** Ask the running sync to stop. */
  cancelSync(): Promise<SyncStatus>;
  /** The pages of one source with their fetch status ([] when none). */
  pages(id: number): Promise<PageState[]>;
  /** Forget a source and its documents. */
  removeSource(id: number): Promise<void>;
}

/** Chat sessions and streamed answers. */
export interface ChatAPI {
  /** Ask a question; onEvent gets start, citations, token… as they arrive. sse asks HTTP for Server-Sent Events (ignored by the desktop app). */
  ask(req: ChatRequest, onEvent: (ev: ChatEvent) => void, opts?: { sse?: boolean }): AnswerStream;
  /** Answer a session's last question again (replacing the last answer). */
  regenerate(sessionID: string, req: Omit<ChatRequest, 'question' | 'session_id'>, onEvent: (ev: ChatEvent) => void): AnswerStream;
  /** Sessions, most recent first. */
  sessions(): Promise<ChatSession[]>;
  /** Start an empty session. */
  createSession(title: string): Promise<ChatSession>;
  /** A session with its messages (filled in). */
  session(id: string): Promise<Conversation>;
  /** Retitle a session. */
  renameSession(id: string, title: string): Promise<void>;
  /** Remove a session and its messages. */
  deleteSession(id: string): Promise<void>;
  /** A session rendered as Markdown or JSON with a file name. */
  exportSession(id: string, format: ExportFormat): Promise<ExportedSession>;
}

/** Ollama models: list, switch, settings, download. */
export interface ModelsAPI {
  list(): Promise<ModelsList>;
  current(): Promise<CurrentModels>;
  /** Make an installed model the default chat or embedding model; resolves to the models now in use. */
  switchModel(kind: ModelKind, name: string): Promise<CurrentModels>;
  config(name: string): Promise<ModelConfig>;
  setConfig(cfg: ModelConfig): Promise<ModelConfig>;
  deleteModel(name: string): Promise<void>;
  ollama(): Promise<OllamaState>;
  /** Download a model; onProgress gets every step; a failing pull rejects with Ollama's message. */
  pull(name: string, onProgress: (p: PullProgress) => void): PullHandle;
}

/** Backups in the backups folder. */
export interface BackupsAPI {
  list(): Promise<BackupList>;
  create(includeLogs: boolean): Promise<BackupInfo>;
  verify(name: string): Promise<BackupVerifyResult>;
  inspect(name: string): Promise<BackupInspection>;
  restore(name: string): Promise<RestoreResult>;
  deleteBackup(name: string): Promise<void>;
  /** Calls fn with each progress step; returns the unsubscribe function (a no-op where there are no events). */
  onProgress(fn: (p: BackupProgress) => void): () => void;
}

/** Monitoring: resources, health, latency, alerts, logs and maintenance. */
export interface MonitorAPI {
  status(): Promise<SystemStatus>;
  /** A 503 over HTTP still resolves to its report. */
  detailedHealth(): Promise<DetailedHealth>;
  performance(operationType: string, hours: number): Promise<Performance>;
  /** Resolves to how many samples were deleted. */
  resetPerformance(): Promise<number>;
  alerts(limit: number): Promise<AlertReport>;
  history(hours: number): Promise<History>;
  logs(q: LogQuery): Promise<LogPage>;
  maintenance(): Promise<MaintenancePage>;
  /** Calls fn when an alert is raised or cleared; returns the unsubscribe function (a no-op where there are no events: the page polls). */
  onAlert(fn: () => void): () => void;
}

/** The window the frontend runs in: links, clipboard, downloads. */
export interface ShellAPI {
  /** Opens an http(s) URL in the system browser and returns true; false when the caller's own link should do it. */
  openURL(url: string): boolean;
  /** Put text on the clipboard. */
  copyText(text: string): Promise<void>;
  /** Whether the window can save a file as a download (a browser can; the desktop window copies instead). */
  canDownload(): boolean;
}

/** Desktop only: backups as files on the user's disk. */
export interface BackupFilesAPI {
  /** Show the backups folder in the file manager. */
  openFolder(): Promise<void>;
  /** Ask for an archive file; resolves to its path, or "" when cancelled. */
  pickFile(): Promise<string>;
  inspectFile(path: string): Promise<BackupInspection>;
  restoreFile(path: string): Promise<RestoreResult>;
}

/** Browser only: send an archive to the server's backups folder (verified, and not kept when bad). */
export interface BackupUploadAPI {
  upload(file: Blob): Promise<BackupInfo>;
}

/** Desktop only: start the app when the user logs in. */
export interface LoginItemAPI {
  enabled(): Promise<boolean>;
  /** Resolves to the state read back. */
  setEnabled(on: boolean): Promise<boolean>;
}

/** One way of talking to the Go side: every domain, and the capabilities this side has. */
export interface Transport {
  readonly kind: TransportKind;
  app: AppAPI;
  library: LibraryAPI;
  chat: ChatAPI;
  models: ModelsAPI;
  backups: BackupsAPI;
  monitor: MonitorAPI;
  shell: ShellAPI;
  backupFiles?: BackupFilesAPI;
  backupUpload?: BackupUploadAPI;
  loginItem?: LoginItemAPI;
}

type Missing<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;

/** The method names of T, checked by the compiler to be all of them (a missing one is a type error). */
function methodsOf<T>() {
  return <const K extends readonly (keyof T)[]>(...keys: [Missing<T, K>] extends [never] ? K : never) => keys;
}

/** Every method of every domain, at run time (for the contract test; the compiler checks it is complete). */
export const DOMAIN_METHODS = {
  app: methodsOf<AppAPI>()('info', 'health', 'retryStart'),
  library: methodsOf<LibraryAPI>()(
    'search',
    'sources',
    'sourcePolicy',
    'addSource',
    'syncSource',
    'syncStatus',
    'cancelSync',
    'pages',
    'removeSource',
  ),
  chat: methodsOf<ChatAPI>()(
    'ask',
    'regenerate',
    'sessions',
    'createSession',
    'session',
    'renameSession',
    'deleteSession',
    'exportSession',
  ),
  models: methodsOf<ModelsAPI>()('list', 'current', 'switchModel', 'config', 'setConfig', 'deleteModel', 'ollama', 'pull'),
  backups: methodsOf<BackupsAPI>()('list', 'create', 'verify', 'inspect', 'restore', 'deleteBackup', 'onProgress'),
  monitor: methodsOf<MonitorAPI>()(
    'status',
    'detailedHealth',
    'performance',
    'resetPerformance',
    'alerts',
    'history',
    'logs',
    'maintenance',
    'onAlert',
  ),
  shell: methodsOf<ShellAPI>()('openURL', 'copyText', 'canDownload'),
} as const;

/** Every method of every optional capability, at run time. */
export const CAPABILITY_METHODS = {
  backupFiles: methodsOf<BackupFilesAPI>()('openFolder', 'pickFile', 'inspectFile', 'restoreFile'),
  backupUpload: methodsOf<BackupUploadAPI>()('upload'),
  loginItem: methodsOf<LoginItemAPI>()('enabled', 'setEnabled'),
} as const;

// The two tables name every domain and every capability of Transport.
type Domains = keyof typeof DOMAIN_METHODS;
type Capabilities = keyof typeof CAPABILITY_METHODS;
const _complete: [Exclude<keyof Transport, Domains | Capabilities | 'kind'>] extends [never] ? true : never = true;
void _complete;
