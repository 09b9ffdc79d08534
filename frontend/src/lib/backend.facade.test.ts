import { describe, expect, it, vi } from 'vitest';
import * as backend from './backend';
import { CAPABILITY_METHODS, DOMAIN_METHODS, type Transport } from './transport/api';

type Fns = Record<string, ReturnType<typeof vi.fn>>;

/** A transport whose every method is a spy answering "<domain>.<method>". */
function fakeTransport(caps: (keyof typeof CAPABILITY_METHODS)[] = [], canDownload = true) {
  const spies: Record<string, Fns> = {};
  const build = (name: string, methods: readonly string[]) => {
    spies[name] = Object.fromEntries(methods.map((m) => [m, vi.fn(() => `${name}.${m}`)]));
    return spies[name];
  };
  const t: Record<string, unknown> = { kind: 'http' };
  for (const [d, ms] of Object.entries(DOMAIN_METHODS)) t[d] = build(d, ms);
  for (const c of caps) t[c] = build(c, CAPABILITY_METHODS[c]);
  spies.shell.canDownload.mockReturnValue(canDownload);
  backend.setTransportForTests(t as unknown as Transport);
  return spies;
}

const onEvent = () => undefined;
const cfg = { model_name: 'm', temperature: null, max_tokens: null, context_length: null, top_p: null };

// facade call -> [domain, method, arguments the transport gets]
const routes: [string, () => unknown, string, string, unknown[]][] = [
  ['getInfo', () => backend.getInfo(), 'app', 'info', []],
  ['getHealth', () => backend.getHealth(), 'app', 'health', []],
  ['retryStart', () => backend.retryStart(), 'app', 'retryStart', []],
  ['search', () => backend.search('q'), 'library', 'search', ['q', backend.DEFAULT_SEARCH_K]],
  ['listSources', () => backend.listSources(), 'library', 'sources', []],
  ['getSourcePolicy', () => backend.getSourcePolicy(), 'library', 'sourcePolicy', []],
  ['addSource', () => backend.addSource({ kind: 'folder', location: '/d' }), 'library', 'addSource', [{ kind: 'folder', location: '/d' }]],
  ['syncSource', () => backend.syncSource(3), 'library', 'syncSource', [3]],
  ['getSyncStatus', () => backend.getSyncStatus(), 'library', 'syncStatus', []],
  ['cancelSync', () => backend.cancelSync(), 'library', 'cancelSync', []],
  ['listPages', () => backend.listPages(4), 'library', 'pages', [4]],
  ['removeSource', () => backend.removeSource(5), 'library', 'removeSource', [5]],
  ['askQuestion', () => backend.askQuestion({ question: 'q' }, onEvent), 'chat', 'ask', [{ question: 'q' }, onEvent]],
  ['askQuestionSSE', () => backend.askQuestionSSE({ question: 'q' }, onEvent), 'chat', 'ask', [{ question: 'q' }, onEvent, { sse: true }]],
  ['regenerateAnswer', () => backend.regenerateAnswer('s', {}, onEvent), 'chat', 'regenerate', ['s', {}, onEvent]],
  ['listSessions', () => backend.listSessions(), 'chat', 'sessions', []],
  ['createSession', () => backend.createSession(), 'chat', 'createSession', ['']],
  ['getSession', () => backend.getSession('s'), 'chat', 'session', ['s']],
  ['renameSession', () => backend.renameSession('s', 't'), 'chat', 'renameSession', ['s', 't']],
  ['deleteSession', () => backend.deleteSession('s'), 'chat', 'deleteSession', ['s']],
  ['exportSession', () => backend.exportSession('s', 'json'), 'chat', 'exportSession', ['s', 'json']],
  ['listModels', () => backend.listModels(), 'models', 'list', []],
  ['currentModels', () => backend.currentModels(), 'models', 'current', []],
  ['switchModel', () => backend.switchModel('embedding', 'e'), 'models', 'switchModel', ['embedding', 'e']],
  ['getModelConfig', () => backend.getModelConfig('m'), 'models', 'config', ['m']],
  ['setModelConfig', () => backend.setModelConfig(cfg), 'models', 'setConfig', [cfg]],
  ['deleteModel', () => backend.deleteModel('m'), 'models', 'deleteModel', ['m']],
  ['getOllamaState', () => backend.getOllamaState(), 'models', 'ollama', []],
  ['pullModel', () => backend.pullModel('m', onEvent), 'models', 'pull', ['m', onEvent]],
  ['listBackups', () => backend.listBackups(), 'backups', 'list', []],
  ['createBackup', () => backend.createBackup(true), 'backups', 'create', [true]],
  ['verifyBackup', () => backend.verifyBackup('b'), 'backups', 'verify', ['b']],
  ['inspectBackup', () => backend.inspectBackup('b'), 'backups', 'inspect', ['b']],
  ['restoreBackup', () => backend.restoreBackup('b'), 'backups', 'restore', ['b']],
  ['deleteBackup', () => backend.deleteBackup('b'), 'backups', 'deleteBackup', ['b']],
  ['onBackupProgress', () => backend.onBackupProgress(onEvent), 'backups', 'onProgress', [onEvent]],
  ['getSystemStatus', () => backend.getSystemStatus(), 'monitor', 'status', []],
  ['getDetailedHealth', () => backend.getDetailedHealth(), 'monitor', 'detailedHealth', []],
  ['getPerformance', () => backend.getPerformance(), 'monitor', 'performance', ['', 24]],
  ['resetPerformance', () => backend.resetPerformance(), 'monitor', 'resetPerformance', []],
  ['getAlerts', () => backend.getAlerts(), 'monitor', 'alerts', [50]],
  ['getHistory', () => backend.getHistory(6), 'monitor', 'history', [6]],
  ['getLogs', () => backend.getLogs({ level: '', q: 'x', limit: 9 }), 'monitor', 'logs', [{ level: '', q: 'x', limit: 9 }]],
  ['getMaintenance', () => backend.getMaintenance(), 'monitor', 'maintenance', []],
  ['onAlert', () => backend.onAlert(onEvent), 'monitor', 'onAlert', [onEvent]],
  ['openExternal', () => backend.openExternal('https://x'), 'shell', 'openURL', ['https://x']],
  ['copyText', () => backend.copyText('t'), 'shell', 'copyText', ['t']],
];

describe('backend facade', () => {
  it.each(routes)('%s hands its call to the chosen transport', (_name, call, domain, method, args) => {
    const spies = fakeTransport();
    expect(call()).toBe(`${domain}.${method}`);
    expect(spies[domain][method]).toHaveBeenCalledExactlyOnceWith(...args);
  });

  it('reaches every domain method through some facade function', () => {
    const reached = new Set(routes.map((r) => `${r[2]}.${r[3]}`));
    const all = Object.entries(DOMAIN_METHODS).flatMap(([d, ms]) => ms.map((m) => `${d}.${m}`));
    expect(all.filter((m) => !reached.has(m) && m !== 'shell.canDownload')).toEqual([]);
  });
});

describe('capabilities through the facade', () => {
  it('reports what the transport has, not which transport it is', () => {
    fakeTransport(['loginItem', 'backupFiles'], false);
    expect(backend.capabilities()).toEqual({ startAtLogin: true, backupFiles: true, backupUpload: false, downloads: false });
    fakeTransport(['backupUpload']);
    expect(backend.capabilities()).toEqual({ startAtLogin: false, backupFiles: false, backupUpload: true, downloads: true });
  });

  it('uses a capability when present', async () => {
    const spies = fakeTransport(['loginItem', 'backupFiles', 'backupUpload']);
    const file = new Blob(['x']);
    await backend.getStartAtLogin();
    await backend.setStartAtLogin(true);
    await backend.openBackupFolder();
    await backend.pickBackupFile();
    await backend.inspectBackupFile('/a.tar.gz');
    await backend.restoreBackupFile('/a.tar.gz');
    await backend.uploadBackup(file);
    expect(spies.loginItem.enabled).toHaveBeenCalledOnce();
    expect(spies.loginItem.setEnabled).toHaveBeenCalledWith(true);
    expect(spies.backupFiles.openFolder).toHaveBeenCalledOnce();
    expect(spies.backupFiles.pickFile).toHaveBeenCalledOnce();
    expect(spies.backupFiles.inspectFile).toHaveBeenCalledWith('/a.tar.gz');
    expect(spies.backupFiles.restoreFile).toHaveBeenCalledWith('/a.tar.gz');
    expect(spies.backupUpload.upload).toHaveBeenCalledWith(file);
  });

  it('rejects (never throws) with what to do when a capability is missing', async () => {
    fakeTransport();
    await expect(backend.getStartAtLogin()).rejects.toThrow(backend.START_AT_LOGIN_BROWSER);
    await expect(backend.setStartAtLogin(true)).rejects.toThrow(backend.START_AT_LOGIN_BROWSER);
    await expect(backend.openBackupFolder()).rejects.toThrow('desktop app only');
    await expect(backend.pickBackupFile()).rejects.toThrow('desktop app only');
    await expect(backend.inspectBackupFile('/a')).rejects.toThrow('desktop app only');
    await expect(backend.restoreBackupFile('/a')).rejects.toThrow('desktop app only');
    await expect(backend.uploadBackup(new Blob([]))).rejects.toThrow('browser only');
  });
});
