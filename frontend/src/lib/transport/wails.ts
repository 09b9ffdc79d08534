// The desktop transport: the Go methods Wails binds on window.go.desktop
// (called through the generated wailsjs wrappers) and the window events
// (EventsOn) that carry streamed answers, pull and backup progress, alerts.
import * as WailsApp from '../../../wailsjs/go/desktop/App';
import * as WailsBackups from '../../../wailsjs/go/desktop/Backups';
import * as WailsConversations from '../../../wailsjs/go/desktop/Conversations';
import * as WailsLibrary from '../../../wailsjs/go/desktop/Library';
import * as WailsLoginItem from '../../../wailsjs/go/desktop/LoginItem';
import * as WailsModels from '../../../wailsjs/go/desktop/Models';
import * as WailsMonitoring from '../../../wailsjs/go/desktop/Monitoring';
import { BrowserOpenURL, ClipboardSetText, EventsOn } from '../../../wailsjs/runtime/runtime';
import type {
  BackupInfo,
  BackupInspection,
  BackupList,
  BackupProgress,
  BackupVerifyResult,
  ChatAnswer,
  ChatEvent,
  ChatRequest,
  ChatSession,
  Conversation,
  CurrentModels,
  ExportedSession,
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
import {
  AnswerCollector,
  arrayOf,
  CANCELLED,
  normaliseAlerts,
  normaliseAnswer,
  normaliseBackupList,
  normaliseConversation,
  normaliseCurrent,
  normaliseExport,
  normaliseHistory,
  normaliseInspection,
  normaliseLogs,
  normaliseMaintenance,
  normaliseModels,
  normaliseProgress,
  normaliseResult,
  normaliseSyncStatus,
  OPEN_POLICY,
  type AnswerOutcome,
} from '../transportData';
import type {
  AnswerStream,
  AppAPI,
  BackupFilesAPI,
  BackupsAPI,
  ChatAPI,
  LibraryAPI,
  LoginItemAPI,
  ModelsAPI,
  MonitorAPI,
  PullHandle,
  ShellAPI,
  Transport,
} from './api';
import { toError } from './errors';

/** The Go structs Wails binds (backend/desktop), each a record of methods. */
type Facade = 'App' | 'Library' | 'Conversations' | 'Models' | 'Backups' | 'Monitoring' | 'LoginItem';

declare global {
  interface Window {
    go?: {
      desktop?: Partial<Record<Facade, Record<string, unknown>>>;
    };
    /** The Wails runtime (events, clipboard, browser); also declared by I18nContext for the window title. */
    runtime?: Record<string, unknown>;
  }
}

/** Desktop window event carrying pull progress. */
export const PULL_EVENT = 'models:pull';

/** Desktop window event sent when an alert is raised or cleared. */
export const ALERT_EVENT = 'monitor:alert';

/** Desktop window event carrying backup and restore progress. */
export const BACKUP_PROGRESS_EVENT = 'backup:progress';

/**
 * Calls facade.method through its wailsjs wrapper (invoke). A missing
 * binding (an older app) and a synchronous throw become a rejected Error, as
 * does Wails' plain-string rejection.
 */
function call<T>(facade: Facade, method: string, invoke: () => Promise<unknown>): Promise<T> {
  return new Promise<unknown>((resolve) => {
    if (typeof window.go?.desktop?.[facade]?.[method] !== 'function') {
      throw new Error(`this version of the app has no ${facade}.${method}: update the app`);
    }
    resolve(invoke());
  }).then(
    (v) => v as T,
    (e: unknown) => Promise.reject(toError(e)),
  );
}

const done = () => undefined;

/** Listen to a window event when the Wails runtime is there; otherwise a no-op unsubscribe. */
function listen<T>(name: string, fn: (data: T) => void): () => void {
  if (typeof window.runtime?.EventsOnMultiple !== 'function') return done;
  return EventsOn(name, (data: T) => fn(data));
}

const app: AppAPI = {
  info: () => call<Overview>('App', 'Info', () => WailsApp.Info()),
  health: () => call<HealthReport>('App', 'Health', () => WailsApp.Health()),
  retryStart: () => call<unknown>('App', 'Retry', () => WailsApp.Retry()).then(done),
};

const library: LibraryAPI = {
  search: (query, k) => call<SearchResult>('Library', 'Search', () => WailsLibrary.Search(query, k)).then(normaliseResult),
  sources: () => call<unknown>('Library', 'Sources', () => WailsLibrary.Sources()).then((v) => arrayOf(v)),
  // The desktop user types the source: always open.
  sourcePolicy: () => Promise.resolve(OPEN_POLICY),
  addSource: (req) => call<SyncStatus>('Library', 'AddSource', () => WailsLibrary.AddSource(req as never)).then(normaliseSyncStatus),
  syncSource: (id) => call<SyncStatus>('Library', 'SyncSource', () => WailsLibrary.SyncSource(id)).then(normaliseSyncStatus),
  syncStatus: () => call<SyncStatus>('Library', 'SyncStatus', () => WailsLibrary.SyncStatus()).then(normaliseSyncStatus),
  cancelSync: () => call<SyncStatus>('Library', 'CancelSync', () => WailsLibrary.CancelSync()).then(normaliseSyncStatus),
  pages: (id) => call<unknown>('Library', 'Pages', () => WailsLibrary.Pages(id)).then((v) => arrayOf(v)),
  removeSource: (id) => call<unknown>('Library', 'RemoveSource', () => WailsLibrary.RemoveSource(id)).then(done),
};

/** How often a stop that came too early is tried again. */
const STOP_RETRY_MS = 100;

let requestCounter = 0;
function newRequestID(): string {
  requestCounter += 1;
  return `${Date.now().toString(36)}-${requestCounter}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Listen to "chat:<id>" while invoke(id) runs; Stop(id) cancels. */
function answer(method: 'Ask' | 'Regenerate', invoke: (requestID: string) => Promise<unknown>, onEvent: (ev: ChatEvent) => void): AnswerStream {
  const id = newRequestID();
  const collector = new AnswerCollector(onEvent);
  const result = (async (): Promise<AnswerOutcome> => {
    let off: () => void = done;
    try {
      off = EventsOn(`chat:${id}`, (ev: ChatEvent) => collector.push(ev));
    } catch (e) {
      throw toError(e);
    }
    try {
      const ans = normaliseAnswer(await call<ChatAnswer>('Conversations', method, () => invoke(id)));
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
      const ok = await call<boolean>('Conversations', 'Stop', () => WailsConversations.Stop(id)).catch(() => false);
      if (ok || settled) return;
      await new Promise((r) => setTimeout(r, STOP_RETRY_MS));
    }
  };
  return { result, stop: () => void stop() };
}

const chat: ChatAPI = {
  ask: (req, onEvent) => answer('Ask', (id) => WailsConversations.Ask(id, req as never), onEvent),
  regenerate: (sessionID, req, onEvent) =>
    answer('Regenerate', (id) => WailsConversations.Regenerate(id, sessionID, { question: '', ...req } satisfies ChatRequest as never), onEvent),
  sessions: () => call<unknown>('Conversations', 'Sessions', () => WailsConversations.Sessions()).then((v) => arrayOf<ChatSession>(v)),
  createSession: (title) => call<ChatSession>('Conversations', 'CreateSession', () => WailsConversations.CreateSession(title)),
  session: (id) => call<Conversation>('Conversations', 'Session', () => WailsConversations.Session(id)).then(normaliseConversation),
  renameSession: (id, title) => call<unknown>('Conversations', 'RenameSession', () => WailsConversations.RenameSession(id, title)).then(done),
  deleteSession: (id) => call<unknown>('Conversations', 'DeleteSession', () => WailsConversations.DeleteSession(id)).then(done),
  exportSession: (id, format) =>
    call<ExportedSession>('Conversations', 'Export', () => WailsConversations.Export(id, format)).then((e) => normaliseExport(e, format)),
};

interface PullEvent extends PullProgress {
  id: string;
  name: string;
}

/** Models.Pull answers an id; progress comes as "models:pull" events with that id; CancelPull(id) stops it. */
function pull(name: string, onProgress: (p: PullProgress) => void): PullHandle {
  let id: string | undefined;
  let cancelled = false;
  let settle: { resolve(p: PullProgress): void; reject(e: Error): void } | undefined;
  const early: PullEvent[] = [];
  let off: () => void = done;
  const cancelPull = (pullID: string) =>
    void call<boolean>('Models', 'CancelPull', () => WailsModels.CancelPull(pullID)).catch(() => undefined);
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
    call<string>('Models', 'Pull', () => WailsModels.Pull(name)).then(
      (pullID) => {
        id = pullID;
        if (cancelled) {
          cancelPull(pullID);
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
      if (id !== undefined) cancelPull(id);
      settle?.resolve(CANCELLED);
    },
  };
}

const models: ModelsAPI = {
  list: () => call<ModelsList>('Models', 'List', () => WailsModels.List()).then(normaliseModels),
  current: () => call<CurrentModels>('Models', 'Current', () => WailsModels.Current()),
  switchModel: (kind, name) =>
    call<Record<string, unknown>>('Models', 'Switch', () => WailsModels.Switch(kind, name)).then(normaliseCurrent),
  config: (name) => call<ModelConfig>('Models', 'Config', () => WailsModels.Config(name)),
  setConfig: (cfg) => call<ModelConfig>('Models', 'SetConfig', () => WailsModels.SetConfig(cfg as never)),
  deleteModel: (name) => call<unknown>('Models', 'Delete', () => WailsModels.Delete(name)).then(done),
  ollama: () => call<OllamaState>('Models', 'Ollama', () => WailsModels.Ollama()).then((v) => v ?? {}),
  pull,
};

const backups: BackupsAPI = {
  list: () => call<BackupList>('Backups', 'List', () => WailsBackups.List()).then(normaliseBackupList),
  create: (includeLogs) => call<BackupInfo>('Backups', 'Create', () => WailsBackups.Create(includeLogs)),
  verify: (name) => call<BackupVerifyResult>('Backups', 'Verify', () => WailsBackups.Verify(name)),
  inspect: (name) => call<BackupInspection>('Backups', 'Inspect', () => WailsBackups.Inspect(name)).then(normaliseInspection),
  restore: (name) => call<RestoreResult>('Backups', 'Restore', () => WailsBackups.Restore(name)),
  deleteBackup: (name) => call<unknown>('Backups', 'Delete', () => WailsBackups.Delete(name)).then(done),
  onProgress: (fn) => listen<BackupProgress>(BACKUP_PROGRESS_EVENT, fn),
};

const backupFiles: BackupFilesAPI = {
  openFolder: () => call<unknown>('Backups', 'OpenFolder', () => WailsBackups.OpenFolder()).then(done),
  pickFile: () => call<unknown>('Backups', 'PickFile', () => WailsBackups.PickFile()).then((p) => (typeof p === 'string' ? p : '')),
  inspectFile: (path) => call<BackupInspection>('Backups', 'InspectFile', () => WailsBackups.InspectFile(path)).then(normaliseInspection),
  restoreFile: (path) => call<RestoreResult>('Backups', 'RestoreFile', () => WailsBackups.RestoreFile(path)),
};

const monitor: MonitorAPI = {
  status: () => call<SystemStatus>('Monitoring', 'Status', () => WailsMonitoring.Status()),
  detailedHealth: () => call<DetailedHealth>('Monitoring', 'DetailedHealth', () => WailsMonitoring.DetailedHealth()),
  performance: (operationType, hours) =>
    call<Performance>('Monitoring', 'Performance', () => WailsMonitoring.Performance(operationType, hours)),
  resetPerformance: () =>
    call<{ deleted?: number }>('Monitoring', 'ResetPerformance', () => WailsMonitoring.ResetPerformance()).then((r) => r?.deleted ?? 0),
  alerts: (limit) => call<AlertReport>('Monitoring', 'Alerts', () => WailsMonitoring.Alerts(limit)).then(normaliseAlerts),
  history: (hours) => call<History>('Monitoring', 'History', () => WailsMonitoring.History(hours)).then(normaliseHistory),
  logs: (q) => call<LogPage>('Monitoring', 'Logs', () => WailsMonitoring.Logs(q.level, q.q, q.limit)).then(normaliseLogs),
  maintenance: () => call<MaintenancePage>('Monitoring', 'Maintenance', () => WailsMonitoring.Maintenance()).then(normaliseMaintenance),
  onAlert: (fn) => listen<unknown>(ALERT_EVENT, () => fn()),
};

const loginItem: LoginItemAPI = {
  enabled: () => call<unknown>('LoginItem', 'Enabled', () => WailsLoginItem.Enabled()).then((v) => v === true),
  setEnabled: (on) => call<unknown>('LoginItem', 'SetEnabled', () => WailsLoginItem.SetEnabled(on)).then((v) => v === true),
};

/**
 * The desktop window: links go to the system browser (a plain link would
 * navigate the app window away), Wails' clipboard, no downloads (exports
 * are copied). Falls back to the browser's ways when the runtime lacks one.
 */
const shell: ShellAPI = {
  openURL: (url) => {
    if (typeof window.runtime?.BrowserOpenURL !== 'function') return false;
    BrowserOpenURL(url);
    return true;
  },
  copyText: async (text) => {
    if (typeof window.runtime?.ClipboardSetText === 'function') {
      const ok = await ClipboardSetText(text);
      if (!ok) throw new Error('the clipboard did not accept the text');
      return;
    }
    if (!navigator.clipboard) throw new Error('the clipboard is not available here');
    await navigator.clipboard.writeText(text);
  },
  canDownload: () => false,
};

/** The desktop transport: every domain, plus file dialogs for backups and the login item (no uploads). */
export const wailsTransport = {
  kind: 'wails',
  app,
  library,
  chat,
  models,
  backups,
  monitor,
  shell,
  backupFiles,
  loginItem,
} as const satisfies Transport;
