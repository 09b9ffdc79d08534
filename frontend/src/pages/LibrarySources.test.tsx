import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import {
  finishedStatus,
  folderSource,
  healthy,
  idleStatus,
  installFakeWails,
  jsonResponse,
  overviewUp,
  runningStatus,
  sitePages,
  siteSource,
} from '../test/fixtures';
import type { SourceSummary, SyncStatus } from '../lib/types';

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

interface State {
  sources: SourceSummary[];
  status: SyncStatus;
}

/** A fake Library binding whose answers come from a mutable state. */
function fakeLibrary(initial: Partial<State> = {}, overrides: Record<string, unknown> = {}) {
  const state: State = { sources: [siteSource, folderSource], status: idleStatus, ...initial };
  const lib = {
    Search: vi.fn(async (q: string) => ({ query: q, mode: 'lexical', hits: [] })),
    Sources: vi.fn(async () => state.sources),
    SyncStatus: vi.fn(async () => state.status),
    AddSource: vi.fn(async () => runningStatus),
    SyncSource: vi.fn(async () => runningStatus),
    CancelSync: vi.fn(async () => ({ ...runningStatus })),
    Pages: vi.fn(async () => sitePages),
    RemoveSource: vi.fn(async (id: number) => {
      state.sources = state.sources.filter((s) => s.id !== id);
    }),
    ...overrides,
  };
  installFakeWails({ Info: async () => overviewUp, Health: async () => healthy, Library: lib });
  return { state, lib };
}

async function openLibrary() {
  const user = userEvent.setup();
  renderApp();
  await user.click(await screen.findByTestId('nav-library'));
  return user;
}

describe('Library sources', () => {
  it('lists the sources with kind, counts and last sync', async () => {
    fakeLibrary();
    await openLibrary();
    const panel = screen.getByTestId('library-sources');
    const [site, folder] = await within(panel).findAllByTestId('source-item');
    expect(within(site).getByTestId('source-kind')).toHaveTextContent('サイト');
    expect(within(site).getByTestId('source-name')).toHaveTextContent(siteSource.name);
    expect(within(site).getByTestId('source-location')).toHaveTextContent(siteSource.location);
    expect(within(site).getByTestId('source-meta')).toHaveTextContent('120 ページ');
    expect(within(site).getByTestId('source-meta')).toHaveTextContent('840 チャンク');
    expect(within(site).getByTestId('source-failed')).toHaveTextContent('失敗 2');
    expect(within(site).getByTestId('source-last-synced')).toHaveTextContent(/最終同期: 2026年11月2[23]日/);
    expect(within(site).getByTestId('source-sync')).toHaveTextContent('今すぐ同期');
    expect(within(site).getByTestId('source-remove')).toHaveTextContent('削除');

    expect(within(folder).getByTestId('source-kind')).toHaveTextContent('フォルダ');
    expect(within(folder).getByTestId('source-name')).toHaveTextContent('/home/u/notes');
    expect(within(folder).queryByTestId('source-location')).toBeNull(); // same as the name
    expect(within(folder).getByTestId('source-last-synced')).toHaveTextContent('未同期');
    // the CLI commands stay as a hint
    expect(within(panel).getByTestId('library-commands')).toHaveTextContent('genkai-rag index --dir PATH');
  });

  it('shows a kind this app does not know by its code, not as a site', async () => {
    // A source of a kind a newer server registered (e.g. a git checkout).
    const git = { ...folderSource, id: 9, kind: 'git', name: 'repo', location: '/src/repo' } as unknown as SourceSummary;
    fakeLibrary({ sources: [siteSource, git] });
    await openLibrary();
    const [site, other] = await within(screen.getByTestId('library-sources')).findAllByTestId('source-item');
    expect(within(site).getByTestId('source-kind')).toHaveTextContent('サイト');
    expect(within(other).getByTestId('source-kind')).toHaveTextContent('git');
    expect(within(other).getByTestId('source-kind')).not.toHaveTextContent('サイト');
  });

  it('shows the empty state when there are no sources', async () => {
    fakeLibrary({ sources: [] });
    await openLibrary();
    expect(await screen.findByTestId('library-sources-empty')).toHaveTextContent('まだソースがありません');
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    expect(screen.queryByTestId('sync-summary')).toBeNull();
  });

  it('syncs a source now and shows a 409 message', async () => {
    const { lib } = fakeLibrary(
      {},
      { SyncSource: vi.fn(() => Promise.reject('a sync is already running (source 1)')) },
    );
    const user = await openLibrary();
    const [, folder] = await screen.findAllByTestId('source-item');
    await user.click(within(folder).getByTestId('source-sync'));
    expect(lib.SyncSource).toHaveBeenCalledExactlyOnceWith(2);
    expect(await screen.findByTestId('sources-action-error')).toHaveTextContent(
      '操作できませんでした: a sync is already running (source 1)',
    );
  });

  it('removes a source only after the inline confirmation', async () => {
    const { lib } = fakeLibrary();
    const confirmSpy = vi.spyOn(window, 'confirm');
    const user = await openLibrary();
    let items = await screen.findAllByTestId('source-item');
    await user.click(within(items[1]).getByTestId('source-remove'));
    const confirm = within(items[1]).getByTestId('source-remove-confirm');
    expect(confirm).toHaveTextContent('本当に削除しますか？');
    await user.click(within(confirm).getByRole('button', { name: 'いいえ' }));
    expect(within(items[1]).queryByTestId('source-remove-confirm')).toBeNull();
    expect(lib.RemoveSource).not.toHaveBeenCalled();

    await user.click(within(items[1]).getByTestId('source-remove'));
    await user.click(within(items[1]).getByRole('button', { name: 'はい' }));
    expect(lib.RemoveSource).toHaveBeenCalledExactlyOnceWith(2);
    await waitFor(() => expect(screen.getAllByTestId('source-item')).toHaveLength(1));
    items = screen.getAllByTestId('source-item');
    expect(within(items[0]).getByTestId('source-name')).toHaveTextContent(siteSource.name);
    expect(confirmSpy).not.toHaveBeenCalled();
  });

  it('expands the per-page list with status, reason and date', async () => {
    const { lib } = fakeLibrary();
    const user = await openLibrary();
    const [site] = await screen.findAllByTestId('source-item');
    const toggle = within(site).getByTestId('source-pages');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(lib.Pages).not.toHaveBeenCalled();
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const rows = await within(site).findAllByTestId('source-page');
    expect(lib.Pages).toHaveBeenCalledExactlyOnceWith(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('ジョブの実行');
    expect(rows[0]).toHaveTextContent(sitePages[0].url);
    expect(within(rows[0]).getByTestId('source-page-status')).toHaveTextContent('成功');
    expect(within(rows[0]).getByTestId('source-page-date')).toHaveTextContent('2026年11月23日');
    expect(within(rows[1]).getByTestId('source-page-status')).toHaveTextContent('失敗');
    expect(within(rows[1]).getByTestId('source-page-error')).toHaveTextContent('HTTP 404');
    expect(within(rows[1]).queryByTestId('source-page-date')).toBeNull();
    expect(within(rows[2]).getByTestId('source-page-status')).toHaveTextContent('スキップ');
    expect(within(rows[2]).getByTestId('source-page-error')).toHaveTextContent('unsupported content type');
    await user.click(toggle);
    expect(within(site).queryByTestId('source-page')).toBeNull();
  });
});

describe('Add source form', () => {
  it('has the site defaults and sends the request', async () => {
    const { lib } = fakeLibrary();
    const user = await openLibrary();
    const form = screen.getByTestId('add-source-form');
    expect(screen.getByTestId('add-source-kind-site')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('add-source-location')).toHaveValue('https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/');
    expect(screen.getByTestId('add-source-max-depth')).toHaveValue(3);
    expect(screen.getByTestId('add-source-max-pages')).toHaveValue(500);

    await user.type(screen.getByTestId('add-source-prefix'), 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/howto/');
    await user.clear(screen.getByTestId('add-source-max-depth'));
    await user.type(screen.getByTestId('add-source-max-depth'), '2');
    await user.click(within(form).getByTestId('add-source-submit'));
    expect(lib.AddSource).toHaveBeenCalledExactlyOnceWith({
      kind: 'site',
      location: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/',
      prefix: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/howto/',
      max_depth: 2,
      max_pages: 500,
    });
    // the answered status shows up at once
    expect(await screen.findByTestId('sync-progress')).toBeInTheDocument();
  });

  it('validates lightly and switches kind', async () => {
    const { lib } = fakeLibrary();
    const user = await openLibrary();
    const location = screen.getByTestId('add-source-location');
    await user.clear(location);
    await user.type(location, 'ftp://example.org/');
    await user.click(screen.getByTestId('add-source-submit'));
    expect(screen.getByTestId('add-source-invalid')).toHaveTextContent('http:// または https://');
    expect(location).toHaveAttribute('aria-invalid', 'true');

    await user.clear(location);
    await user.type(location, 'https://example.org/docs/');
    await user.clear(screen.getByTestId('add-source-max-pages'));
    await user.type(screen.getByTestId('add-source-max-pages'), '0');
    await user.click(screen.getByTestId('add-source-submit'));
    expect(screen.getByTestId('add-source-invalid')).toHaveTextContent('最大ページ数');

    await user.click(screen.getByTestId('add-source-kind-folder'));
    expect(screen.getByTestId('add-source-kind-folder')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByTestId('add-source-invalid')).toBeNull();
    expect(screen.queryByTestId('add-source-max-depth')).toBeNull();
    expect(screen.queryByTestId('add-source-prefix')).toBeNull();
    const folder = screen.getByTestId('add-source-location');
    expect(folder).toHaveValue('');
    await user.type(folder, 'notes/genkai');
    await user.click(screen.getByTestId('add-source-submit'));
    expect(screen.getByTestId('add-source-invalid')).toHaveTextContent('絶対パス');
    expect(lib.AddSource).not.toHaveBeenCalled();

    await user.clear(folder);
    await user.type(folder, '  /home/u/notes ');
    await user.click(screen.getByTestId('add-source-submit'));
    expect(lib.AddSource).toHaveBeenCalledExactlyOnceWith({ kind: 'folder', location: '/home/u/notes' });

    // back to the site: the URL typed earlier is kept
    await user.click(screen.getByTestId('add-source-kind-site'));
    expect(screen.getByTestId('add-source-location')).toHaveValue('https://example.org/docs/');
  });

  it('shows the server error as returned', async () => {
    fakeLibrary({}, { AddSource: vi.fn(() => Promise.reject('location must be an existing directory: /nope')) });
    const user = await openLibrary();
    await user.click(screen.getByTestId('add-source-kind-folder'));
    await user.type(screen.getByTestId('add-source-location'), '/nope');
    await user.click(screen.getByTestId('add-source-submit'));
    expect(await screen.findByTestId('add-source-error')).toHaveTextContent(
      '追加できませんでした: location must be an existing directory: /nope',
    );
  });
});

describe('Add source form: refusals before saving', () => {
  const unreachable = JSON.stringify({
    code: 'site_unreachable',
    reason: 'fetch_dns',
    message:
      "bad source: site does not answer: example.invalid: host not found: check the URL's host name and the network connection (dial tcp: lookup example.invalid: no such host); check the URL and the network, or save it anyway to sync it later",
    params: { host: 'example.invalid' },
  });

  it('explains a folder refusal by the form in Japanese, with no save-anyway', async () => {
    // As desktop.FormatError sends them: the JSON of the code, reason, message, hint and params.
    const coded = (code: string, reason: string, message: string, path: string) =>
      JSON.stringify({ code, ...(reason ? { reason } : {}), message, ...(path ? { params: { path } } : {}) });
    for (const [code, reason, path, message, want] of [
      ['bad_source', 'folder_missing', '/nope', 'bad source: folder /nope does not exist: check the path (it is read on this machine: vm)', 'フォルダが見つかりません'],
      ['bad_source', 'not_folder', '/home/u/a.md', 'bad source: /home/u/a.md is not a folder: choose the folder that holds the documents, not a file', 'フォルダではありません'],
      ['bad_source', 'folder_unreadable', '/root/x', 'bad source: folder /root/x cannot be read: permission denied; give this user read access or choose another folder', '読み取る権限がありません'],
      ['duplicate_source', '', '', 'duplicate source: this folder is already a source (「docs」, id 3): sync it from the list instead', 'すでにソースとして登録されています'],
    ] as const) {
      fakeLibrary({}, { AddSource: vi.fn(() => Promise.reject(coded(code, reason, message, path))) });
      const user = await openLibrary();
      await user.click(screen.getByTestId('add-source-kind-folder'));
      await user.type(screen.getByTestId('add-source-location'), '/nope');
      await user.click(screen.getByTestId('add-source-submit'));
      const error = await screen.findByTestId('add-source-error');
      expect(error).toHaveTextContent(want);
      expect(error).toHaveTextContent(message); // the original stays as detail
      expect(within(screen.getByTestId('add-source-form')).queryByTestId('add-source-save-anyway')).toBeNull();
      document.body.innerHTML = '';
    }
  });

  it('offers それでも保存 for a site that does not answer and resends with save_anyway', async () => {
    const AddSource = vi.fn((req: { save_anyway?: boolean }) =>
      req.save_anyway ? Promise.resolve(runningStatus) : Promise.reject(unreachable),
    );
    fakeLibrary({}, { AddSource });
    const user = await openLibrary();
    const location = screen.getByTestId('add-source-location');
    await user.clear(location);
    await user.type(location, 'https://example.invalid/docs/');
    await user.click(screen.getByTestId('add-source-submit'));
    const form = screen.getByTestId('add-source-form');
    expect(await within(form).findByTestId('add-source-error')).toHaveTextContent('サイトが応答しません');
    const again = within(form).getByTestId('add-source-save-anyway');
    expect(again).toHaveTextContent('それでも保存');
    await user.click(again);
    expect(AddSource).toHaveBeenCalledTimes(2);
    expect(AddSource.mock.calls[1][0]).toEqual({
      kind: 'site',
      location: 'https://example.invalid/docs/',
      max_depth: 3,
      max_pages: 500,
      save_anyway: true,
    });
    expect(await screen.findByTestId('sync-progress')).toBeInTheDocument();
    await waitFor(() => expect(within(form).queryByTestId('add-source-error')).toBeNull());
    expect(within(form).queryByTestId('add-source-save-anyway')).toBeNull();
  });
});

describe('Sync progress and summary', () => {
  it('renders determinate progress, disables sync buttons, and cancels', async () => {
    const { lib } = fakeLibrary({ status: runningStatus });
    const user = await openLibrary();
    const progress = await screen.findByTestId('sync-progress');
    const bar = within(progress).getByTestId('sync-progress-bar');
    expect(bar).toHaveAttribute('value', '30');
    expect(bar).toHaveAttribute('max', '120');
    expect(progress).toHaveTextContent(`同期中: ${siteSource.location}`);
    expect(within(progress).getByTestId('sync-progress-text')).toHaveTextContent('30 / 120 件');
    expect(within(progress).getByTestId('sync-progress-text')).toHaveTextContent('チャンク 210・エラー 1');
    expect(within(progress).getByTestId('sync-current-url')).toHaveTextContent('job.html');

    const items = await screen.findAllByTestId('source-item');
    for (const item of items) expect(within(item).getByTestId('source-sync')).toBeDisabled();
    expect(within(items[0]).getByTestId('source-remove')).toBeDisabled(); // being synced
    expect(within(items[1]).getByTestId('source-remove')).toBeEnabled();
    expect(screen.getByTestId('add-source-submit')).toBeDisabled();

    await user.click(within(progress).getByTestId('sync-cancel'));
    expect(lib.CancelSync).toHaveBeenCalledOnce();
  });

  it('renders an indeterminate bar while the total is unknown', async () => {
    fakeLibrary({ status: { ...runningStatus, progress: { done: 4, total: 0, chunks: 12, errors: 0, url: '' } } });
    await openLibrary();
    const progress = await screen.findByTestId('sync-progress');
    expect(within(progress).getByTestId('sync-progress-bar')).not.toHaveAttribute('value');
    expect(progress).toHaveTextContent('対象を探しています…（4 件処理済み）');
    expect(within(progress).queryByTestId('sync-current-url')).toBeNull();
  });

  it('shows the summary with reasons', async () => {
    fakeLibrary({ status: finishedStatus });
    await openLibrary();
    const summary = await screen.findByTestId('sync-summary');
    expect(summary).toHaveTextContent(`同期が終わりました: ${siteSource.location}`);
    const stat = (id: string) => within(summary).getByTestId(`sync-stat-${id}`);
    expect(stat('added')).toHaveTextContent('追加3');
    expect(stat('updated')).toHaveTextContent('更新4');
    expect(stat('unchanged')).toHaveTextContent('変更なし110');
    expect(stat('removed')).toHaveTextContent('削除1');
    expect(stat('failed')).toHaveTextContent('失敗1');
    expect(stat('skipped')).toHaveTextContent('スキップ1');
    expect(stat('duration')).toHaveTextContent('2.3 秒');
    expect(within(summary).getByTestId('sync-reason-failed')).toHaveTextContent('broken.html: HTTP 404');
    // A known reason is explained in Japanese; the server's words follow.
    expect(within(summary).getByTestId('sync-reason-skipped')).toHaveTextContent(
      'manual.pdf: この種類のファイルは取り込みの対象外です。 (unsupported content type)',
    );
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    const items = await screen.findAllByTestId('source-item');
    expect(within(items[0]).getByTestId('source-sync')).toBeEnabled();
  });

  it('polls while running and refreshes the sources when the run ends', async () => {
    const { state, lib } = fakeLibrary({ status: runningStatus });
    await openLibrary();
    await screen.findByTestId('sync-progress');
    const before = lib.Sources.mock.calls.length;
    state.status = finishedStatus;
    state.sources = [{ ...siteSource, pages: 121 }, folderSource];
    expect(await screen.findByTestId('sync-summary', {}, { timeout: 3000 })).toBeInTheDocument();
    await waitFor(() => expect(lib.Sources.mock.calls.length).toBeGreaterThan(before));
    const [site] = await screen.findAllByTestId('source-item');
    await waitFor(() => expect(within(site).getByTestId('source-meta')).toHaveTextContent('121 ページ'));
  });

  it('shows a run error (e.g. cancelled) in the summary', async () => {
    fakeLibrary({ status: { ...finishedStatus, error: 'canceled' } });
    await openLibrary();
    expect(await screen.findByTestId('sync-error')).toHaveTextContent('同期が正常に終わりませんでした: canceled');
  });
});

describe('Library sources in English and over HTTP', () => {
  it('shows English labels after switching the language', async () => {
    fakeLibrary({ status: finishedStatus });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId('nav-settings'));
    await user.click(screen.getByTestId('lang-en'));
    await user.click(screen.getByTestId('nav-library'));

    const panel = screen.getByTestId('library-sources');
    expect(within(panel).getByRole('heading', { level: 3 })).toHaveTextContent('Document sources');
    const [site, folder] = await within(panel).findAllByTestId('source-item');
    expect(within(site).getByTestId('source-kind')).toHaveTextContent('Site');
    expect(within(folder).getByTestId('source-kind')).toHaveTextContent('Folder');
    expect(within(site).getByTestId('source-sync')).toHaveTextContent('Sync now');
    expect(within(site).getByTestId('source-remove')).toHaveTextContent('Remove');
    expect(within(site).getByTestId('source-last-synced')).toHaveTextContent(/Last synced Nov 2[23], 2026/);
    expect(within(folder).getByTestId('source-last-synced')).toHaveTextContent('Not synced yet');
    expect(within(site).getByTestId('source-meta')).toHaveTextContent('120 pages');
    await user.click(within(site).getByTestId('source-remove'));
    expect(within(site).getByTestId('source-remove-confirm')).toHaveTextContent('Really remove this source?YesNo');

    const summary = screen.getByTestId('sync-summary');
    expect(summary).toHaveTextContent('Sync finished');
    expect(within(summary).getByTestId('sync-stat-added')).toHaveTextContent('Added3');
    expect(within(summary).getByTestId('sync-stat-duration')).toHaveTextContent('2.3 s');

    expect(screen.getByTestId('add-source-kind-site')).toHaveTextContent('Site');
    expect(screen.getByTestId('add-source-submit')).toHaveTextContent('Add and sync');
    await user.click(screen.getByTestId('add-source-kind-folder'));
    await user.type(screen.getByTestId('add-source-location'), 'relative');
    await user.click(screen.getByTestId('add-source-submit'));
    expect(screen.getByTestId('add-source-invalid')).toHaveTextContent('Give the folder as an absolute path');
  });

  it('works over HTTP: lists sources and adds a folder', async () => {
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (url === '/api/app/info') return jsonResponse(overviewUp);
      if (url === '/api/health') return jsonResponse(healthy);
      if (url === '/api/sources' && init?.method === 'POST') {
        posted.push(JSON.parse(init.body as string));
        return jsonResponse({ ...runningStatus, kind: 'folder', location: '/data/docs' }, 202, 'Accepted');
      }
      if (url === '/api/sources') return jsonResponse({ sources: [] });
      if (url === '/api/sync') return jsonResponse(idleStatus);
      return jsonResponse({ error: { code: 'not_found', message: 'no' } }, 404, 'Not Found');
    });
    const user = await openLibrary();
    expect(await screen.findByTestId('library-sources-empty')).toBeInTheDocument();
    await user.click(screen.getByTestId('add-source-kind-folder'));
    await user.type(screen.getByTestId('add-source-location'), '/data/docs');
    await user.click(screen.getByTestId('add-source-submit'));
    expect(await screen.findByTestId('sync-progress')).toHaveTextContent('/data/docs');
    expect(posted).toEqual([{ kind: 'folder', location: '/data/docs' }]);
  });

  it('over HTTP, says what a restricted server accepts and explains its refusal', async () => {
    const posted: unknown[] = [];
    const refusal =
      'sources are restricted on this server (server.source_policy): folders must be under server.source_roots (/srv/docs); ask the administrator to add /home/x';
    const policy = { policy: 'restricted', source_roots: ['/srv/docs'], allow_private_sites: false };
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (url === '/api/app/info') return jsonResponse(overviewUp);
      if (url === '/api/health') return jsonResponse(healthy);
      if (url === '/api/sources' && init?.method === 'POST') {
        const req = JSON.parse(init.body as string) as { kind: string };
        posted.push(req);
        const message =
          req.kind === 'site'
            ? 'site 127.0.0.1 is a loopback address; this server does not index private addresses (server.allow_private_sites)'
            : refusal;
        const reason = req.kind === 'site' ? 'private_site' : 'outside_source_roots';
        return jsonResponse({ error: { code: 'source_refused', reason, message }, request_id: 'r1' }, 403, 'Forbidden');
      }
      if (url === '/api/sources') return jsonResponse({ sources: [], policy });
      if (url === '/api/sync') return jsonResponse(idleStatus);
      return jsonResponse({ error: { code: 'not_found', message: 'no' } }, 404, 'Not Found');
    });
    const user = await openLibrary();
    expect(await screen.findByTestId('add-source-policy')).toHaveTextContent('公開アドレスのサイトだけ');

    await user.clear(screen.getByTestId('add-source-location'));
    await user.type(screen.getByTestId('add-source-location'), 'http://127.0.0.1/');
    await user.click(screen.getByTestId('add-source-submit'));
    const siteError = await screen.findByTestId('add-source-error');
    expect(siteError).toHaveTextContent('内部向けのアドレス');
    expect(siteError).toHaveTextContent('(site 127.0.0.1 is a loopback address');

    await user.click(screen.getByTestId('add-source-kind-folder'));
    expect(screen.getByTestId('add-source-policy')).toHaveTextContent('このサーバーでは次のフォルダの中だけを取り込めます: /srv/docs');
    await user.type(screen.getByTestId('add-source-location'), '/home/x');
    await user.click(screen.getByTestId('add-source-submit'));
    const error = await screen.findByTestId('add-source-error');
    expect(error).toHaveTextContent('追加できませんでした: このサーバーでは、管理者が許可したフォルダ（server.source_roots）の中だけを取り込めます');
    expect(error).toHaveTextContent(`(${refusal})`);
    expect(posted).toHaveLength(2);
    expect(screen.queryByTestId('sync-progress')).not.toBeInTheDocument();
  });

  it('in the desktop app, shows no source policy hint', async () => {
    fakeLibrary();
    const user = await openLibrary();
    await user.click(screen.getByTestId('add-source-kind-folder'));
    expect(screen.getByTestId('add-source-location')).toBeInTheDocument();
    expect(screen.queryByTestId('add-source-policy')).not.toBeInTheDocument();
  });
});
