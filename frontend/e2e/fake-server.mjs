// Tiny stand-in for the Go HTTP server: serves dist/ and answers
// GET /api/app/info, /api/health and /api/search with canned JSON (contract shapes),
// plus an in-memory sources API (/api/sources…, /api/sync) whose fake sync
// progresses over ~2 s. Folder sources really read their .md/.txt/.html files,
// so searching finds words from them (also with FAKE_SEARCH=empty). Chat sessions,
// streamed answers (search-results mode) and models come from fake-chat.mjs.
// Usage: node e2e/fake-server.mjs [port]   (env FAKE_OLLAMA=down, FAKE_BOOT=fail, FAKE_SEARCH=empty)
import { createServer } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { createChat, createModels } from './fake-chat.mjs';
import { createMonitor } from './fake-monitor.mjs';

const DIST = resolve(fileURLToPath(new URL('../dist', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

function info(ollama) {
  return {
    version: '0.1.0',
    data_home: '/home/u/.local/share/genkai-rag',
    config_file: '/home/u/.local/share/genkai-rag/config/config.yaml',
    ollama:
      ollama === 'down'
        ? { host: 'http://127.0.0.1:11434', reachable: false, error: 'connection refused' }
        : { host: 'http://127.0.0.1:11434', reachable: true, version: '0.17.4' },
  };
}

const HEALTH = {
  status: 'healthy',
  version: '0.1.0',
  time: '2026-11-23T10:00:00Z',
  checks: { store: { status: 'ok', detail: 'schema version 2' } },
};

/** GET /api/search: one canned hit for any query (none with search = 'empty'), 400 for a bad query. */
function searchAnswer(params, mode, library) {
  const q = params.get('q') ?? '';
  const kText = params.get('k');
  const k = kText === null ? 10 : Number(kText);
  if (!Number.isInteger(k) || k < 1 || k > 100) {
    return [400, { error: { code: 'bad_query', message: `k must be a whole number from 1 to 100, got "${kText}"` }, request_id: 'fake-3' }];
  }
  if (q.trim() === '') {
    return [400, { error: { code: 'bad_query', message: 'the query is empty' }, request_id: 'fake-4' }];
  }
  if ([...q].length > 1000) {
    return [400, { error: { code: 'bad_query', message: 'the query is longer than 1000 characters' }, request_id: 'fake-5' }];
  }
  const hits =
    mode === 'empty'
      ? []
      : [
          {
            chunk_id: 1,
            score: 8.5,
            title: 'スーパーコンピュータ玄界の概要',
            section: 'システム概要 > ハードウェア構成',
            url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/',
            text: `スーパーコンピュータ${q}は九州大学情報基盤研究開発センターのシステムです。`,
            snippet: `…スーパーコンピュータ«${q}»は九州大学情報基盤研究開発センターの…`,
            fetched_at: '2026-11-23T10:00:00Z',
          },
        ];
  if (library) hits.push(...library.search(q, k - hits.length));
  return [200, { query: q, mode: 'lexical', hits: hits.slice(0, k) }];
}


// ---- in-memory sources + fake sync ----

const TICK_MS = 200;
const TEXT_EXT = new Set(['.md', '.txt', '.html', '.htm']);

function apiError(status, code, message) {
  return [status, { error: { code, message }, request_id: `fake-${code}` }];
}

async function listFolder(dir, max = 200) {
  const out = [];
  async function walk(d) {
    if (out.length >= max) return;
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= max || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  }
  await walk(dir);
  return out;
}

function stripHTML(text) {
  return text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ');
}

/** The work items of one sync: [{ url, load(): Promise<{title, text}> | throws, skip?: reason }]. */
async function syncItems(src) {
  if (src.kind === 'folder') {
    const files = await listFolder(src.location);
    return files.map((file) => {
      const url = pathToFileURL(file).href;
      if (!TEXT_EXT.has(extname(file).toLowerCase())) return { url, skip: `unsupported file type ${extname(file) || '(none)'}` };
      return {
        url,
        load: async () => {
          const raw = await readFile(file, 'utf8');
          const html = /\.html?$/i.test(file);
          const text = (html ? stripHTML(raw) : raw).replace(/\s+/g, ' ').trim();
          const title = (html && raw.match(/<title>([^<]*)<\/title>/i)?.[1]) || raw.match(/^#\s+(.+)$/m)?.[1] || relative(src.location, file);
          return { title: title.trim(), text };
        },
      };
    });
  }
  const base = src.location.endsWith('/') ? src.location : `${src.location}/`;
  const pages = ['', 'login.html', 'job.html', 'gpu.html', 'storage.html', 'software.html'].slice(0, Math.max(1, Math.min(6, src.max_pages ?? 6)));
  return [
    ...pages.map((p, i) => ({
      url: base + p,
      load: async () => ({
        title: ['スーパーコンピュータ玄界', 'ログイン方法', 'ジョブの実行', 'GPUジョブ', 'ストレージ', 'ソフトウェア'][i],
        text: `スーパーコンピュータ玄界のドキュメント (${p || 'index'})。ジョブは pjsub で投入します。`,
      }),
    })),
    { url: `${base}old/missing.html`, load: async () => { throw new Error('HTTP 404 Not Found'); } },
    { url: `${base}manual.pdf`, skip: 'unsupported content type application/pdf' },
  ];
}

function idleStatus() {
  return {
    running: false, source_id: 0, kind: '', location: '', started_at: '', finished_at: '',
    progress: { done: 0, total: 0, chunks: 0, errors: 0, url: '' }, report: null, error: '',
  };
}

function createLibrary() {
  const sources = new Map(); // id -> { id, kind, location, name, max_pages, pages: Map(url -> PageState & {text}), last_synced }
  let nextId = 1;
  let status = idleStatus();
  let run = null; // { timer, cancel }

  function summary(src) {
    const pages = [...src.pages.values()];
    const ok = pages.filter((p) => p.status === 'ok');
    return {
      id: src.id, kind: src.kind, location: src.location, name: src.name,
      pages: ok.length,
      chunks: ok.reduce((n, p) => n + p.chunks, 0),
      failed: pages.filter((p) => p.status === 'failed').length,
      skipped: pages.filter((p) => p.status === 'skipped').length,
      last_synced: src.last_synced,
    };
  }

  async function start(src) {
    const items = await syncItems(src);
    const started = Date.now();
    const seen = new Set();
    const report = { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [], skipped: [], chunks: 0, truncated: false, duration: 0 };
    status = {
      running: true, source_id: src.id, kind: src.kind, location: src.location,
      started_at: new Date(started).toISOString(), finished_at: '',
      progress: { done: 0, total: 0, chunks: 0, errors: 0, url: '' }, report: null, error: '',
    };
    // ~2 s: 2 ticks "discovering" (total 0), then the items spread over 8 ticks.
    const perTick = Math.max(1, Math.ceil(items.length / 8));
    let tick = 0;
    let i = 0;
    const finish = (error) => {
      clearInterval(run.timer);
      run = null;
      if (!error) {
        for (const url of [...src.pages.keys()]) if (!seen.has(url)) { src.pages.delete(url); report.removed++; }
      }
      report.duration = (Date.now() - started) * 1e6;
      src.last_synced = new Date().toISOString();
      status = { ...status, running: false, finished_at: src.last_synced, report, error: error ?? '', progress: { ...status.progress, url: '' } };
    };
    run = {
      cancel: () => finish('canceled'),
      timer: setInterval(async () => {
        tick++;
        if (tick <= 2) {
          status = { ...status, progress: { ...status.progress, url: src.location } };
          return;
        }
        const now = Date.now();
        for (let n = 0; n < perTick && i < items.length; n++, i++) {
          const it = items[i];
          seen.add(it.url);
          const prev = src.pages.get(it.url);
          const at = new Date(now).toISOString();
          if (it.skip) {
            report.skipped.push({ url: it.url, reason: it.skip });
            src.pages.set(it.url, { url: it.url, title: '', status: 'skipped', error: it.skip, fetched_at: at, text: '', chunks: 0 });
            continue;
          }
          try {
            const { title, text } = await it.load();
            const chunks = Math.max(1, Math.ceil(text.length / 800));
            report.chunks += chunks;
            if (!prev || prev.status !== 'ok') report.added++;
            else if (prev.text !== text) report.updated++;
            else report.unchanged++;
            src.pages.set(it.url, { url: it.url, title, status: 'ok', error: '', fetched_at: at, text, chunks });
          } catch (err) {
            report.failed.push({ url: it.url, reason: err.message });
            src.pages.set(it.url, { url: it.url, title: prev?.title ?? '', status: 'failed', error: err.message, fetched_at: prev?.fetched_at ?? '', text: prev?.text ?? '', chunks: prev?.chunks ?? 0 });
          }
        }
        if (!run) return; // cancelled meanwhile
        status = {
          ...status,
          progress: {
            done: i, total: items.length, chunks: report.chunks,
            errors: report.failed.length, url: items[Math.min(i, items.length - 1)]?.url ?? '',
          },
        };
        if (i >= items.length && tick >= 10) finish();
      }, TICK_MS),
    };
    return status;
  }

  return {
    list: () => [...sources.values()].map(summary),
    status: () => status,
    async add(body) {
      const kind = body?.kind;
      const location = typeof body?.location === 'string' ? body.location.trim() : '';
      if (kind !== 'site' && kind !== 'folder') return apiError(400, 'bad_request', 'kind must be "site" or "folder"');
      if (kind === 'site' && !/^https?:\/\/\S+$/i.test(location)) return apiError(400, 'bad_request', 'location must be an http(s) URL');
      if (kind === 'folder') {
        if (!isAbsolute(location)) return apiError(400, 'bad_request', 'location must be an absolute path');
        const st = await stat(location).catch(() => null);
        if (!st?.isDirectory()) return apiError(400, 'bad_request', `location must be an existing directory: ${location}`);
      }
      if (run) return apiError(409, 'busy', `a sync is already running (source ${status.source_id})`);
      if ([...sources.values()].some((s) => s.location === location)) return apiError(400, 'bad_request', `the source already exists: ${location}`);
      const id = nextId++;
      const name = kind === 'site' ? location.replace(/^https?:\/\//i, '').replace(/\/$/, '') : location;
      const src = { id, kind, location, name, max_pages: body.max_pages, pages: new Map(), last_synced: '' };
      sources.set(id, src);
      return [202, await start(src)];
    },
    async sync(id) {
      const src = sources.get(id);
      if (!src) return apiError(404, 'not_found', `no source ${id}`);
      if (run) return apiError(409, 'busy', `a sync is already running (source ${status.source_id})`);
      return [202, await start(src)];
    },
    pages(id) {
      const src = sources.get(id);
      if (!src) return apiError(404, 'not_found', `no source ${id}`);
      return [200, { pages: [...src.pages.values()].map(({ text: _t, chunks: _c, ...p }) => p) }];
    },
    remove(id) {
      if (!sources.has(id)) return apiError(404, 'not_found', `no source ${id}`);
      if (run && status.source_id === id) return apiError(409, 'busy', `source ${id} is being synced`);
      sources.delete(id);
      return [204, null];
    },
    cancel() {
      run?.cancel();
      return [200, status];
    },
    search(q, max) {
      if (max <= 0) return [];
      const needle = q.trim().toLowerCase();
      const hits = [];
      let chunkId = 1000;
      for (const src of sources.values()) {
        for (const p of src.pages.values()) {
          chunkId++;
          if (p.status !== 'ok') continue;
          const at = p.text.toLowerCase().indexOf(needle);
          if (at < 0) continue;
          const from = Math.max(0, at - 30);
          const word = p.text.slice(at, at + needle.length);
          const snippet = `${from > 0 ? '…' : ''}${p.text.slice(from, at)}«${word}»${p.text.slice(at + needle.length, at + needle.length + 60)}…`;
          hits.push({ chunk_id: chunkId, score: 5, title: p.title, section: '', url: p.url, text: p.text.slice(0, 2000), snippet, fetched_at: p.fetched_at });
          if (hits.length >= max) return hits;
        }
      }
      return hits;
    },
    close() {
      if (run) clearInterval(run.timer);
    },
  };
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
}

async function libraryRoute(library, req, pathname) {
  const m = pathname.match(/^\/api\/sources\/(\d+)(\/sync|\/pages)?$/);
  if (pathname === '/api/sources') {
    if (req.method === 'GET') return [200, { sources: library.list() }];
    if (req.method === 'POST') {
      const body = await readBody(req);
      if (body === undefined) return apiError(400, 'bad_request', 'the body is not JSON');
      return library.add(body);
    }
  } else if (m) {
    const id = Number(m[1]);
    if (m[2] === '/sync' && req.method === 'POST') return library.sync(id);
    if (m[2] === '/pages' && req.method === 'GET') return library.pages(id);
    if (!m[2] && req.method === 'DELETE') return library.remove(id);
  } else if (pathname === '/api/sync') {
    if (req.method === 'GET') return [200, library.status()];
    if (req.method === 'DELETE') return library.cancel();
  }
  return null;
}

function sendJSON(res, status, body) {
  if (status === 204) {
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    return res.end();
  }
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function sendFile(res, path) {
  const body = await readFile(path);
  res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
  res.end(body);
}

/** Start the server; resolves to { url, close() }. port 0 = any free port. */
export function startFakeServer({ port = 0, host = '127.0.0.1', ollama = 'up', boot = 'ok', search = 'one' } = {}) {
  const library = createLibrary();
  const chat = createChat((q) => searchAnswer(new URLSearchParams({ q, k: '5' }), search, library)[1]?.hits ?? []);
  const models = createModels();
  const monitor = createMonitor();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      if (url.pathname === '/api/app/info') {
        if (boot === 'fail') {
          return sendJSON(res, 500, {
            error: { code: 'startup_failed', message: 'config.yaml is invalid: fix it and restart' },
            request_id: 'fake-1',
          });
        }
        return sendJSON(res, 200, info(ollama));
      }
      if (url.pathname === '/api/health') return sendJSON(res, 200, HEALTH);
      if (url.pathname === '/api/search' && req.method === 'GET') {
        return sendJSON(res, ...searchAnswer(url.searchParams, search, library));
      }
      if (url.pathname === '/api/sources' || url.pathname.startsWith('/api/sources/') || url.pathname === '/api/sync') {
        const answer = await libraryRoute(library, req, url.pathname);
        if (answer) return sendJSON(res, ...answer);
        return sendJSON(res, ...apiError(405, 'method_not_allowed', `${req.method} ${url.pathname} is not supported`));
      }
      for (const r of [chat, models, monitor]) {
        const answer = await r.route(req, res, url, readBody);
        if (answer === 'streamed') return;
        if (answer) return sendJSON(res, ...answer);
      }
      if (url.pathname.startsWith('/api/')) {
        return sendJSON(res, 404, { error: { code: 'not_found', message: 'no such endpoint' }, request_id: 'fake-2' });
      }
      const file = normalize(join(DIST, decodeURIComponent(url.pathname)));
      if (!file.startsWith(DIST + sep) && file !== DIST) return sendJSON(res, 400, { error: { message: 'bad path' } });
      const s = await stat(file).catch(() => null);
      await sendFile(res, s?.isFile() ? file : join(DIST, 'index.html'));
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolvePromise({
        url: `http://${host}:${addr.port}/`,
        close: () =>
          new Promise((r) => {
            library.close();
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8765);
  const srv = await startFakeServer({
    port,
    ollama: process.env.FAKE_OLLAMA,
    boot: process.env.FAKE_BOOT,
    search: process.env.FAKE_SEARCH,
  });
  console.log(`fake server on ${srv.url} serving ${DIST}`);
}
