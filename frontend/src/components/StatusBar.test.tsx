import { QueryClient } from '@tanstack/react-query';
import { configure, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../AppProviders';
import { healthy, installFakeWails, overviewUp } from '../test/fixtures';
import { StatusBar } from './StatusBar';

// A shared 2-core machine can be slow: wait up to 5 s (the default is 1 s).
const waitLong = <T,>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 5_000 });
configure({ asyncUtilTimeout: 5_000 });

function renderBar() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders client={client}>
      <StatusBar />
    </AppProviders>,
  );
}

describe('StatusBar Ollama state', () => {
  it('says when the app started Ollama itself', async () => {
    installFakeWails({ Info: async () => ({ ...overviewUp, ollama: { ...overviewUp.ollama, started_by_us: true } }), Health: async () => healthy });
    renderBar();
    expect(await screen.findByText(/Ollama 0.17.4 に接続中/)).toHaveTextContent('Ollama 0.17.4 に接続中 (http://127.0.0.1:11434) · アプリが起動');
  });

  it('does not claim it when the field is absent', async () => {
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    renderBar();
    expect(await screen.findByText(/Ollama 0.17.4 に接続中/)).not.toHaveTextContent('アプリが起動');
  });

  it.each([
    [true, 'LLM エンドポイントに接続中 (http://gpu:8000/v1)', 'ok'],
    [false, 'LLM エンドポイントに接続できません', 'down'],
  ])('names the OpenAI-compatible endpoint, not Ollama (reachable %j)', async (reachable, text, state) => {
    installFakeWails({
      Info: async () => ({ ...overviewUp, ollama: { host: 'http://gpu:8000/v1', reachable, phase: 'endpoint', version: 'openai-compatible' } }),
      Health: async () => healthy,
    });
    renderBar();
    const item = await screen.findByTestId('status-ollama');
    await waitLong(() => expect(item).toHaveTextContent(text));
    expect(item).not.toHaveTextContent('Ollama');
    expect(item).toHaveAttribute('data-state', state);
  });

  it.each([
    ['not_installed', 'Ollama がインストールされていません', 'down'],
    ['starting', 'Ollama を起動中…', 'unknown'],
    ['', 'Ollama に接続できません', 'down'],
  ])('shows the phase %j when Ollama does not answer', async (phase, text, state) => {
    installFakeWails({ Info: async () => ({ ...overviewUp, ollama: { host: 'h', reachable: false, phase } }), Health: async () => healthy });
    renderBar();
    const item = await screen.findByTestId('status-ollama');
    await waitLong(() => expect(item).toHaveTextContent(text));
    expect(item).toHaveAttribute('data-state', state);
  });
});
