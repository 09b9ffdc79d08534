import { describe, expect, it, vi } from 'vitest';
import { healthy, installFakeWails, jsonResponse, overviewUp } from '../test/fixtures';
import { answerOf, citeGPU, SID } from '../test/chatFixtures';
import { installFakeRuntime, ndjson, openResponse, splitBytes, streamResponse, tick } from '../test/streaming';
import { askQuestion, askQuestionSSE, exportSession, getSession, regenerateAnswer, renameSession } from './backend';
import type { ChatEvent } from './types';

// A shared 2-core machine can be slow: wait up to 5 s (the default is 1 s).
const waitLong = <T,>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 5_000 });

const done = answerOf();
const events: ChatEvent[] = [
  { type: 'start', session_id: SID },
  { type: 'citations', citations: [citeGPU] },
  { type: 'token', text: 'GPUジョブは' },
  { type: 'token', text: ' b-batch に投入します[1]。' },
  { type: 'done', answer: done },
];

describe('askQuestion over HTTP', () => {
  it('posts the question for NDJSON and reports every event, whatever the chunking', async () => {
    for (const n of [1, 7, 1000]) {
      const fetchSpy = vi.fn(async (_url: string, _init?: RequestInit) => streamResponse(splitBytes(ndjson(...events), n)));
      vi.stubGlobal('fetch', fetchSpy);
      const seen: ChatEvent[] = [];
      const out = await askQuestion({ question: 'GPUジョブの投入方法', session_id: SID }, (ev) => seen.push(ev)).result;
      expect(seen.map((e) => e.type)).toEqual(['start', 'citations', 'token', 'token', 'done']);
      expect(seen.filter((e) => e.type === 'token').map((e) => e.text).join('')).toBe('GPUジョブは b-batch に投入します[1]。');
      expect(out).toEqual({ answer: done, error: undefined });
      const [url, init] = fetchSpy.mock.calls[0];
      expect(url).toBe('/api/query');
      expect(init?.method).toBe('POST');
      expect(new Headers(init?.headers).get('Accept')).toBe('application/x-ndjson');
      expect(JSON.parse(String(init?.body))).toEqual({ question: 'GPUジョブの投入方法', session_id: SID, stream: true });
    }
  });

  it('resolves an interrupted answer with the error that ended the stream', async () => {
    const partial = answerOf({ status: 'interrupted', text: 'GPUジョブは' });
    vi.stubGlobal('fetch', async () =>
      streamResponse(
        splitBytes(
          ndjson(events[0], events[1], events[2], { type: 'done', answer: partial }, { type: 'error', text: 'the answer was interrupted: EOF' }),
          5,
        ),
      ),
    );
    const out = await askQuestion({ question: 'q' }, () => undefined).result;
    expect(out.answer.status).toBe('interrupted');
    expect(out.error).toBe('the answer was interrupted: EOF');
  });

  it('rejects with the error line when no answer came', async () => {
    vi.stubGlobal('fetch', async () => streamResponse([ndjson(events[0], { type: 'error', text: 'search the documents: index is damaged' })]));
    await expect(askQuestion({ question: 'q' }, () => undefined).result).rejects.toThrow('search the documents: index is damaged');
  });

  it('rejects when the stream ends early or carries garbage', async () => {
    vi.stubGlobal('fetch', async () => streamResponse([ndjson(events[0], events[2])]));
    await expect(askQuestion({ question: 'q' }, () => undefined).result).rejects.toThrow('ended before the answer was complete');
    vi.stubGlobal('fetch', async () => streamResponse([ndjson(events[0]), 'proxy error\n']));
    await expect(askQuestion({ question: 'q' }, () => undefined).result).rejects.toThrow('not JSON');
  });

  it('rejects with the JSON error of a 400', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse({ error: { code: 'bad_request', message: 'the question is too long: it is 2001 characters; the limit is 2000' } }, 400, 'Bad Request'),
    );
    await expect(askQuestion({ question: 'x' }, () => undefined).result).rejects.toThrow('the limit is 2000');
  });

  it('stop() aborts the request and resolves the text so far as stopped', async () => {
    let open: ReturnType<typeof openResponse> | undefined;
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => {
      open = openResponse(init?.signal);
      return open.response;
    });
    const seen: string[] = [];
    const s = askQuestion({ question: 'q' }, (ev) => seen.push(ev.type));
    await waitLong(() => expect(open).toBeDefined());
    open!.push(ndjson(events[0], events[1]));
    open!.push(ndjson(events[2]).slice(0, 10)); // half a line
    await waitLong(() => expect(seen).toEqual(['start', 'citations']));
    open!.push(ndjson(events[2]).slice(10));
    await waitLong(() => expect(seen).toEqual(['start', 'citations', 'token']));
    s.stop();
    const out = await s.result;
    expect(out.answer).toMatchObject({ session_id: SID, status: 'stopped', text: 'GPUジョブは', citations: [citeGPU] });
  });

  it('regenerates through /api/sessions/{id}/regenerate', async () => {
    const fetchSpy = vi.fn(async (_url: string, _init?: RequestInit) => streamResponse([ndjson(...events)]));
    vi.stubGlobal('fetch', fetchSpy);
    await regenerateAnswer(SID, {}, () => undefined).result;
    expect(fetchSpy.mock.calls[0][0]).toBe(`/api/sessions/${SID}/regenerate`);
  });

  it('reads Server-Sent Events as the Go server writes them', async () => {
    const sse = events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
    const fetchSpy = vi.fn(async (_url: string, _init?: RequestInit) => streamResponse(splitBytes(sse, 6), 'text/event-stream'));
    vi.stubGlobal('fetch', fetchSpy);
    const seen: string[] = [];
    const out = await askQuestionSSE({ question: 'q' }, (ev) => seen.push(ev.type)).result;
    expect(seen).toEqual(['start', 'citations', 'token', 'token', 'done']);
    expect(out.answer).toEqual(done);
    expect(new Headers(fetchSpy.mock.calls[0][1]?.headers).get('Accept')).toBe('text/event-stream');
  });
});

describe('sessions over HTTP', () => {
  it('reads a session, renames with PATCH and names exports from Content-Disposition', async () => {
    const fetchSpy = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith('/export?format=markdown'))
        return new Response('# 玄界\n', { headers: { 'Content-Disposition': 'attachment; filename="genkai-rag-session-01234567.md"' } });
      if (init?.method === 'PATCH') return jsonResponse({ id: SID, title: 'new' });
      return jsonResponse({ id: SID, title: 't', created_at: '', updated_at: '', messages: 1, history: [{ id: 1, role: 'user', content: 'q', citations: null }] });
    });
    vi.stubGlobal('fetch', fetchSpy);
    const conv = await getSession(SID);
    expect(conv.history[0].citations).toEqual([]);
    await renameSession(SID, 'new');
    expect(fetchSpy.mock.calls[1][1]).toMatchObject({ method: 'PATCH', body: JSON.stringify({ title: 'new' }) });
    await expect(exportSession(SID, 'markdown')).resolves.toEqual({ filename: 'genkai-rag-session-01234567.md', content: '# 玄界\n' });
  });
});

describe('askQuestion over Wails', () => {
  function install(conversations: Record<string, unknown>) {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    window.go!.desktop!.Conversations = conversations;
    return installFakeRuntime();
  }

  it('listens to chat:<id> while Ask runs and stops listening after', async () => {
    let bus!: ReturnType<typeof installFakeRuntime>;
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const Ask = vi.fn(async (id: string, _req: unknown) => {
      for (const ev of events.slice(0, 4)) bus.emit(`chat:${id}`, ev);
      return done;
    });
    bus = install({ Ask });
    const seen: string[] = [];
    const out = await askQuestion({ question: 'GPU' }, (ev) => seen.push(ev.type)).result;
    expect(seen).toEqual(['start', 'citations', 'token', 'token']);
    expect(out.answer).toEqual(done);
    expect(Ask.mock.calls[0][1]).toEqual({ question: 'GPU' });
    expect(bus.names()).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('stop() calls Stop with the same request id; the answer comes back as stopped', async () => {
    let finish!: (a: unknown) => void;
    let askedID = '';
    const Stop = vi.fn(async (id: string) => {
      finish(answerOf({ status: 'stopped', text: '途中' }));
      return id === askedID;
    });
    install({
      Ask: (id: string) =>
        new Promise((resolve) => {
          askedID = id;
          finish = resolve;
        }),
      Stop,
    });
    const s = askQuestion({ question: 'q' }, () => undefined);
    await tick();
    s.stop();
    const out = await s.result;
    expect(Stop).toHaveBeenCalledExactlyOnceWith(askedID);
    expect(out.answer.status).toBe('stopped');
  });

  it('tries Stop again when it came before Go registered the request', async () => {
    let finish!: (a: unknown) => void;
    let registered = false;
    const Stop = vi.fn(async () => {
      if (!registered) return false;
      finish(answerOf({ status: 'stopped' }));
      return true;
    });
    install({ Ask: () => new Promise((resolve) => (finish = resolve)), Stop });
    const s = askQuestion({ question: 'q' }, () => undefined);
    s.stop();
    await waitLong(() => expect(Stop).toHaveBeenCalledTimes(1));
    registered = true;
    await expect(s.result).resolves.toMatchObject({ answer: { status: 'stopped' } });
    expect(Stop).toHaveBeenCalledTimes(2);
  });

  it('keeps the interrupted answer when Ask rejects after "done"', async () => {
    let bus!: ReturnType<typeof installFakeRuntime>;
    bus = install({
      Ask: async (id: string) => {
        bus.emit(`chat:${id}`, events[0]);
        bus.emit(`chat:${id}`, { type: 'done', answer: answerOf({ status: 'interrupted', citations: null as never }) });
        throw 'the answer was interrupted: model crashed';
      },
    });
    const out = await askQuestion({ question: 'q' }, () => undefined).result;
    expect(out.answer.status).toBe('interrupted');
    expect(out.answer.citations).toEqual([]);
    expect(out.error).toBe('the answer was interrupted: model crashed');
  });

  it('rejects with the Go error when nothing was stored, and when the binding is missing', async () => {
    install({ Ask: async () => Promise.reject('the question is empty: type a question') });
    await expect(askQuestion({ question: ' ' }, () => undefined).result).rejects.toThrow('the question is empty');
    install({});
    await expect(askQuestion({ question: 'q' }, () => undefined).result).rejects.toThrow('Conversations.Ask');
  });
});
