// In-memory chat sessions and models for the fake server (contract shapes of
// backend/api/chat.go and models.go). Answers come in "search results" mode
// (no model), streamed as NDJSON in a few steps; model pulls progress over ~1 s.
import { randomBytes } from 'node:crypto';

const STEP_MS = 60;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function err(status, code, message) {
  return [status, { error: { code, message }, request_id: `fake-${code}` }];
}

export function createChat(searchHits) {
  const sessions = new Map();
  const now = () => new Date().toISOString();
  const summary = (s) => ({ id: s.id, title: s.title, created_at: s.created_at, updated_at: s.updated_at, messages: s.history.length });

  function newSession(title) {
    const s = { id: randomBytes(16).toString('hex'), title, created_at: now(), updated_at: now(), history: [] };
    sessions.set(s.id, s);
    return s;
  }

  /** POST /api/query and /api/sessions/{id}/regenerate: writes NDJSON itself. */
  async function answer(res, body, regenerateOf) {
    let s;
    let question = String(body?.question ?? '').trim();
    if (regenerateOf) {
      s = sessions.get(regenerateOf);
      if (!s) return err(404, 'not_found', `no session "${regenerateOf}"`);
      const last = s.history.map((m) => m.role).lastIndexOf('user');
      if (last < 0) return err(404, 'not_found', 'the session has no question to answer again');
      question = s.history[last].content;
      s.history = s.history.slice(0, last);
    } else {
      if (!question) return err(400, 'bad_request', 'the question is empty: type a question');
      const n = [...question].length;
      if (n > 2000) return err(400, 'bad_request', `the question is too long: it is ${n} characters; the limit is 2000`);
      if (body.session_id) {
        s = sessions.get(body.session_id);
        if (!s) return err(404, 'not_found', `session "${body.session_id}" (start a new one)`);
      } else s = newSession([...question].slice(0, 40).join(''));
    }
    const hits = searchHits(question).slice(0, 5);
    const citations = hits.map((h, i) => ({ n: i + 1, chunk_id: h.chunk_id, title: h.title, section: h.section, url: h.url, snippet: h.snippet, fetched_at: h.fetched_at, score: h.score }));
    const refusal = citations.length === 0;
    const text = refusal
      ? `「${question}」について、取り込んだ資料には記載が見つかりませんでした。`
      : `「${question}」に近い箇所です（モデルなし）:\n\n` + citations.map((c) => `${c.n}. **${c.title}** — ${c.section || c.url} [${c.n}]`).join('\n');
    const q = { id: s.history.length + 1, role: 'user', content: question, kind: 'question', status: 'complete', citations: [], created_at: now() };
    s.history.push(q);
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
    const send = (ev) => res.write(JSON.stringify(ev) + '\n');
    send({ type: 'start', session_id: s.id });
    await sleep(STEP_MS);
    send({ type: 'citations', citations });
    const half = Math.floor(text.length / 2);
    for (const piece of [text.slice(0, half), text.slice(half)]) {
      await sleep(STEP_MS);
      send({ type: 'token', text: piece });
    }
    const kind = refusal ? 'refusal' : 'search_results';
    const a = { id: s.history.length + 1, role: 'assistant', content: text, kind, status: 'complete', citations, created_at: now() };
    s.history.push(a);
    s.updated_at = now();
    send({
      type: 'done',
      answer: {
        session_id: s.id, question_id: q.id, message_id: a.id, kind, text, citations, status: 'complete', mode: 'lexical',
        note: refusal ? '' : 'チャットモデルが設定されていないため、検索結果を表示しています。', cached: false,
        timing: { retrieval_ms: 1, total_ms: 4 * STEP_MS },
      },
    });
    res.end();
    return 'streamed';
  }

  /** Returns [status, body], 'streamed', or null for an unknown route. */
  async function route(req, res, url, readBody) {
    const p = url.pathname;
    if (p === '/api/query' && req.method === 'POST') return answer(res, await readBody(req));
    if (p === '/api/sessions') {
      if (req.method === 'GET') return [200, { sessions: [...sessions.values()].sort((a, b) => b.updated_at.localeCompare(a.updated_at)).map(summary) }];
      if (req.method === 'POST') return [201, summary(newSession(String((await readBody(req))?.title ?? '')))];
    }
    const m = p.match(/^\/api\/sessions\/([^/]+)(\/regenerate|\/export)?$/);
    if (!m) return null;
    const id = m[1];
    if (!/^[0-9a-f]{32}$/.test(id)) return err(400, 'bad_request', `session id must be 32 hex characters, got "${id}"`);
    if (m[2] === '/regenerate' && req.method === 'POST') return answer(res, null, id);
    const s = sessions.get(id);
    if (!s) return err(404, 'not_found', `no session "${id}"`);
    if (m[2] === '/export' && req.method === 'GET') {
      const json = url.searchParams.get('format') === 'json';
      const body = json ? JSON.stringify({ ...summary(s), history: s.history }, null, 2) : `# ${s.title}\n\n` + s.history.map((x) => `## ${x.role}\n\n${x.content}\n`).join('\n');
      res.writeHead(200, { 'Content-Type': json ? 'application/json' : 'text/markdown; charset=utf-8', 'Content-Disposition': `attachment; filename="genkai-rag-session-${id.slice(0, 8)}.${json ? 'json' : 'md'}"` });
      res.end(body);
      return 'streamed';
    }
    if (!m[2] && req.method === 'GET') return [200, { ...summary(s), history: s.history }];
    if (!m[2] && req.method === 'PATCH') {
      const title = String((await readBody(req))?.title ?? '').trim();
      if (!title) return err(400, 'bad_request', 'rename session: the title is empty');
      s.title = title;
      return [200, summary(s)];
    }
    if (!m[2] && req.method === 'DELETE') {
      sessions.delete(id);
      return [204, null];
    }
    return null;
  }
  return { route };
}

export function createModels() {
  const installed = [
    { name: 'qwen2.5:7b', size_bytes: 4_683_087_332, family: 'qwen2', parameter_size: '7.6B', quantization: 'Q4_K_M', modified_at: '2026-11-20T10:00:00Z', loaded: false, embedding: false },
    { name: 'bge-m3:latest', size_bytes: 1_157_672_605, family: 'bert', parameter_size: '566.70M', quantization: 'F16', modified_at: '2026-11-18T10:00:00Z', loaded: false, embedding: true },
  ];
  const current = { model_name: 'qwen2.5:7b', embedding_model: 'bge-m3:latest' };
  const configs = new Map();
  const recommended = () =>
    [
      { name: 'qwen2.5:7b', kind: 'chat', size_bytes: 4_700_000_000, note: '日本語の回答に向く汎用モデル' },
      { name: 'llama3.2:1b', kind: 'chat', size_bytes: 1_300_000_000, note: '軽量・低メモリ' },
      { name: 'bge-m3', kind: 'embedding', size_bytes: 1_200_000_000, note: '多言語の埋め込み' },
    ].map((r) => ({ ...r, installed: installed.some((m) => m.name === r.name || m.name === `${r.name}:latest`) }));

  async function route(req, res, url, readBody) {
    const p = url.pathname;
    if (p === '/api/ollama') return [200, { phase: 'running', running: true, version: '0.17.4', host: 'http://127.0.0.1:11434', managed: true, started_by_us: false, restarts: 0 }];
    if (p === '/api/models' && req.method === 'GET') return [200, { models: installed, ...{ current_model: current.model_name, embedding_model: current.embedding_model }, recommended: recommended() }];
    if (p === '/api/models/current') return [200, current];
    if (p === '/api/models/switch' && req.method === 'POST') {
      const b = await readBody(req);
      if (!installed.some((m) => m.name === b?.model_name)) return err(404, 'unknown_model', `model not found: ${b?.model_name} is not installed`);
      const prev = { ...current };
      if (b.kind === 'embedding') current.embedding_model = b.model_name;
      else current.model_name = b.model_name;
      return [200, { status: 'switched', previous: prev, current, model_name: current.model_name }];
    }
    if (p === '/api/models/pull' && req.method === 'POST') {
      const name = String((await readBody(req))?.model_name ?? '').trim();
      if (!name || /\s/.test(name)) return err(400, 'bad_request', `invalid model name "${name}"`);
      const total = 1_300_000_000;
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      let closed = false;
      req.on('close', () => (closed = true));
      for (let i = 1; i <= 10 && !closed; i++) {
        await sleep(100);
        const completed = (total * i) / 10;
        res.write(JSON.stringify({ status: 'pulling manifest', completed, total, percent: i * 10, rate_bytes_per_second: total / 1, eta_seconds: (10 - i) / 10, done: false }) + '\n');
      }
      if (!closed) {
        installed.push({ name: name.includes(':') ? name : `${name}:latest`, size_bytes: total, family: '', parameter_size: '', quantization: '', modified_at: new Date().toISOString(), loaded: false, embedding: false });
        res.write(JSON.stringify({ status: 'success', completed: total, total, percent: 100, rate_bytes_per_second: 0, eta_seconds: 0, done: true }) + '\n');
      }
      res.end();
      return 'streamed';
    }
    const m = p.match(/^\/api\/models\/([^/]+)(\/config)?$/);
    if (!m) return null;
    const name = decodeURIComponent(m[1]);
    if (m[2] && req.method === 'GET') return [200, configs.get(name) ?? { model_name: name, temperature: null, max_tokens: null, context_length: null, top_p: null }];
    if (m[2] && req.method === 'PUT') {
      const c = { ...(await readBody(req)), model_name: name };
      if (c.temperature != null && (c.temperature < 0 || c.temperature > 2)) return err(400, 'bad_request', 'invalid request: temperature must be between 0 and 2');
      configs.set(name, c);
      return [200, c];
    }
    if (!m[2] && req.method === 'DELETE') {
      const i = installed.findIndex((x) => x.name === name);
      if (i < 0) return err(404, 'unknown_model', `model not found: ${name}`);
      installed.splice(i, 1);
      return [204, null];
    }
    return null;
  }
  return { route };
}
