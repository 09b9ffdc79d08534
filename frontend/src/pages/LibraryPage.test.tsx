import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import { gpuResult, healthy, installFakeWails, jsonResponse, overviewUp } from '../test/fixtures';
import type { SearchResult } from '../lib/types';

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

function fakeBackend(Search: (query: string, k: number) => Promise<unknown>) {
  const spy = vi.fn(Search);
  installFakeWails({ Info: async () => overviewUp, Health: async () => healthy, Search: spy });
  return spy;
}

async function openLibrary() {
  const user = userEvent.setup();
  renderApp();
  await user.click(await screen.findByTestId('nav-library'));
  return user;
}

const empty: SearchResult = { query: '玄界', mode: 'lexical', hits: [] };

describe('LibraryPage', () => {
  it('keeps the CLI commands as a hint and shows the search box', async () => {
    fakeBackend(async () => empty);
    await openLibrary();
    const page = screen.getByTestId('page-library');
    expect(within(page).getByRole('heading', { level: 2 })).toHaveTextContent('ライブラリ');
    const codes = [...page.querySelectorAll('code')].map((c) => c.textContent);
    expect(codes).toEqual(['genkai-rag index --url URL', 'genkai-rag index --dir PATH']);
    expect(screen.getByTestId('library-search-input')).toHaveAttribute('placeholder', '例: GPUジョブの投入方法');
  });

  it('searches only on submit, then shows the hits', async () => {
    const Search = fakeBackend(async () => gpuResult);
    const user = await openLibrary();
    const input = screen.getByTestId('library-search-input');
    const submit = screen.getByTestId('library-search-submit');

    expect(submit).toBeDisabled();
    await user.type(input, '   ');
    expect(submit).toBeDisabled();
    await user.clear(input);
    await user.type(input, 'GPUジョブ');
    expect(submit).toBeEnabled();
    expect(Search).not.toHaveBeenCalled();

    await user.click(submit);
    const results = await screen.findByTestId('library-results');
    expect(Search).toHaveBeenCalledExactlyOnceWith('GPUジョブ', 10);
    expect(within(results).getByTestId('library-count')).toHaveTextContent('「GPUジョブ」の検索結果: 2 件');

    const [first, second] = within(results).getAllByTestId('library-hit');
    expect(within(first).getByRole('heading')).toHaveTextContent('GPUジョブ');
    expect(within(first).getByTestId('library-hit-section')).toHaveTextContent('ジョブの実行 › GPUジョブ');
    expect([...first.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['GPU', 'ジョブ']);
    const link = within(first).getByRole('link');
    expect(link).toHaveAttribute('href', gpuResult.hits[0].url);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(first).getByTestId('library-hit-date')).toHaveTextContent('取得日: 2026年11月23日');

    // file:// sources are shown, not linked; no section, no date
    expect(within(second).queryByRole('link')).toBeNull();
    expect(within(second).getByTestId('library-hit-source')).toHaveTextContent('file:///home/u/notes/genkai.md');
    expect(within(second).queryByTestId('library-hit-section')).toBeNull();
    expect(within(second).queryByTestId('library-hit-date')).toBeNull();
  });

  it('submits with Enter and trims the query', async () => {
    const Search = fakeBackend(async () => gpuResult);
    const user = await openLibrary();
    await user.type(screen.getByTestId('library-search-input'), '  GPUジョブ {Enter}');
    await screen.findByTestId('library-results');
    expect(Search).toHaveBeenCalledExactlyOnceWith('GPUジョブ', 10);
  });

  it('shows a loading state while searching', async () => {
    let answer: (r: SearchResult) => void = () => {};
    fakeBackend(() => new Promise((resolve) => (answer = resolve)));
    const user = await openLibrary();
    await user.type(screen.getByTestId('library-search-input'), '玄界{Enter}');
    expect(await screen.findByTestId('library-loading')).toHaveTextContent('検索中…');
    answer(empty);
    await screen.findByTestId('library-empty');
    expect(screen.queryByTestId('library-loading')).toBeNull();
  });

  it('shows the empty state when nothing matches', async () => {
    fakeBackend(async () => empty);
    const user = await openLibrary();
    await user.type(screen.getByTestId('library-search-input'), '玄界{Enter}');
    expect(await screen.findByTestId('library-empty')).toHaveTextContent('一致する文書が見つかりませんでした');
    expect(screen.queryByTestId('library-results')).toBeNull();
    expect(screen.queryByTestId('library-error')).toBeNull();
  });

  it('shows the backend message when the search fails, and recovers on a new search', async () => {
    const Search = fakeBackend((q) =>
      q === 'bad' ? Promise.reject('query is longer than 1000 characters') : Promise.resolve(empty),
    );
    const user = await openLibrary();
    const input = screen.getByTestId('library-search-input');
    await user.type(input, 'bad{Enter}');
    const error = await screen.findByTestId('library-error');
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent('検索できませんでした: query is longer than 1000 characters');
    expect(Search).toHaveBeenCalledOnce(); // no retry for a bad query

    await user.clear(input);
    await user.type(input, '玄界{Enter}');
    await screen.findByTestId('library-empty');
    expect(screen.queryByTestId('library-error')).toBeNull();
  });

  it('renders HTML in titles and snippets as text', async () => {
    const evil: SearchResult = {
      query: 'x',
      mode: 'lexical',
      hits: [
        {
          ...gpuResult.hits[0],
          title: '<img src=x onerror=alert(1)>',
          snippet: '<script>alert(1)</script>«<img src=x onerror=alert(2)>»',
        },
      ],
    };
    fakeBackend(async () => evil);
    const user = await openLibrary();
    await user.type(screen.getByTestId('library-search-input'), 'x{Enter}');
    const hit = await screen.findByTestId('library-hit');
    expect(hit.querySelector('script')).toBeNull();
    expect(hit.querySelector('img')).toBeNull();
    expect(hit).toHaveTextContent('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(hit.querySelector('mark')).toHaveTextContent('<img src=x onerror=alert(2)>');
  });

  it('opens web sources with BrowserOpenURL inside the Wails app', async () => {
    const opened: string[] = [];
    fakeBackend(async () => gpuResult);
    window.runtime = { BrowserOpenURL: (u: string) => opened.push(u), WindowSetTitle: () => {} };
    const user = await openLibrary();
    await user.type(screen.getByTestId('library-search-input'), 'GPU{Enter}');
    const link = (await screen.findAllByTestId('library-hit-link'))[0];
    await user.click(link);
    expect(opened).toEqual([gpuResult.hits[0].url]);
  });

  it('works over HTTP too', async () => {
    const fetchSpy = vi.fn(async (url: string) => {
      if (url.startsWith('/api/search')) return jsonResponse(gpuResult);
      return url === '/api/app/info' ? jsonResponse(overviewUp) : jsonResponse(healthy);
    });
    vi.stubGlobal('fetch', fetchSpy);
    const user = await openLibrary();
    await user.type(screen.getByTestId('library-search-input'), 'GPUジョブ{Enter}');
    expect(await screen.findAllByTestId('library-hit')).toHaveLength(2);
    expect(fetchSpy.mock.calls.map((c) => c[0])).toContain(
      `/api/search?${new URLSearchParams({ q: 'GPUジョブ', k: '10' }).toString()}`,
    );
  });

  it('says when the search was keyword-only, and shows no note for a full hybrid search', async () => {
    const note = '埋め込みモデルを使えないためキーワード検索のみ（Ollama に接続できません）';
    fakeBackend(async (q) =>
      q === 'hybrid' ? { ...gpuResult, mode: 'hybrid' } : { ...gpuResult, reason: 'embedding_unavailable', note },
    );
    const user = await openLibrary();
    const input = screen.getByTestId('library-search-input');
    await user.type(input, 'GPU{Enter}');
    const shown = await screen.findByTestId('library-mode-note');
    expect(shown).toHaveTextContent('埋め込みモデルを使えないためキーワード検索のみ');
    expect(shown).toHaveAttribute('title', note);
    await user.clear(input);
    await user.type(input, 'hybrid{Enter}');
    await screen.findByTestId('library-results');
    await vi.waitFor(() => expect(screen.queryByTestId('library-mode-note')).toBeNull());
  });

  it('shows English labels after switching the language', async () => {
    fakeBackend(async (q) => (q === 'none' ? { ...empty, query: q } : gpuResult));
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId('nav-settings'));
    await user.click(screen.getByTestId('lang-en'));
    await user.click(screen.getByTestId('nav-library'));

    const page = screen.getByTestId('page-library');
    expect(within(page).getByRole('heading', { level: 2 })).toHaveTextContent('Library');
    const input = screen.getByTestId('library-search-input');
    expect(input).toHaveAttribute('placeholder', 'e.g. how to submit a GPU job');
    expect(screen.getByTestId('library-search-submit')).toHaveTextContent('Search');

    await user.type(input, 'GPUジョブ{Enter}');
    expect(await screen.findByTestId('library-count')).toHaveTextContent('Results for “GPUジョブ”: 2');
    expect(screen.getAllByTestId('library-hit-date')[0]).toHaveTextContent('Fetched Nov 23, 2026');

    await user.clear(input);
    await user.type(input, 'none{Enter}');
    expect(await screen.findByTestId('library-empty')).toHaveTextContent('No matching documents were found.');
  });
});
