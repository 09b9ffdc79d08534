// Browser smoke test with playwright-core + the system chromium.
//   E2E_URL         base URL of a running server (e.g. http://127.0.0.1:8765/).
//                   If unset, e2e/fake-server.mjs is started on a free port to serve dist/.
//   E2E_SCREENSHOT  optional path for a PNG screenshot of the final state.
//   CHROMIUM_PATH   optional browser path (default /usr/bin/chromium).
//   FAKE_SEARCH     with the fake server only: "empty" makes /api/search find nothing (like CI's empty index)
//                   except words from folders synced during the run.
//   E2E_SYNC_DIR    optional absolute folder: add it as a folder source (or re-sync it if it is
//                   already listed), wait for the sync summary, then search for E2E_SYNC_WORD.
//   E2E_SYNC_WORD   a word that occurs in a document of E2E_SYNC_DIR (required with E2E_SYNC_DIR).
//   E2E_SYNC_TIMEOUT_MS  how long the sync may take (default 180000).
//   E2E_CHAT_TIMEOUT_MS  how long the streamed answer in チャット may take (default 180000).
// The chat step asks one question and waits for a complete answer (any kind: a model's answer,
// search results without a model, or a refusal); the models page lists the models when
// GET /api/models answers 200, and shows the install instructions when Ollama is missing (503).
// Exits 0 on success, 1 (with the failed step) otherwise.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOT = process.env.E2E_SCREENSHOT || '';
const TIMEOUT = 15_000;
const SYNC_DIR = process.env.E2E_SYNC_DIR || '';
const SYNC_WORD = process.env.E2E_SYNC_WORD || '';
const SYNC_TIMEOUT = Number(process.env.E2E_SYNC_TIMEOUT_MS) || 180_000;
const CHAT_TIMEOUT = Number(process.env.E2E_CHAT_TIMEOUT_MS) || 180_000;
const JA_NAV = ['チャット', 'ライブラリ', 'モデル', 'モニター', 'バックアップ', '設定'];
const EN_NAV = ['Chat', 'Library', 'Models', 'Monitor', 'Backup', 'Settings'];
const NAV_IDS = ['chat', 'library', 'models', 'monitor', 'backup', 'settings'];

let step = 'start';
const log = (msg) => console.log(`[e2e] ${msg}`);

async function navTexts(page) {
  const texts = [];
  for (const id of NAV_IDS) texts.push((await page.getByTestId(`nav-${id}`).innerText()).trim());
  return texts;
}

async function expectNav(page, want) {
  await page.waitForFunction(
    ([ids, labels]) =>
      ids.every((id, i) => document.querySelector(`[data-testid="nav-${id}"]`)?.textContent?.trim() === labels[i]),
    [NAV_IDS, want],
    { timeout: TIMEOUT },
  ).catch(() => {});
  const got = await navTexts(page);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`nav reads ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

/** Submit a search and wait for hits, the empty state or an error; returns 'hits' | 'empty'. */
async function runSearch(page, query) {
  const input = page.getByTestId('library-search-input');
  await input.fill(query);
  await page.getByTestId('library-search-submit').click();
  const firstHit = page.getByTestId('library-hit').first();
  const empty = page.getByTestId('library-empty');
  const searchError = page.getByTestId('library-error');
  const count = page.getByTestId('library-count');
  // Wait until the results belong to this query (an earlier answer may still be on screen).
  await page.waitForFunction(
    (q) => {
      const c = document.querySelector('[data-testid="library-count"]');
      return (
        (c && c.textContent.includes(q)) ||
        document.querySelector('[data-testid="library-empty"]') ||
        document.querySelector('[data-testid="library-error"]')
      );
    },
    query,
    { timeout: TIMEOUT },
  );
  await firstHit.or(empty).or(searchError).first().waitFor({ state: 'visible' });
  if (await searchError.isVisible()) throw new Error(`the search shows an error: ${await searchError.innerText()}`);
  if (await empty.isVisible()) return 'empty';
  await count.waitFor({ state: 'visible' });
  return 'hits';
}

async function main() {
  if (SYNC_DIR && !SYNC_WORD) throw new Error('E2E_SYNC_DIR is set but E2E_SYNC_WORD is not');
  let server;
  let baseURL = process.env.E2E_URL;
  if (!baseURL) {
    if (!existsSync(new URL('../dist/index.html', import.meta.url))) {
      throw new Error('E2E_URL is not set and dist/index.html is missing: run `npm run build` first');
    }
    const { startFakeServer } = await import('./fake-server.mjs');
    server = await startFakeServer({ search: process.env.FAKE_SEARCH });
    baseURL = server.url;
    log(`E2E_URL not set: using the fake server at ${baseURL}`);
  }
  const origin = new URL(baseURL).origin;

  step = 'launch chromium';
  const userDataDir = mkdtempSync(join(tmpdir(), 'genkai-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1024, height: 700 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const problems = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('request', (req) => {
      const u = req.url();
      if (/^https?:/.test(u) && new URL(u).origin !== origin) problems.push(`external request: ${u}`);
    });

    try {
      step = `open ${baseURL}`;
      await page.goto(baseURL, { waitUntil: 'domcontentloaded', timeout: TIMEOUT });

      step = 'wait for the navigation (チャット … 設定)';
      await page.getByRole('navigation').waitFor({ state: 'visible' });
      await expectNav(page, JA_NAV);

      step = 'wait for the status bar version';
      const version = page.getByTestId('status-version');
      const bootError = page.getByTestId('boot-error-message');
      await version.or(bootError).first().waitFor({ state: 'visible' });
      if (await bootError.isVisible()) {
        throw new Error(`the app shows its boot-error panel: ${await bootError.innerText()}`);
      }
      const vtext = await version.innerText();
      if (!/\d+\.\d+/.test(vtext)) throw new Error(`status-version reads "${vtext}"`);
      const ollama = await page.getByTestId('status-ollama').innerText();
      log(`status bar: ${ollama} | ${vtext}`);

      step = 'open 設定';
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('page-settings').waitFor({ state: 'visible' });

      step = 'switch to English';
      await page.getByTestId('lang-en').click();
      await expectNav(page, EN_NAV);

      step = 'check document.title and <html lang>';
      await page.waitForFunction(() => document.title === 'Genkai RAG', null, { timeout: TIMEOUT }).catch(() => {});
      const title = await page.title();
      if (title !== 'Genkai RAG') throw new Error(`document.title is "${title}", want "Genkai RAG"`);
      const lang = await page.evaluate(() => document.documentElement.lang);
      if (lang !== 'en') throw new Error(`<html lang> is "${lang}", want "en"`);

      step = 'check for page errors and external requests';
      if (problems.length) throw new Error(problems.join('\n'));

      step = 'open ライブラリ';
      await page.getByTestId('nav-library').click();
      await page.getByTestId('page-library').waitFor({ state: 'visible' });

      step = 'search the library for 玄界';
      const input = page.getByTestId('library-search-input');
      const submit = page.getByTestId('library-search-submit');
      if (await submit.isEnabled()) throw new Error('the search button is enabled while the box is empty');
      await input.fill('玄界');
      await submit.click();

      step = 'wait for search results or the empty state';
      const firstHit = page.getByTestId('library-hit').first();
      const empty = page.getByTestId('library-empty');
      const searchError = page.getByTestId('library-error');
      await firstHit.or(empty).or(searchError).first().waitFor({ state: 'visible' });
      if (await searchError.isVisible()) {
        throw new Error(`the search shows an error: ${await searchError.innerText()}`);
      }
      if (await empty.isVisible()) {
        log('library search: empty state (the index has no documents)');
      } else {
        const n = await page.getByTestId('library-results').getByTestId('library-hit').count();
        const marks = await firstHit.locator('mark').count();
        log(`library search: ${n} hit(s), first "${(await firstHit.locator('h3').innerText()).trim()}" with ${marks} highlight(s)`);
      }

      step = 'check for page errors and external requests after the search';
      if (problems.length) throw new Error(problems.join('\n'));

      step = 'check the sources section';
      const sources = page.getByTestId('library-sources');
      await sources.waitFor({ state: 'visible' });
      const firstSource = sources.getByTestId('source-item').first();
      const noSources = page.getByTestId('library-sources-empty');
      const sourcesError = page.getByTestId('library-sources-error');
      await firstSource.or(noSources).or(sourcesError).first().waitFor({ state: 'visible' });
      if (await sourcesError.isVisible()) throw new Error(`the sources list shows an error: ${await sourcesError.innerText()}`);
      if (await noSources.isVisible()) log('sources: empty state');
      else log(`sources: ${await sources.getByTestId('source-item').count()} source(s)`);
      await page.getByTestId('add-source-form').waitFor({ state: 'visible' });

      if (SYNC_DIR) {
        step = `sync the folder ${SYNC_DIR}`;
        const existing = sources.getByTestId('source-item').filter({ hasText: SYNC_DIR });
        // Wait for any sync that is already running to end (the sync buttons are disabled meanwhile).
        const submitButton = page.getByTestId('add-source-submit');
        await page.waitForFunction(
          () => !document.querySelector('[data-testid="sync-progress"]'),
          null,
          { timeout: SYNC_TIMEOUT },
        );
        if ((await existing.count()) > 0) {
          log('the folder is already a source: syncing it again');
          await existing.first().getByTestId('source-sync').click();
        } else {
          await page.getByTestId('add-source-kind-folder').click();
          await page.getByTestId('add-source-location').fill(SYNC_DIR);
          await submitButton.click();
        }
        const addError = page.getByTestId('add-source-error');
        const actionError = page.getByTestId('sources-action-error');
        const summary = page.getByTestId('sync-summary').filter({ hasText: SYNC_DIR });
        const progress = page.getByTestId('sync-progress');
        await progress.or(summary).or(addError).or(actionError).first().waitFor({ state: 'visible' });
        for (const e of [addError, actionError]) {
          if (await e.isVisible()) throw new Error(`starting the sync failed: ${await e.innerText()}`);
        }
        if (await progress.isVisible()) {
          log(`sync running: ${(await progress.getByTestId('sync-progress-text').innerText()).trim()}`);
          if (!(await page.getByTestId('sync-cancel').isVisible())) throw new Error('no cancel button while syncing');
        }

        step = 'wait for the sync summary';
        await summary.waitFor({ state: 'visible', timeout: SYNC_TIMEOUT });
        const syncError = summary.getByTestId('sync-error');
        if (await syncError.isVisible()) throw new Error(`the sync ended with an error: ${await syncError.innerText()}`);
        const stat = async (id) => (await summary.getByTestId(`sync-stat-${id}`).innerText()).replace(/\s+/g, ' ').trim();
        log(`sync summary: ${await stat('added')}, ${await stat('updated')}, ${await stat('unchanged')}, ${await stat('failed')}, ${await stat('skipped')}, ${await stat('duration')}`);

        step = 'check the synced folder is listed';
        await sources.getByTestId('source-item').filter({ hasText: SYNC_DIR }).first().waitFor({ state: 'visible' });

        step = `search for ${SYNC_WORD}`;
        const outcome = await runSearch(page, SYNC_WORD);
        if (outcome !== 'hits') throw new Error(`searching for "${SYNC_WORD}" found nothing after the sync`);
        const matching = page.getByTestId('library-hit').filter({ hasText: SYNC_WORD });
        if ((await matching.count()) === 0) throw new Error(`no hit mentions "${SYNC_WORD}"`);
        const fromFolder = page.getByTestId('library-hit').filter({ has: page.getByTestId('library-hit-source') });
        log(`search "${SYNC_WORD}": ${await matching.count()} hit(s) mentioning it, ${await fromFolder.count()} from local files`);
        if ((await fromFolder.count()) === 0) throw new Error(`no hit for "${SYNC_WORD}" comes from a local file`);

        step = 'check for page errors and external requests after the sync';
        if (problems.length) throw new Error(problems.join('\n'));
      }

      step = 'open チャット and ask a question';
      await page.getByTestId('nav-chat').click();
      await page.getByTestId('page-chat').waitFor({ state: 'visible' });
      const question = `${SYNC_WORD || '玄界'} でGPUジョブを投入するには？`;
      const chatInput = page.getByTestId('chat-input');
      await chatInput.fill(question);
      await chatInput.press('Enter');

      step = 'wait for the streamed answer';
      await page.waitForFunction(
        () => {
          const all = document.querySelectorAll('[data-testid="msg-assistant"]');
          const a = all[all.length - 1];
          return (a && !a.hasAttribute('aria-busy') && a.querySelector('[data-testid="msg-copy"]')) || document.querySelector('[data-testid="chat-error"]');
        },
        null,
        { timeout: CHAT_TIMEOUT },
      );
      const chatError = page.getByTestId('chat-error');
      if (await chatError.isVisible()) throw new Error(`the chat shows an error: ${await chatError.innerText()}`);
      const answer = page.getByTestId('msg-assistant').last();
      const kind = await answer.getAttribute('data-kind');
      const status = await answer.getAttribute('data-status');
      const cites = await answer.getByTestId('citation').count();
      const text = (await answer.getByTestId('msg-body').innerText()).replace(/\s+/g, ' ').trim();
      log(`chat: ${kind} (${status}), ${cites} source(s): ${text.slice(0, 80)}`);
      if (status !== 'complete') throw new Error(`the answer ended as "${status}"`);
      if (!text) throw new Error('the answer is empty');
      if ((await answer.locator('script, img[onerror]').count()) > 0) throw new Error('the answer contains live HTML');
      await page.getByTestId('chat-session').first().waitFor({ state: 'visible' });
      if (SYNC_DIR && kind === 'search_results' && cites === 0) throw new Error('search results without sources');

      step = 'check for page errors and external requests after the chat';
      if (problems.length) throw new Error(problems.join('\n'));

      step = 'open モデル';
      const models = await page.request.get(new URL('/api/models', baseURL).href).catch(() => null);
      const down = models?.status() === 503; // no Ollama on this machine
      if (!models?.ok() && !down) {
        throw new Error(`GET /api/models answered ${models ? models.status() : 'nothing'}; want 200, or 503 without Ollama`);
      }
      await page.getByTestId('nav-models').click();
      await page.getByTestId('page-models').waitFor({ state: 'visible' });
      if (down) {
        // The page must say so and show how to install it.
        await page.getByTestId('ollama-install').waitFor({ state: 'visible' });
      } else {
        const table = page.getByTestId('installed-models');
        const modelsError = page.getByTestId('models-error');
        await table.or(modelsError).first().waitFor({ state: 'visible' });
        if (await modelsError.isVisible()) throw new Error(`the models page shows an error: ${await modelsError.innerText()}`);
      }
      await page.getByTestId('ollama-state').waitFor({ state: 'visible' });
      const ollamaState = (await page.getByTestId('ollama-state').innerText()).trim();
      log(down ? `models: Ollama unavailable; the page shows: ${ollamaState} + install instructions` : `models: ${await page.getByTestId('model-row').count()} installed; Ollama: ${ollamaState}`);
      step = 'check for page errors after the models page';
      if (down) {
        // Chromium logs every non-2xx fetch; the 503 of /api/models is the expected answer here.
        for (let i = problems.length - 1; i >= 0; i--) {
          if (problems[i].includes('the server responded with a status of 503')) problems.splice(i, 1);
        }
      }
      if (problems.length) throw new Error(problems.join('\n'));
    } finally {
      if (SCREENSHOT) {
        await page.screenshot({ path: SCREENSHOT, fullPage: true }).then(
          () => log(`screenshot: ${SCREENSHOT}`),
          (err) => log(`screenshot failed: ${err.message}`),
        );
      }
    }
  } finally {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    await server?.close();
  }
}

main().then(
  () => {
    log('PASS');
    process.exit(0);
  },
  (err) => {
    console.error(`[e2e] FAIL at step "${step}": ${err?.message ?? err}`);
    process.exit(1);
  },
);
