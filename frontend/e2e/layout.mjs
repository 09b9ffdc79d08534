// Layout and translation check with playwright-core + the system chromium: every page at
// 390×844, 800×600 and 1280×800, in Japanese and English. Saves a screenshot of each into
// build/smoke/ (layout-<lang>-<width>x<height>-<page>.png) and FAILS when a page
//   - overflows horizontally (document.documentElement.scrollWidth > innerWidth, or the main
//     area, navigation, header or status bar is wider than its box), or
//   - shows an i18n key (a dictionary key of src/lib/i18n.ts) or an unfilled {placeholder}, or
//   - in English, shows Japanese in the app's own chrome (navigation, header, page headings, buttons, labels,
//     hints); with E2E_URL (a real server, whose messages other checks own) this is only reported, unless
//     E2E_STRICT_LANG=1,
//   - at 800×600 or wider, wraps the chat's Send button onto two lines.
//   E2E_URL        base URL of a running server; unset = e2e/fake-server.mjs on a free port (needs dist/).
//   E2E_SMOKE_DIR  where screenshots go (default ../build/smoke relative to frontend/).
//   CHROMIUM_PATH  browser path (default /usr/bin/chromium).
// Prints a table page × size × language and exits 0 on success, 1 otherwise.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OUT = resolve(process.env.E2E_SMOKE_DIR || fileURLToPath(new URL('../../build/smoke', import.meta.url)));
const SIZES = [
  [390, 844],
  [800, 600],
  [1280, 800],
];
const LANGS = ['ja', 'en'];
const PAGES = ['chat', 'library', 'models', 'monitor', 'backup', 'settings'];
const TIMEOUT = 15_000;
const log = (msg) => console.log(`[layout] ${msg}`);

/** Every key of the Japanese dictionary (the source of truth; English has the same keys). */
function i18nKeys() {
  const src = readFileSync(new URL('../src/lib/i18n.ts', import.meta.url), 'utf8');
  const ja = src.slice(src.indexOf('export const ja = {'), src.indexOf('} as const;'));
  return [...ja.matchAll(/^\s+'([^']+)':/gm)].map((m) => m[1]);
}

/** Runs in the page: what is wrong with the layout and the visible text. */
function inspect({ keys, lang, checkSend }) {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) problems.push(`page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`);
  for (const sel of ['.main', '.sidebar', '.app-header', '.status-bar', '.app']) {
    const el = document.querySelector(sel);
    if (el && el.scrollWidth > el.clientWidth + 1) problems.push(`${sel} content is ${el.scrollWidth}px wide in ${el.clientWidth}px`);
  }
  const text = document.body.innerText;
  const keySet = new Set(keys);
  for (const word of text.split(/[\s()（）「」:：,、。]+/)) {
    if (keySet.has(word)) problems.push(`untranslated key on screen: ${word}`);
  }
  const placeholder = text.match(/\{[a-zA-Z]+\}/);
  if (placeholder) problems.push(`unfilled placeholder on screen: ${placeholder[0]}`);
  if (/\[object Object\]|\bundefined\b|\bNaN\b/.test(text)) problems.push(`junk on screen: ${text.match(/\[object Object\]|\bundefined\b|\bNaN\b/)[0]}`);
  if (lang === 'en') {
    // The app's own chrome must be English; user data (titles, snippets, log lines) may be anything.
    const chrome = document.querySelectorAll(
      '.sidebar, .app-header .app-title, .app-header .header-search, .page-title, .card > h3, .monitor-section > h3, label, button:not(.session-select):not(.cite-chip), th, dt, .hint:not(.session-date)',
    );
    const jp = /[\u3040-\u30ff\u3400-\u9fff]/;
    for (const el of chrome) {
      if (el.closest('[aria-hidden="true"], .lang-switch, [data-testid^="lang-"], .segmented, .hit, .source, .session, .msg, .log-line, .source-pages')) continue;
      const t = el.innerText?.trim();
      if (t && jp.test(t)) problems.push(`Japanese in the English UI: "${t.slice(0, 60)}"`);
    }
  }
  if (checkSend) {
    const send = document.querySelector('[data-testid="chat-send"]');
    if (send) {
      const r = send.getBoundingClientRect();
      const lh = parseFloat(getComputedStyle(send).lineHeight) || 20;
      if (r.height > lh * 1.6 + 16) problems.push(`the Send button wraps (${Math.round(r.width)}×${Math.round(r.height)} px)`);
    }
  }
  return [...new Set(problems)];
}

async function main() {
  let server;
  let baseURL = process.env.E2E_URL;
  if (!baseURL) {
    if (!existsSync(new URL('../dist/index.html', import.meta.url))) throw new Error('E2E_URL is not set and dist/index.html is missing: run `npm run build` first');
    const { startFakeServer } = await import('./fake-server.mjs');
    server = await startFakeServer({});
    baseURL = server.url;
    log(`E2E_URL not set: using the fake server at ${baseURL}`);
  }
  mkdirSync(OUT, { recursive: true });
  const keys = i18nKeys();
  if (keys.length < 100) throw new Error(`read only ${keys.length} keys from src/lib/i18n.ts`);
  const strictLang = process.env.E2E_STRICT_LANG ? process.env.E2E_STRICT_LANG === '1' : !process.env.E2E_URL;
  const failures = [];
  const warnings = [];
  const rows = [];
  for (const lang of LANGS) {
    const userDataDir = mkdtempSync(join(tmpdir(), 'genkai-layout-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: SIZES[0][0], height: SIZES[0][1] },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      await context.addInitScript((l) => {
        try {
          window.localStorage.setItem('genkai.lang', l);
        } catch {
          /* ignore */
        }
      }, lang);
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(TIMEOUT);
      const errors = [];
      page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
      for (const [w, h] of SIZES) {
        await page.setViewportSize({ width: w, height: h });
        await page.goto(baseURL, { waitUntil: 'domcontentloaded' });
        await page.getByTestId('nav').waitFor({ state: 'visible' });
        await page.getByTestId('status-version').or(page.getByTestId('boot-error-message')).first().waitFor({ state: 'visible' });
        for (const id of PAGES) {
          await page.getByTestId(`nav-${id}`).click();
          await page.getByTestId(`page-${id}`).waitFor({ state: 'visible' });
          // Let the page's first requests answer (loading texts are replaced by content).
          await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
          await page.waitForTimeout(250);
          const problems = await page.evaluate(inspect, { keys, lang, checkSend: id === 'chat' && w >= 800 });
          problems.push(...errors.splice(0));
          if (!strictLang) {
            for (let i = problems.length - 1; i >= 0; i--) {
              if (problems[i].startsWith('Japanese in the English UI')) warnings.push(`${id} ${w}x${h} ${lang}: ${problems.splice(i, 1)[0]}`);
            }
          }
          const file = join(OUT, `layout-${lang}-${w}x${h}-${id}.png`);
          await page.screenshot({ path: file, fullPage: false });
          rows.push(`${id.padEnd(9)} ${`${w}x${h}`.padEnd(9)} ${lang}  ${problems.length ? 'FAIL' : 'ok  '} ${problems.join('; ')}`);
          if (problems.length) failures.push(`${id} ${w}x${h} ${lang}: ${problems.join('; ')}`);
        }
      }
    } finally {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    }
  }
  await server?.close();
  log(`page      size      lang result (screenshots in ${OUT})`);
  for (const r of rows) log(r);
  for (const w of warnings) log(`warning: ${w}`);
  if (failures.length) throw new Error(`${failures.length} page(s) failed:\n${failures.join('\n')}`);
}

main().then(
  () => {
    log('PASS');
    process.exit(0);
  },
  (err) => {
    console.error(`[layout] FAIL: ${err?.message ?? err}`);
    process.exit(1);
  },
);
