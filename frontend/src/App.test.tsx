import { PAGE_IDS } from './lib/pages';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App';
import { AppProviders } from './AppProviders';
import { healthy, installFakeWails, overviewDown, overviewUp } from './test/fixtures';

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

const JA_NAV = ['チャット', 'ライブラリ', 'モデル', 'モニター', 'バックアップ', '設定'];
const EN_NAV = ['Chat', 'Library', 'Models', 'Monitor', 'Backup', 'Settings'];

function navLabels() {
  const nav = screen.getByRole('navigation');
  return within(nav)
    .getAllByRole('button')
    .map((b) => b.textContent);
}

describe('App', () => {
  it('renders the six nav entries in Japanese and the status bar', async () => {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    renderApp();

    expect(navLabels()).toEqual(JA_NAV);
    expect(screen.getByTestId('app-title')).toHaveTextContent('玄界RAG');
    const ollama = await screen.findByTestId('status-ollama');
    await waitFor(() => expect(ollama).toHaveAttribute('data-state', 'ok'));
    expect(ollama).toHaveTextContent('Ollama 0.17.4');
    expect(ollama).toHaveTextContent('http://127.0.0.1:11434');
    expect(screen.getByTestId('status-version')).toHaveTextContent('0.1.0');
    expect(screen.getByTestId('status-datahome')).toHaveTextContent('/home/u/.local/share/genkai-rag');
    expect(await screen.findByTestId('status-health')).toHaveAttribute('data-state', 'ok');
  });

  it('shows Ollama as unreachable with the error as tooltip', async () => {
    installFakeWails({ Info: async () => overviewDown, Health: async () => healthy });
    renderApp();
    const ollama = screen.getByTestId('status-ollama');
    await waitFor(() => expect(ollama).toHaveAttribute('data-state', 'down'));
    expect(ollama).toHaveTextContent('Ollama に接続できません');
    expect(ollama.getAttribute('title')).toContain('connection refused');
  });

  it('switches to English from the settings page', async () => {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    const user = userEvent.setup();
    renderApp();

    await user.click(await screen.findByTestId('nav-settings'));
    expect(await screen.findByTestId('settings-configfile')).toHaveTextContent(overviewUp.config_file);
    expect(screen.getByTestId('settings-datahome')).toHaveTextContent(overviewUp.data_home);

    await user.click(screen.getByTestId('lang-en'));
    expect(navLabels()).toEqual(EN_NAV);
    expect(screen.getByTestId('app-title')).toHaveTextContent('Genkai RAG');
    expect(document.title).toBe('Genkai RAG');
    expect(localStorage.getItem('genkai.lang')).toBe('en');
    expect(screen.getByTestId('status-ollama')).toHaveTextContent('Ollama 0.17.4 connected');
  });

  it('opens a real page (no placeholder) for every navigation item', async () => {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    const user = userEvent.setup();
    renderApp();
    for (const id of PAGE_IDS) {
      await user.click(await screen.findByTestId(`nav-${id}`));
      expect(screen.getByTestId(`page-${id}`)).not.toHaveTextContent('準備中');
      expect(screen.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
    }
  });

  it('shows the boot-error panel instead of pages when Info() is rejected', async () => {
    const message = 'config file is invalid: fix /home/u/.local/share/genkai-rag/config/config.yaml';
    installFakeWails({ Info: () => Promise.reject(message), Health: async () => healthy });
    renderApp();

    const panel = await screen.findByTestId('boot-error');
    expect(panel).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('boot-error-message')).toHaveTextContent(message);
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByTestId('status-bar')).toBeNull();
  });

  it('retries start-up from the boot-error panel and shows the app once it starts', async () => {
    let started = false;
    installFakeWails({
      Info: () => (started ? Promise.resolve(overviewUp) : Promise.reject('database is damaged: move it away')),
      Health: async () => healthy,
      Retry: async () => {
        started = true;
      },
    });
    renderApp();
    await screen.findByTestId('boot-error');
    await userEvent.click(within(screen.getByTestId('boot-error')).getByRole('button'));
    await screen.findByRole('navigation');
    expect(screen.queryByTestId('boot-error')).toBeNull();
  });
});
