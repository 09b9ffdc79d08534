import { QueryClient } from '@tanstack/react-query';
import { act, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import { answerOf, citeFile, citeGPU, conversationOf, SID } from '../test/chatFixtures';
import { healthy, installFakeWails, jsonResponse, overviewUp } from '../test/fixtures';
import { installFakeRuntime, ndjson, openResponse } from '../test/streaming';
import type { ChatAnswer, ChatEvent, Conversation } from '../lib/types';

// A shared 2-core machine can be slow: wait up to 5 s (the default is 1 s).
const waitLong = <T,>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 5_000 });
configure({ asyncUtilTimeout: 5_000 });

// Typing-heavy tests on a shared 2-core machine: allow more than the 5 s default.
vi.setConfig({ testTimeout: 20_000 });

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

interface Running {
  reqID: string;
  req: { question: string; session_id?: string };
  emit(ev: ChatEvent): void;
  finish(a: Partial<ChatAnswer>): void;
  fail(msg: string): void;
}

/** An in-memory Conversations facade whose answers the test drives event by event. */
function fakeChat(initial: Conversation[] = []) {
  const convs = new Map(initial.map((c) => [c.id, c]));
  let running: Running | undefined;
  const opened: string[] = [];
  const bus = installFakeRuntime({ BrowserOpenURL: (u: string) => opened.push(u) });
  const store = (sid: string, question: string, a: ChatAnswer, replaceLast: boolean) => {
    const c = convs.get(sid) ?? { ...conversationOf([], sid), title: question, history: [] };
    if (replaceLast) c.history = c.history.slice(0, c.history.map((m) => m.role).lastIndexOf('user'));
    const n = c.history.length;
    c.history = [
      ...c.history,
      { id: n + 1, role: 'user', content: question, kind: 'question', status: 'complete', citations: [], created_at: '' },
      { id: n + 2, role: 'assistant', content: a.text, kind: a.kind, status: a.status, citations: a.citations, created_at: '' },
    ];
    convs.set(sid, c);
  };
  const start = (reqID: string, req: { question: string; session_id?: string }, regen: boolean) =>
    new Promise<ChatAnswer>((resolve, reject) => {
      running = {
        reqID,
        req,
        emit: (ev) => bus.emit(`chat:${reqID}`, ev),
        finish: (over) => {
          const a = answerOf({ session_id: req.session_id || SID, ...over });
          store(a.session_id, req.question, a, regen);
          running = undefined;
          resolve(a);
        },
        fail: (msg) => {
          running = undefined;
          reject(msg);
        },
      };
    });
  const api = {
    Sessions: vi.fn(async () => [...convs.values()].map(({ history: _h, ...s }) => s)),
    Session: vi.fn(async (id: string) => {
      const c = convs.get(id);
      if (!c) throw `read session: not found: no session "${id}"`;
      return structuredClone(c);
    }),
    Ask: vi.fn((reqID: string, req: { question: string; session_id?: string }) => start(reqID, req, false)),
    Regenerate: vi.fn((reqID: string, sid: string) => {
      const c = convs.get(sid)!;
      const q = c.history[c.history.map((m) => m.role).lastIndexOf('user')].content;
      return start(reqID, { question: q, session_id: sid }, true);
    }),
    Stop: vi.fn(async (reqID: string) => {
      if (running?.reqID !== reqID) return false;
      running.finish({ status: 'stopped', text: '途中まで' });
      return true;
    }),
    RenameSession: vi.fn(async (id: string, title: string) => {
      convs.get(id)!.title = title;
    }),
    DeleteSession: vi.fn(async (id: string) => {
      convs.delete(id);
    }),
    Export: vi.fn(async (id: string, format: string) => ({ filename: `s-${id.slice(0, 8)}.${format === 'json' ? 'json' : 'md'}`, content: '# x' })),
  };
  installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
  window.go!.desktop!.Conversations = api;
  window.runtime!.ClipboardSetText = vi.fn(async () => true);
  return { api, opened, current: () => running };
}

async function waitRunning(chat: ReturnType<typeof fakeChat>): Promise<Running> {
  await waitLong(() => expect(chat.current()).toBeDefined());
  return chat.current()!;
}

async function openChat() {
  const user = userEvent.setup();
  renderApp();
  await screen.findByTestId('page-chat');
  return user;
}

describe('ChatPage', () => {
  it('streams tokens as they come, then shows the stored answer with citation chips', async () => {
    const chat = fakeChat();
    const user = await openChat();
    expect(screen.getByTestId('chat-empty')).toBeInTheDocument();
    await user.type(screen.getByTestId('chat-input'), 'GPUジョブの投入方法は？{Enter}');
    const run = await waitRunning(chat);
    expect(run.req).toEqual({ question: 'GPUジョブの投入方法は？' });
    expect(screen.getByTestId('chat-input')).toHaveValue('');
    expect(await screen.findByTestId('msg-waiting')).toHaveTextContent('回答を準備しています');
    expect(screen.getByTestId('chat-stop')).toBeInTheDocument();

    act(() => {
      run.emit({ type: 'start', session_id: SID });
      run.emit({ type: 'citations', citations: [citeGPU, citeFile] });
      run.emit({ type: 'token', text: 'GPUジョブは **b-batch**' });
    });
    const body = await screen.findByTestId('msg-body');
    expect(body).toHaveTextContent('GPUジョブは b-batch');
    expect(body.querySelector('strong')).toHaveTextContent('b-batch');
    act(() => run.emit({ type: 'token', text: ' に投入します[1][2]。' }));
    await waitLong(() => expect(screen.getByTestId('msg-body')).toHaveTextContent('に投入します12。'));

    act(() => run.finish({ text: 'GPUジョブは **b-batch** に投入します[1][2]。' }));
    await waitLong(() => expect(screen.queryByTestId('chat-stop')).toBeNull());
    const msg = await screen.findByTestId('msg-assistant');
    const [web, local] = within(msg).getAllByTestId('cite-chip');
    expect(web).toHaveAttribute('href', citeGPU.url);
    expect(web).toHaveAttribute('target', '_blank');
    expect(web).toHaveAttribute('rel', 'noopener noreferrer');
    expect(web).toHaveAttribute('title', 'GPUジョブ › ジョブの実行 › GPUジョブ\nGPUを使うジョブは b-batch に投入します。\n取得日: 2026年11月20日');
    expect(web).toHaveAccessibleName('出典 1: GPUジョブ › ジョブの実行 › GPUジョブ');
    expect(local.getAttribute('href')).toMatch(/^#cite-/);
    await user.click(web);
    expect(chat.opened).toEqual([citeGPU.url]);
    expect(within(msg).getAllByTestId('citation')).toHaveLength(2);
    expect(within(msg).getByTestId('citation-date')).toHaveTextContent('取得日: 2026年11月20日');
    await user.click(within(msg).getByTestId('msg-copy'));
    expect(window.runtime!.ClipboardSetText).toHaveBeenCalledWith('GPUジョブは **b-batch** に投入します[1][2]。');
    expect(within(msg).getByTestId('msg-copy')).toHaveTextContent('コピーしました');
    // the new session appears in the list and is selected
    expect(await screen.findByTestId('session-select')).toHaveAttribute('aria-current', 'true');
    expect(screen.getAllByTestId('msg-user')).toHaveLength(1);
  });

  it('stops a running answer with Escape and marks it stopped', async () => {
    const chat = fakeChat();
    const user = await openChat();
    await user.type(screen.getByTestId('chat-input'), '長い質問{Enter}');
    const run = await waitRunning(chat);
    act(() => {
      run.emit({ type: 'start', session_id: SID });
      run.emit({ type: 'token', text: '途中まで' });
    });
    await user.type(screen.getByTestId('chat-input'), '{Escape}');
    expect(chat.api.Stop).toHaveBeenCalledExactlyOnceWith(run.reqID);
    expect(await screen.findByTestId('msg-stopped')).toHaveTextContent('回答を途中で停止しました');
    expect(screen.getByTestId('chat-send')).toBeInTheDocument();
  });

  it('labels refusals with the nearest pages and search results without a model', async () => {
    fakeChat([
      conversationOf([
        { q: 'ラーメンの作り方', a: { kind: 'refusal', text: 'この質問への答えは資料にありません。', model: '' } },
        { q: 'GPU', a: { kind: 'search_results', text: '1. GPUジョブ', model: '' } },
      ]),
    ]);
    const user = await openChat();
    await user.click(await screen.findByTestId('session-select'));
    const [refusal, results] = await screen.findAllByTestId('msg-assistant');
    expect(within(refusal).getByTestId('msg-refusal')).toHaveTextContent('資料に記載がありません');
    expect(within(refusal).getByRole('heading', { name: '近いページ' })).toBeInTheDocument();
    expect(within(results).getByTestId('msg-search-results')).toHaveTextContent('検索結果（モデルなし）');
    expect(within(results).getByRole('heading', { name: '出典' })).toBeInTheDocument();
    // only the last answer can be regenerated
    expect(within(refusal).queryByTestId('msg-regenerate')).toBeNull();
    expect(within(results).getByTestId('msg-regenerate')).toBeInTheDocument();
  });

  it('marks an interrupted answer and retries it with Regenerate', async () => {
    const chat = fakeChat([conversationOf([{ q: 'GPUの使い方', a: { status: 'interrupted', text: 'GPUは' } }])]);
    const user = await openChat();
    await user.click(await screen.findByTestId('session-select'));
    const msg = await screen.findByTestId('msg-assistant');
    expect(within(msg).getByTestId('msg-interrupted')).toHaveTextContent('回答が途中で中断されました');
    await user.click(within(msg).getByTestId('msg-retry'));
    const run = await waitRunning(chat);
    expect(chat.api.Regenerate.mock.calls[0][1]).toBe(SID);
    act(() => run.emit({ type: 'token', text: 'やり直した回答' }));
    expect(await screen.findByText('やり直した回答')).toBeInTheDocument();
    expect(screen.getAllByTestId('msg-user')).toHaveLength(1);
    act(() => run.finish({ text: 'やり直した回答' }));
    await waitLong(() => expect(screen.queryByTestId('msg-interrupted')).toBeNull());
    expect(screen.getAllByTestId('msg-assistant')).toHaveLength(1);
  });

  it('offers a retry for a question left without an answer', async () => {
    const chat = fakeChat([conversationOf([{ q: '答えのない質問' }])]);
    const user = await openChat();
    await user.click(await screen.findByTestId('session-select'));
    expect(await screen.findByTestId('msg-unanswered')).toHaveTextContent('この質問にはまだ回答がありません');
    await user.click(screen.getByTestId('msg-unanswered-retry'));
    const run = await waitRunning(chat);
    expect(run.req.question).toBe('答えのない質問');
    act(() => run.finish({ text: '回答です' }));
    expect(await screen.findByText('回答です')).toBeInTheDocument();
    await waitLong(() => expect(screen.queryByTestId('msg-unanswered')).toBeNull());
  });

  it('keeps model output with HTML inert while streaming', async () => {
    const chat = fakeChat();
    const user = await openChat();
    await user.type(screen.getByTestId('chat-input'), 'x{Enter}');
    const run = await waitRunning(chat);
    act(() => run.emit({ type: 'token', text: '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>' }));
    const body = await screen.findByTestId('msg-body');
    expect(body.querySelector('img, script')).toBeNull();
    expect(body).toHaveTextContent('<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('blocks empty and oversized questions, Shift+Enter adds a line', async () => {
    const chat = fakeChat();
    const user = await openChat();
    const input = screen.getByTestId('chat-input');
    expect(screen.getByTestId('chat-send')).toBeDisabled();
    await user.type(input, '   {Enter}');
    expect(chat.api.Ask).not.toHaveBeenCalled();
    await user.clear(input);
    await user.type(input, '一行目{Shift>}{Enter}{/Shift}二行目');
    expect(input).toHaveValue('一行目\n二行目');
    expect(screen.getByTestId('chat-count')).toHaveTextContent('7 / 2000 文字');
    await user.clear(input);
    await user.click(input);
    await user.paste('あ'.repeat(2001));
    expect(screen.getByTestId('chat-count')).toHaveTextContent('2001 文字です。質問は 2000 文字までです。');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('chat-send')).toBeDisabled();
    await user.type(input, '{Enter}');
    expect(chat.api.Ask).not.toHaveBeenCalled();
  });

  it('shows the error and gives the question back when nothing could be asked', async () => {
    const chat = fakeChat();
    const user = await openChat();
    await user.type(screen.getByTestId('chat-input'), '質問{Enter}');
    const run = await waitRunning(chat);
    act(() => run.fail('search the documents: the index is damaged'));
    expect(await screen.findByTestId('chat-error')).toHaveTextContent('回答できませんでした: search the documents: the index is damaged');
    expect(screen.getByTestId('chat-input')).toHaveValue('質問');
  });

  it('renames, exports and deletes a session', async () => {
    const chat = fakeChat([conversationOf([{ q: '古い会話', a: {} }])]);
    const user = await openChat();
    const row = await screen.findByTestId('chat-session');
    await user.click(within(row).getByTestId('session-menu'));
    await user.click(within(row).getByTestId('session-rename'));
    const input = within(row).getByTestId('session-rename-input');
    await user.clear(input);
    await user.type(input, '  {Enter}');
    expect(within(row).getByTestId('session-error')).toHaveTextContent('名前を入力してください');
    await user.type(input, 'GPUのまとめ{Enter}');
    expect(chat.api.RenameSession).toHaveBeenCalledWith(SID, 'GPUのまとめ');
    expect(await within(row).findByText('GPUのまとめ')).toBeInTheDocument();

    await user.click(within(row).getByTestId('session-menu'));
    await user.click(within(row).getByTestId('session-export-md'));
    expect(chat.api.Export).toHaveBeenCalledWith(SID, 'markdown');
    expect(await within(row).findByTestId('session-notice')).toHaveTextContent('s-01234567.md の内容をクリップボードにコピーしました');

    await user.click(within(row).getByTestId('session-menu'));
    await user.click(within(row).getByTestId('session-delete'));
    expect(chat.api.DeleteSession).not.toHaveBeenCalled();
    await user.click(within(row).getByTestId('session-delete-yes'));
    expect(chat.api.DeleteSession).toHaveBeenCalledWith(SID);
    expect(await screen.findByTestId('chat-sessions-empty')).toHaveTextContent('まだ会話がありません');
  });

  it('streams over HTTP (NDJSON) and stops by aborting', async () => {
    let open: ReturnType<typeof openResponse> | undefined;
    const fetchSpy = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/app/info') return jsonResponse(overviewUp);
      if (url === '/api/health') return jsonResponse(healthy);
      if (url === '/api/sessions') return jsonResponse({ sessions: [] });
      if (url === '/api/query') {
        open = openResponse(init?.signal);
        return open.response;
      }
      if (url === `/api/sessions/${SID}`) return jsonResponse(conversationOf([{ q: '玄界', a: { status: 'stopped', text: '玄界は' } }]));
      return jsonResponse({ error: { message: `unexpected ${url}` } }, 404);
    });
    vi.stubGlobal('fetch', fetchSpy);
    const user = await openChat();
    await user.type(screen.getByTestId('chat-input'), '玄界{Enter}');
    await waitLong(() => expect(open).toBeDefined());
    open!.push(ndjson({ type: 'start', session_id: SID }, { type: 'token', text: '玄界は' }));
    expect(await screen.findByTestId('msg-body')).toHaveTextContent('玄界は');
    await user.click(screen.getByTestId('chat-stop'));
    expect(await screen.findByTestId('msg-stopped')).toBeInTheDocument();
    expect(screen.getAllByTestId('msg-assistant')).toHaveLength(1);
  });

  it('downloads an export in a browser', async () => {
    const conv = conversationOf([{ q: '玄界', a: {} }]);
    vi.stubGlobal('fetch', async (url: string) => {
      if (url === '/api/app/info') return jsonResponse(overviewUp);
      if (url === '/api/health') return jsonResponse(healthy);
      if (url === '/api/sessions') return jsonResponse({ sessions: [conv] });
      if (url === `/api/sessions/${SID}/export?format=json`)
        return new Response('{"id":"x"}', { headers: { 'Content-Disposition': 'attachment; filename="genkai-rag-session-01234567.json"' } });
      return jsonResponse({ error: { message: `unexpected ${url}` } }, 404);
    });
    const createObjectURL = vi.fn((_b: Blob) => 'blob:fake');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    const user = await openChat();
    await user.click(await screen.findByTestId('session-menu'));
    await user.click(await screen.findByTestId('session-export-json'));
    expect(await screen.findByTestId('session-notice')).toHaveTextContent('genkai-rag-session-01234567.json を保存しました');
    expect(clicked).toEqual([{ download: 'genkai-rag-session-01234567.json', href: 'blob:fake' }]);
    expect(await createObjectURL.mock.calls[0][0].text()).toBe('{"id":"x"}');
  });

  it('shows English labels', async () => {
    fakeChat([conversationOf([{ q: 'x', a: { kind: 'refusal', model: '' } }])]);
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId('nav-settings'));
    await user.click(screen.getByTestId('lang-en'));
    await user.click(screen.getByTestId('nav-chat'));
    await user.click(await screen.findByTestId('session-select'));
    expect(await screen.findByTestId('msg-refusal')).toHaveTextContent('Not covered by the documents');
    expect(screen.getByTestId('chat-send')).toHaveTextContent('Send');
  });
});
