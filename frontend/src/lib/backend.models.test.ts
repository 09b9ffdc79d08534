import { describe, expect, it, vi } from 'vitest';
import { healthy, installFakeWails, jsonResponse, overviewUp } from '../test/fixtures';
import { modelsList } from '../test/chatFixtures';
import { installFakeRuntime, ndjson, openResponse, splitBytes, streamResponse, tick } from '../test/streaming';
import { deleteModel, listModels, PULL_EVENT, pullModel, setModelConfig, switchModel } from './backend';
import type { PullProgress } from './types';

// A shared 2-core machine can be slow: wait up to 5 s (the default is 1 s).
const waitLong = <T,>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 5_000 });

const step = (percent: number, over: Partial<PullProgress> = {}): PullProgress => ({
  status: 'pulling 6a0746a1ec1a',
  completed: percent * 10_000_000,
  total: 1_000_000_000,
  percent,
  rate_bytes_per_second: 25_000_000,
  eta_seconds: (100 - percent) * 0.4,
  done: false,
  ...over,
});

describe('models over HTTP', () => {
  it('lists, switches, saves settings and deletes with the documented routes', async () => {
    const fetchSpy = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/models') return jsonResponse({ ...modelsList, recommended: null });
      if (url === '/api/models/switch')
        return jsonResponse({ status: 'switched', current: { model_name: 'llama3.2:1b', embedding_model: 'bge-m3:latest' }, model_name: 'llama3.2:1b' });
      if (init?.method === 'PUT') return jsonResponse(JSON.parse(String(init.body)));
      return new Response(null, { status: 204 });
    });
    vi.stubGlobal('fetch', fetchSpy);
    expect((await listModels()).recommended).toEqual([]);
    await expect(switchModel('chat', 'llama3.2:1b')).resolves.toEqual({ model_name: 'llama3.2:1b', embedding_model: 'bge-m3:latest' });
    const cfg = { model_name: 'hf.co/a/b:Q4', temperature: 0.2, max_tokens: null, context_length: 8192, top_p: null };
    await expect(setModelConfig(cfg)).resolves.toEqual(cfg);
    await deleteModel('llama3.2:1b');
    expect(fetchSpy.mock.calls.map((c) => [c[1]?.method ?? 'GET', c[0]])).toEqual([
      ['GET', '/api/models'],
      ['POST', '/api/models/switch'],
      ['PUT', '/api/models/hf.co%2Fa%2Fb%3AQ4/config'],
      ['DELETE', '/api/models/llama3.2%3A1b'],
    ]);
    expect(JSON.parse(String(fetchSpy.mock.calls[1][1]?.body))).toEqual({ model_name: 'llama3.2:1b', kind: 'chat' });
  });

  it('streams pull progress split mid-line and resolves with the last step', async () => {
    const fetchSpy = vi.fn(async (_url: string, _init?: RequestInit) =>
      streamResponse(splitBytes(ndjson(step(10), step(55.5), { status: 'success', done: true, percent: 100 }), 7)),
    );
    vi.stubGlobal('fetch', fetchSpy);
    const seen: number[] = [];
    const last = await pullModel('gemma3:4b', (p) => seen.push(p.percent)).result;
    expect(seen).toEqual([10, 55.5, 100]);
    expect(last).toMatchObject({ status: 'success', done: true });
    expect(JSON.parse(String(fetchSpy.mock.calls[0][1]?.body))).toEqual({ model_name: 'gemma3:4b' });
  });

  it('rejects with the error line of a failed pull', async () => {
    vi.stubGlobal('fetch', async () =>
      streamResponse([ndjson(step(5), { status: 'error', done: true, error: 'pull model manifest: file does not exist' })]),
    );
    await expect(pullModel('nope:1b', () => undefined).result).rejects.toThrow('pull model manifest: file does not exist');
  });

  it('rejects with the JSON error before any progress (e.g. Ollama down)', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse({ error: { code: 'ollama_unavailable', message: 'Ollama is not reachable: start it with ollama serve' } }, 503, 'Service Unavailable'),
    );
    await expect(pullModel('x:1b', () => undefined).result).rejects.toThrow('Ollama is not reachable');
  });

  it('cancel() aborts the download', async () => {
    let open: ReturnType<typeof openResponse> | undefined;
    vi.stubGlobal('fetch', async (_u: string, init?: RequestInit) => {
      open = openResponse(init?.signal);
      return open.response;
    });
    const seen: number[] = [];
    const h = pullModel('gemma3:4b', (p) => seen.push(p.percent));
    await waitLong(() => expect(open).toBeDefined());
    open!.push(ndjson(step(20)));
    await waitLong(() => expect(seen).toEqual([20]));
    h.cancel();
    await expect(h.result).resolves.toMatchObject({ status: 'cancelled', done: true });
  });
});

describe('models over Wails', () => {
  function install(models: Record<string, unknown>) {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    window.go!.desktop!.Models = models;
    return installFakeRuntime();
  }

  it('follows models:pull events of its own pull id, also those sent before Pull returned', async () => {
    let bus!: ReturnType<typeof installFakeRuntime>;
    let answerID!: (id: string) => void;
    bus = install({ Pull: vi.fn(() => new Promise<string>((r) => (answerID = r))) });
    const seen: number[] = [];
    const h = pullModel('gemma3:4b', (p) => seen.push(p.percent));
    await tick();
    bus.emit(PULL_EVENT, { id: 'p1', name: 'gemma3:4b', ...step(5) });
    bus.emit(PULL_EVENT, { id: 'other', name: 'llama3.2:1b', ...step(50) });
    answerID('p1');
    await tick();
    expect(seen).toEqual([5]);
    bus.emit(PULL_EVENT, { id: 'p1', name: 'gemma3:4b', ...step(60) });
    bus.emit(PULL_EVENT, { id: 'p1', name: 'gemma3:4b', ...step(100, { status: 'success', done: true }) });
    await expect(h.result).resolves.toMatchObject({ status: 'success' });
    expect(seen).toEqual([5, 60, 100]);
    expect(bus.listening(PULL_EVENT)).toBe(0);
  });

  it('rejects on an error event and cancels with CancelPull', async () => {
    let bus!: ReturnType<typeof installFakeRuntime>;
    const CancelPull = vi.fn(async () => true);
    let n = 0;
    bus = install({ Pull: async () => `p${++n}`, CancelPull });
    const failing = pullModel('bad:1b', () => undefined);
    await tick();
    bus.emit(PULL_EVENT, { id: 'p1', name: 'bad:1b', ...step(0, { done: true, error: 'model not found' }) });
    await expect(failing.result).rejects.toThrow('model not found');

    const h = pullModel('gemma3:4b', () => undefined);
    await tick();
    h.cancel();
    await expect(h.result).resolves.toMatchObject({ status: 'cancelled' });
    expect(CancelPull).toHaveBeenCalledExactlyOnceWith('p2');
  });

  it('uses Switch(kind, name) and says when Models is not bound', async () => {
    const Switch = vi.fn(async () => ({ model_name: 'llama3.2:1b', embedding_model: 'bge-m3:latest' }));
    install({ Switch });
    await expect(switchModel('chat', 'llama3.2:1b')).resolves.toEqual({ model_name: 'llama3.2:1b', embedding_model: 'bge-m3:latest' });
    expect(Switch).toHaveBeenCalledWith('chat', 'llama3.2:1b');
    install({});
    await expect(listModels()).rejects.toThrow('Models.List');
  });
});
