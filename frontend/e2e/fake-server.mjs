// Tiny stand-in for the Go HTTP server: serves dist/ and answers
// GET /api/app/info, /api/health and /api/search with canned JSON (contract shapes).
// Usage: node e2e/fake-server.mjs [port]   (env FAKE_OLLAMA=down, FAKE_BOOT=fail, FAKE_SEARCH=empty)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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
function searchAnswer(params, mode) {
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
  return [200, { query: q, mode: 'lexical', hits }];
}

function sendJSON(res, status, body) {
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
        return sendJSON(res, ...searchAnswer(url.searchParams, search));
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
        close: () => new Promise((r) => server.close(() => r())),
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
