import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import { healthy, jsonResponse, overviewUp } from '../test/fixtures';
import type { BackupInfo, BackupInspection, BackupList, BackupProgress, RestoreResult } from '../lib/types';

const manual: BackupInfo = {
  name: 'genkai_rag_backup_20261124_093000.tar.gz',
  path: '/home/u/.local/share/genkai-rag/backups/genkai_rag_backup_20261124_093000.tar.gz',
  size_bytes: 3 * 1024 * 1024,
  created_at: '2026-11-24T00:30:00Z',
  valid: true,
  manifest: {
    format: 1,
    app_version: '0.1.0',
    schema_version: 5,
    created_at: '2026-11-24T00:30:00Z',
    reason: 'manual',
    counts: { sources: 2, pages: 120, chunks: 840, sessions: 5, messages: 40 },
    files: [
      { path: 'data/genkai_rag.db', size: 1, sha256: 'x' },
      { path: 'logs/app.log', size: 1, sha256: 'y' },
    ],
  },
};

const broken: BackupInfo = {
  name: 'genkai_rag_backup_20261120_010000.tar.gz',
  path: '/home/u/.local/share/genkai-rag/backups/genkai_rag_backup_20261120_010000.tar.gz',
  size_bytes: 512,
  created_at: '2026-11-20T01:00:00Z',
  valid: false,
  error: 'not a Genkai RAG backup: not a gzip file',
};

const listing: BackupList = { folder: '/home/u/.local/share/genkai-rag/backups', backups: [manual, broken] };

const restored: RestoreResult = {
  restored: manual.name,
  pre_restore_backup: 'genkai_rag_backup_20261125_120000.tar.gz',
  manifest: manual.manifest!,
  resets: [],
};

/** What the server's check says of a valid archive (GET /api/backups/{name}, Backups.Inspect). */
function inspectionOf(name: string, over: Partial<BackupInspection> = {}): BackupInspection {
  return { name, path: `/x/${name}`, size_bytes: manual.size_bytes, valid: true, manifest: manual.manifest, app_schema_version: 7, with_logs: true, resets: [], ...over };
}

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

async function openBackup() {
  const user = userEvent.setup();
  renderApp();
  await user.click(await screen.findByTestId('nav-backup'));
  await screen.findByTestId('page-backup');
  return user;
}

type Handler = (p: BackupProgress) => void;

/** window.go.desktop with App and Backups, and window.runtime for events. */
function fakeDesktop(overrides: Partial<Record<string, (...a: never[]) => Promise<unknown>>> = {}) {
  const handlers: Record<string, Handler> = {};
  const b = {
    List: vi.fn(async () => listing),
    Create: vi.fn(async (_logs: boolean) => ({ ...manual, name: 'genkai_rag_backup_20261125_100000.tar.gz' })),
    Verify: vi.fn(async (name: string) => ({ name, valid: true, manifest: manual.manifest })),
    Restore: vi.fn(async (_name: string) => restored),
    RestoreFile: vi.fn(async (_path: string) => ({ ...restored, restored: 'laptop.tar.gz' })),
    Delete: vi.fn(async (_name: string) => undefined),
    OpenFolder: vi.fn(async () => undefined),
    PickFile: vi.fn(async () => '/media/usb/laptop.tar.gz'),
    Inspect: vi.fn(async (name: string) => inspectionOf(name)),
    InspectFile: vi.fn(async (path: string) => inspectionOf(path.split('/').pop() ?? path)),
    ...overrides,
  };
  const w = window as unknown as { go: unknown; runtime: unknown };
  w.go = { desktop: { App: { Info: async () => overviewUp, Health: async () => healthy }, Backups: b } };
  w.runtime = {
    EventsOnMultiple: (name: string, cb: Handler) => {
      handlers[name] = cb;
      return () => delete handlers[name];
    },
  };
  return { b, emit: (p: BackupProgress) => handlers['backup:progress']?.(p) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('BackupPage (desktop)', () => {
  it('lists archives with date, size, reason, contents and validity', async () => {
    fakeDesktop();
    await openBackup();
    const items = await screen.findAllByTestId('backup-item');
    expect(items).toHaveLength(2);
    const [ok, bad] = items;
    expect(within(ok).getByTestId('backup-state')).toHaveTextContent('正常');
    expect(within(ok).getByTestId('backup-size')).toHaveTextContent('3.0 MB');
    expect(within(ok).getByTestId('backup-reason')).toHaveTextContent('手動');
    expect(within(ok).getByTestId('backup-contents')).toHaveTextContent(
      'ソース 2・ページ 120・チャンク 840・セッション 5・メッセージ 40 · ログを含む',
    );
    expect(within(ok).getByTestId('backup-date')).toHaveTextContent('2026');
    expect(within(bad).getByTestId('backup-state')).toHaveTextContent('読めません');
    expect(within(bad).getByTestId('backup-error')).toHaveTextContent('not a gzip file');
    expect(within(bad).getByTestId('backup-restore')).toBeDisabled();
    expect(screen.getByTestId('backup-folder')).toHaveTextContent(listing.folder);
  });

  it('creates a backup with the logs option and shows progress', async () => {
    let finish: (v: BackupInfo) => void = () => undefined;
    const { b, emit } = fakeDesktop({
      Create: vi.fn(() => new Promise<BackupInfo>((resolve) => (finish = resolve))),
    });
    const user = await openBackup();
    await user.click(screen.getByTestId('backup-include-logs'));
    await user.click(screen.getByTestId('backup-create'));
    expect(b.Create).toHaveBeenCalledWith(true);
    expect(screen.getByTestId('backup-progress')).toHaveTextContent('バックアップ中…');
    expect(screen.getByTestId('backup-create')).toBeDisabled();
    act(() => emit({ op: 'create', phase: 'backup', done: 50, total: 200 }));
    expect(screen.getByTestId('backup-progress')).toHaveTextContent('25%');
    await act(async () => finish({ ...manual, name: 'genkai_rag_backup_20261125_100000.tar.gz' }));
    expect(await screen.findByTestId('backup-notice')).toHaveTextContent(
      'バックアップを作成しました: genkai_rag_backup_20261125_100000.tar.gz（3.0 MB）',
    );
    expect(screen.queryByTestId('backup-progress')).toBeNull();
    expect(b.List.mock.calls.length).toBeGreaterThan(1); // refreshed
  });

  it('restores only after a confirmation that says the current data is backed up first', async () => {
    const { b } = fakeDesktop();
    const user = await openBackup();
    const [ok] = await screen.findAllByTestId('backup-item');

    await user.click(within(ok).getByTestId('backup-restore'));
    let dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(manual.name);
    expect(within(dialog).getByTestId('restore-safety')).toHaveTextContent('現在のデータのバックアップが自動で作成されます');
    await user.click(within(dialog).getByTestId('confirm-cancel'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(b.Restore).not.toHaveBeenCalled();

    await user.click(within(ok).getByTestId('backup-restore'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(within(ok).getByTestId('backup-restore'));
    dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(b.Restore).toHaveBeenCalledExactlyOnceWith(manual.name);
    expect(await screen.findByTestId('backup-notice')).toHaveTextContent(
      `「${manual.name}」から復元しました。以前のデータは「${restored.pre_restore_backup}」に保存されています。`,
    );
  });

  it('shows why a restore failed', async () => {
    fakeDesktop({
      Restore: vi.fn(() => Promise.reject('restore: the backup is damaged: "data/genkai_rag.db" does not match its checksum')),
    });
    const user = await openBackup();
    const [ok] = await screen.findAllByTestId('backup-item');
    await user.click(within(ok).getByTestId('backup-restore'));
    await user.click(screen.getByTestId('confirm-ok'));
    const notice = await screen.findByTestId('backup-notice');
    expect(notice).toHaveAttribute('role', 'alert');
    expect(notice).toHaveTextContent('失敗しました: restore: the backup is damaged');
  });

  it('verifies, deletes with confirmation, opens the folder and restores a picked file', async () => {
    const { b } = fakeDesktop({
      Verify: vi.fn(async (name: string) => ({ name, valid: false, error: 'the backup is damaged: truncated' })),
    });
    const user = await openBackup();
    const [ok] = await screen.findAllByTestId('backup-item');

    await user.click(within(ok).getByTestId('backup-verify'));
    expect(await within(ok).findByTestId('backup-verify-result')).toHaveTextContent('このバックアップは壊れています: the backup is damaged: truncated');
    expect(b.Verify).toHaveBeenCalledWith(manual.name);

    await user.click(within(ok).getByTestId('backup-delete'));
    expect(screen.getByRole('dialog')).toHaveTextContent('この操作は元に戻せません');
    await user.click(screen.getByTestId('confirm-ok'));
    expect(b.Delete).toHaveBeenCalledExactlyOnceWith(manual.name);
    expect(await screen.findByTestId('backup-notice')).toHaveTextContent('削除しました');

    await user.click(screen.getByTestId('backup-open-folder'));
    expect(b.OpenFolder).toHaveBeenCalledOnce();

    expect(screen.queryByTestId('backup-upload')).toBeNull();
    await user.click(screen.getByTestId('backup-pick'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('laptop.tar.gz');
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(b.RestoreFile).toHaveBeenCalledExactlyOnceWith('/media/usb/laptop.tar.gz');
    expect(await screen.findByTestId('backup-notice')).toHaveTextContent('「laptop.tar.gz」から復元しました');
  });

  it('does nothing when the file dialog is cancelled', async () => {
    const { b } = fakeDesktop({ PickFile: vi.fn(async () => '') });
    const user = await openBackup();
    await user.click(screen.getByTestId('backup-pick'));
    expect(b.PickFile).toHaveBeenCalledOnce();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(b.RestoreFile).not.toHaveBeenCalled();
  });
});

describe('BackupPage (browser)', () => {
  function fakeServer(upload: (body: unknown) => Response) {
    const calls: { method: string; url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body });
      if (url === '/api/app/info') return jsonResponse(overviewUp);
      if (url === '/api/health') return jsonResponse(healthy);
      if (url === '/api/backups' && method === 'GET') return jsonResponse({ folder: listing.folder, backups: [manual] });
      if (url === '/api/backups/upload') return upload(init?.body);
      if (url.endsWith('/restore')) return jsonResponse(restored);
      if (url.startsWith('/api/backups/') && method === 'GET') return jsonResponse(inspectionOf(decodeURIComponent(url.slice('/api/backups/'.length))));
      return jsonResponse({ error: { code: 'not_found', message: 'no such endpoint' } }, 404, 'Not Found');
    });
    return calls;
  }

  it('uploads a picked file, then restores it after confirmation', async () => {
    const uploaded = { ...manual, name: 'genkai_rag_backup_20261101_080000.tar.gz' };
    const calls = fakeServer(() => jsonResponse(uploaded, 201, 'Created'));
    const user = await openBackup();
    await screen.findAllByTestId('backup-item');
    expect(screen.queryByTestId('backup-open-folder')).toBeNull();
    expect(screen.queryByTestId('backup-pick')).toBeNull();

    const file = new File([new Uint8Array([0x1f, 0x8b, 8, 0])], 'laptop.tar.gz', { type: 'application/gzip' });
    await user.upload(screen.getByTestId('backup-upload'), file);
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(uploaded.name);
    const up = calls.find((c) => c.url === '/api/backups/upload');
    expect(up?.method).toBe('POST');
    expect(up?.body).toBe(file);
    expect(calls.some((c) => c.url.endsWith('/restore'))).toBe(false);

    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(await screen.findByTestId('backup-notice')).toHaveTextContent('復元しました');
    expect(calls.filter((c) => c.url.endsWith('/restore')).map((c) => [c.method, c.url])).toEqual([
      ['POST', `/api/backups/${uploaded.name}/restore`],
    ]);
  });

  it('says why an uploaded file was rejected and offers no restore', async () => {
    fakeServer(() =>
      jsonResponse(
        { error: { code: 'invalid_backup', message: 'this file cannot be restored and was not kept: not a Genkai RAG backup' } },
        422,
        'Unprocessable Entity',
      ),
    );
    const user = await openBackup();
    await screen.findAllByTestId('backup-item');
    await user.upload(screen.getByTestId('backup-upload'), new File(['hello'], 'photo.tar.gz'));
    const notice = await screen.findByTestId('backup-notice');
    expect(notice).toHaveAttribute('role', 'alert');
    expect(notice).toHaveTextContent('was not kept: not a Genkai RAG backup');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('is in English when English is chosen', async () => {
    fakeServer(() => jsonResponse({}, 500));
    window.localStorage.setItem('genkai.lang', 'en');
    await openBackup();
    const [ok] = await screen.findAllByTestId('backup-item');
    expect(within(ok).getByTestId('backup-contents')).toHaveTextContent('2 sources · 120 pages · 840 chunks · 5 sessions · 40 messages · with logs');
    expect(screen.getByTestId('backup-create')).toHaveTextContent('Back up now');
  });
});

describe('restore confirmation shows what the archive holds', () => {
  const resets = [
    { key: 'server.host', archive: '0.0.0.0', kept: '127.0.0.1', message: 'server.host from the archive (0.0.0.0) was not applied; kept 127.0.0.1' },
    { key: 'server.api_token', archive: 'a token', kept: 'no token', message: 'server.api_token from the archive (a token) was not applied; kept no token' },
  ];

  it('checks the archive first, then shows when, what, the schema and the settings it keeps (Japanese)', async () => {
    let answer: (v: BackupInspection) => void = () => undefined;
    const { b } = fakeDesktop({
      Inspect: vi.fn(() => new Promise<BackupInspection>((resolve) => (answer = resolve))),
      Restore: vi.fn(async () => ({ ...restored, resets })),
    });
    const user = await openBackup();
    const [ok] = await screen.findAllByTestId('backup-item');
    await user.click(within(ok).getByTestId('backup-restore'));
    const dialog = screen.getByRole('dialog');
    expect(b.Inspect).toHaveBeenCalledExactlyOnceWith(manual.name);
    expect(within(dialog).getByTestId('restore-inspecting')).toHaveTextContent('中身を確認しています');
    expect(within(dialog).getByTestId('confirm-ok')).toBeDisabled();
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(b.Restore).not.toHaveBeenCalled();

    await act(async () => answer(inspectionOf(manual.name, { resets })));
    expect(within(dialog).queryByTestId('restore-inspecting')).toBeNull();
    expect(within(dialog).getByTestId('restore-made')).toHaveTextContent('genkai-rag 0.1.0、手動');
    expect(within(dialog).getByTestId('restore-size')).toHaveTextContent('3.0 MB');
    expect(within(dialog).getByTestId('restore-contents')).toHaveTextContent('ソース 2・ページ 120・チャンク 840・セッション 5・メッセージ 40');
    expect(within(dialog).getByTestId('restore-schema')).toHaveTextContent('データベースのスキーマ: 5（このアプリ: 7）');
    expect(within(dialog).getByTestId('restore-logs')).toHaveTextContent('ログは復元されません');
    const lines = within(dialog).getAllByTestId('restore-reset');
    expect(lines.map((l) => l.textContent)).toEqual([
      'server.host: バックアップの値 0.0.0.0 は適用せず、127.0.0.1 を保持',
      'server.api_token: バックアップの値 トークン は適用せず、トークンなし を保持',
    ]);
    expect(within(dialog).getByTestId('restore-resets')).toHaveTextContent('現在の値を保持します');

    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(b.Restore).toHaveBeenCalledExactlyOnceWith(manual.name);
    expect(await screen.findByTestId('backup-notice')).toHaveTextContent('保護された設定 2 件はバックアップの値を適用せず');
  });

  it('offers no restore when the check refuses the archive, or cannot be made', async () => {
    const { b } = fakeDesktop({
      Inspect: vi.fn(async (name: string) =>
        inspectionOf(name, { valid: false, error: 'verify backup x: the backup is damaged: the archive has no data/genkai_rag.db', resets: [] }),
      ),
      InspectFile: vi.fn(() => Promise.reject(new Error('inspect backup: permission denied'))),
    });
    const user = await openBackup();
    const [ok] = await screen.findAllByTestId('backup-item');
    await user.click(within(ok).getByTestId('backup-restore'));
    let dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByTestId('restore-inspect-error')).toHaveTextContent(
      'このバックアップは復元できません: verify backup x: the backup is damaged: the archive has no data/genkai_rag.db',
    );
    expect(within(dialog).queryByTestId('restore-facts')).toBeNull();
    expect(within(dialog).getByTestId('confirm-ok')).toBeDisabled();
    await user.click(within(dialog).getByTestId('confirm-cancel'));

    await user.click(screen.getByTestId('backup-pick'));
    dialog = await screen.findByRole('dialog');
    expect(b.InspectFile).toHaveBeenCalledExactlyOnceWith('/media/usb/laptop.tar.gz');
    expect(await within(dialog).findByTestId('restore-inspect-error')).toHaveTextContent('中身を確認できなかったため、復元できません: inspect backup: permission denied');
    expect(within(dialog).getByTestId('confirm-ok')).toBeDisabled();
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(b.Restore).not.toHaveBeenCalled();
    expect(b.RestoreFile).not.toHaveBeenCalled();
  });

  it('asks the server over HTTP with GET /api/backups/NAME, in English when chosen; the upload is sent as application/gzip', async () => {
    const uploaded = { ...manual, name: 'genkai_rag_backup_20261101_080000.tar.gz' };
    const calls: { method: string; url: string; type: string | null }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, type: new Headers(init?.headers).get('Content-Type') });
      if (url === '/api/app/info') return jsonResponse(overviewUp);
      if (url === '/api/health') return jsonResponse(healthy);
      if (url === '/api/backups' && method === 'GET') return jsonResponse({ folder: listing.folder, backups: [manual] });
      if (url === '/api/backups/upload') return jsonResponse(uploaded, 201, 'Created');
      if (url === `/api/backups/${uploaded.name}` && method === 'GET') return jsonResponse(inspectionOf(uploaded.name, { resets }));
      if (url.endsWith('/restore')) return jsonResponse({ ...restored, resets });
      return jsonResponse({ error: { code: 'not_found', message: 'no such endpoint' } }, 404, 'Not Found');
    });
    window.localStorage.setItem('genkai.lang', 'en');
    const user = await openBackup();
    await screen.findAllByTestId('backup-item');
    await user.upload(screen.getByTestId('backup-upload'), new File([new Uint8Array([0x1f, 0x8b])], 'laptop.tar.gz', { type: 'application/gzip' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByTestId('restore-schema')).toHaveTextContent('Database schema: 5 (this app: 7)');
    expect(within(dialog).getAllByTestId('restore-reset').map((l) => l.textContent)).toEqual([
      'server.host: 0.0.0.0 in the backup is not applied; keeps 127.0.0.1',
      'server.api_token: a token in the backup is not applied; keeps no token',
    ]);
    expect(calls.find((c) => c.url === '/api/backups/upload')?.type).toBe('application/gzip');
    expect(calls.some((c) => c.url.endsWith('/restore'))).toBe(false);
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(await screen.findByTestId('backup-notice')).toHaveTextContent('2 protected settings from the backup were not applied');
    expect(calls.filter((c) => c.method === 'GET' && c.url === `/api/backups/${uploaded.name}`)).toHaveLength(1);
  });
});
