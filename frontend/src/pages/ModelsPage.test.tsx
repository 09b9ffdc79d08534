import { QueryClient } from '@tanstack/react-query';
import { act, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import { PULL_EVENT } from '../lib/backend';
import type { ModelConfig, OllamaState, PullProgress } from '../lib/types';
import { modelsList } from '../test/chatFixtures';
import { healthy, installFakeWails, overviewUp } from '../test/fixtures';
import { installFakeRuntime } from '../test/streaming';

// A shared 2-core machine can be slow: wait up to 5 s (the default is 1 s).
const waitLong = <T,>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 5_000 });
configure({ asyncUtilTimeout: 5_000 });

// Typing-heavy tests on a shared 2-core machine: allow more than the 5 s default.
vi.setConfig({ testTimeout: 20_000 });

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

const running: OllamaState = { phase: 'running', running: true, version: '0.17.4', host: 'http://127.0.0.1:11434', managed: true, started_by_us: true, restarts: 0 };

function fakeModels(over: Record<string, unknown> = {}, ollama: OllamaState = running) {
  const bus = installFakeRuntime();
  let pulls = 0;
  const configs = new Map<string, ModelConfig>();
  const api = {
    List: vi.fn(async () => structuredClone(modelsList)),
    Current: vi.fn(async () => ({ model_name: modelsList.current_model, embedding_model: modelsList.embedding_model })),
    Switch: vi.fn(async (kind: string, name: string) => ({
      model_name: kind === 'chat' ? name : modelsList.current_model,
      embedding_model: kind === 'embedding' ? name : modelsList.embedding_model,
    })),
    Config: vi.fn(async (name: string) => configs.get(name) ?? { model_name: name, temperature: 0.3, max_tokens: null, context_length: null, top_p: null }),
    SetConfig: vi.fn(async (c: ModelConfig) => {
      configs.set(c.model_name, c);
      return c;
    }),
    Pull: vi.fn(async () => `pull-${++pulls}`),
    CancelPull: vi.fn(async () => true),
    Delete: vi.fn(async () => undefined),
    Ollama: vi.fn(async () => ollama),
    ...over,
  };
  installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
  window.go!.desktop!.Models = api;
  return { api, bus };
}

async function openModels() {
  const user = userEvent.setup();
  renderApp();
  await user.click(await screen.findByTestId('nav-models'));
  await screen.findByTestId('page-models');
  return user;
}

const progress = (percent: number, over: Partial<PullProgress> = {}) => ({
  status: 'pulling 6a0746a1ec1a',
  completed: Math.round(3_300_000_000 * (percent / 100)),
  total: 3_300_000_000,
  percent,
  rate_bytes_per_second: 25_000_000,
  eta_seconds: 95,
  done: false,
  ...over,
});

describe('ModelsPage', () => {
  it('lists the installed models with their details', async () => {
    fakeModels();
    await openModels();
    const rows = await screen.findAllByTestId('model-row');
    expect(rows.map((r) => r.dataset.name)).toEqual(['qwen2.5:7b', 'llama3.2:1b', 'bge-m3:latest']);
    const cells = [...rows[0].querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 7)).toEqual(['qwen2.5:7b使用中', '4.7 GB', 'qwen2', '7.6B', 'Q4_K_M', '2026年11月20日', '読み込み済み']);
    expect(within(rows[1]).getByTestId('model-loaded')).toHaveTextContent('—');
    expect(within(rows[2]).getByText('埋め込み')).toBeInTheDocument();
  });

  it('shows Ollama running, started by the app', async () => {
    fakeModels();
    await openModels();
    const panel = await screen.findByTestId('ollama-panel');
    await waitLong(() => expect(panel).toHaveAttribute('data-state', 'running'));
    expect(within(panel).getByTestId('ollama-state')).toHaveTextContent('起動中（バージョン 0.17.4）');
    expect(within(panel).getByTestId('ollama-started-by-us')).toHaveTextContent('アプリが起動');
    expect(within(panel).getByTestId('ollama-managed')).toHaveTextContent('有効');
  });

  it.each([
    [{ phase: 'starting', running: false, host: 'h' }, 'starting', 'Ollama を起動しています…'],
    [{ phase: 'restarting', running: false, host: 'h', restarts: 2 }, 'starting', 'Ollama を起動しています…'],
    [{ phase: 'port_conflict', running: false, host: 'h', last_error: 'port 11434 is held by nginx' }, 'port_conflict', 'ポートを別のプログラムが使っています'],
    [{ phase: 'stopped', running: false, host: 'h', managed: false }, 'stopped', 'Ollama が起動していません'],
  ] as [OllamaState, string, string][])('shows the %j phase', async (state, phase, text) => {
    fakeModels({}, state);
    await openModels();
    const panel = await screen.findByTestId('ollama-panel');
    await waitLong(() => expect(panel).toHaveAttribute('data-state', phase));
    expect(within(panel).getByTestId('ollama-state')).toHaveTextContent(text);
    expect(within(panel).queryByTestId('ollama-started-by-us')).toBeNull();
  });

  it('explains how to install Ollama when it is missing', async () => {
    fakeModels({ List: async () => Promise.reject('Ollama is not reachable') }, { phase: 'not_installed', running: false, host: 'http://127.0.0.1:11434', managed: true, started_by_us: false, restarts: 0, last_error: 'no ollama binary found on PATH', install_hint: 'Ollama をインストールしてください: https://ollama.com/download' });
    await openModels();
    const panel = await screen.findByTestId('ollama-panel');
    await waitLong(() => expect(panel).toHaveAttribute('data-state', 'not_installed'));
    expect(within(panel).getByTestId('ollama-install')).toHaveTextContent('curl -fsSL https://ollama.com/install.sh | sh');
    expect(within(panel).getByTestId('ollama-install')).toHaveTextContent('Ollama をインストールしてください: https://ollama.com/download');
    expect(within(panel).getByTestId('ollama-last-error')).toHaveTextContent('no ollama binary found on PATH');
    expect(within(panel).getByTestId('ollama-state')).toHaveTextContent('Ollama がインストールされていません');
    expect(await screen.findByTestId('models-error')).toHaveTextContent('Ollama is not reachable');
  });

  it('says the install hint once when it is also the last error', async () => {
    const hint = 'Ollama is not installed: install it with `curl -fsSL https://ollama.com/install.sh | sh`';
    fakeModels({ List: async () => Promise.reject('Ollama is not reachable') }, { phase: 'not_installed', running: false, host: 'h', managed: false, started_by_us: false, restarts: 0, last_error: hint, install_hint: hint });
    await openModels();
    const panel = await screen.findByTestId('ollama-panel');
    await waitLong(() => expect(panel).toHaveAttribute('data-state', 'not_installed'));
    expect(within(panel).getByTestId('ollama-install')).toHaveTextContent(hint);
    expect(within(panel).queryByTestId('ollama-last-error')).toBeNull();
    expect(screen.getByTestId('recommended-empty')).toHaveTextContent('Ollama に接続すると');
  });

  it('switches the chat model', async () => {
    const { api } = fakeModels();
    const user = await openModels();
    const select = await screen.findByTestId('switch-chat-select');
    expect(select).toHaveValue('qwen2.5:7b');
    expect([...select.querySelectorAll('option')].map((o) => o.value)).toEqual(['qwen2.5:7b', 'llama3.2:1b']);
    expect(screen.getByTestId('switch-chat')).toBeDisabled();
    await user.selectOptions(select, 'llama3.2:1b');
    await user.click(screen.getByTestId('switch-chat'));
    expect(api.Switch).toHaveBeenCalledWith('chat', 'llama3.2:1b');
    expect(await screen.findByTestId('switch-chat-done')).toHaveTextContent('切り替えました');
    expect([...screen.getByTestId('switch-embedding-select').querySelectorAll('option')].map((o) => o.value)).toEqual(['bge-m3:latest']);
  });

  it('shows live pull progress and cancels it', async () => {
    const { api, bus } = fakeModels();
    const user = await openModels();
    const rec = await screen.findAllByTestId('recommended');
    expect(within(rec[0]).getByTestId('recommended-installed')).toBeInTheDocument();
    await user.click(within(rec[1]).getByTestId('recommended-pull'));
    expect(api.Pull).toHaveBeenCalledWith('gemma3:4b');
    const pull = await screen.findByTestId('pull');
    expect(within(rec[1]).getByTestId('recommended-pull')).toBeDisabled();

    act(() => bus.emit(PULL_EVENT, { id: 'pull-1', name: 'gemma3:4b', ...progress(42.25) }));
    await waitLong(() => expect(within(pull).getByTestId('pull-bar')).toHaveAttribute('aria-valuenow', '42'));
    expect(within(pull).getByTestId('pull-numbers')).toHaveTextContent('42.3%・1.4 GB / 3.3 GB・25 MB/秒 · 残り 1 分 35 秒');
    expect(within(pull).getByTestId('pull-status')).toHaveTextContent('pulling 6a0746a1ec1a');

    await user.click(within(pull).getByTestId('pull-cancel'));
    expect(api.CancelPull).toHaveBeenCalledWith('pull-1');
    await waitLong(() => expect(pull).toHaveAttribute('data-phase', 'cancelled'));
    expect(within(pull).getByTestId('pull-status')).toHaveTextContent('中止しました');
  });

  it('pulls by name, reports completion and failure, rejects bad names', async () => {
    const { api, bus } = fakeModels();
    const user = await openModels();
    const input = await screen.findByTestId('pull-name');
    await user.type(input, 'bad name{Enter}');
    expect(screen.getByTestId('pull-name-error')).toHaveTextContent('モデル名に空白や');
    expect(api.Pull).not.toHaveBeenCalled();

    await user.clear(input);
    await user.type(input, 'llama3.2:3b{Enter}');
    expect(api.Pull).toHaveBeenCalledWith('llama3.2:3b');
    await screen.findByTestId('pull');
    act(() => bus.emit(PULL_EVENT, { id: 'pull-1', name: 'llama3.2:3b', ...progress(100, { status: 'success', done: true }) }));
    await waitLong(() => expect(screen.getByTestId('pull')).toHaveAttribute('data-phase', 'done'));
    await waitLong(() => expect(api.List.mock.calls.length).toBeGreaterThan(1)); // the list is refreshed

    await user.type(input, 'nope:1b{Enter}');
    await waitLong(() => expect(screen.getAllByTestId('pull')).toHaveLength(2));
    act(() => bus.emit(PULL_EVENT, { id: 'pull-2', name: 'nope:1b', ...progress(0, { done: true, error: 'pull model manifest: file does not exist' }) }));
    expect(await screen.findByTestId('pull-error')).toHaveTextContent('取得できませんでした: pull model manifest: file does not exist');
  });

  it('validates the settings form before saving and shows server errors', async () => {
    const { api } = fakeModels({
      SetConfig: vi.fn(async (c: ModelConfig) => (c.context_length === 4096 ? Promise.reject('invalid request: context_length too large for this model') : c)),
    });
    const user = await openModels();
    const [row] = await screen.findAllByTestId('model-row');
    await user.click(within(row).getByTestId('model-settings-toggle'));
    const form = await screen.findByTestId('model-settings');
    const temp = within(form).getByTestId('model-temperature');
    expect(temp).toHaveValue(0.3);

    await user.clear(temp);
    await user.type(temp, '2.5');
    expect(within(form).getByTestId('model-temperature-error')).toHaveTextContent('0〜2');
    expect(within(form).getByTestId('model-settings-save')).toBeDisabled();
    await user.clear(temp);
    await user.type(temp, '0.7');
    const ctx = within(form).getByTestId('model-context_length');
    await user.type(ctx, '100');
    expect(within(form).getByTestId('model-context_length-error')).toHaveTextContent('256〜2097152 の整数');
    await user.clear(ctx);
    await user.type(ctx, '4096');
    const topP = within(form).getByTestId('model-top_p');
    await user.type(topP, '1.5');
    expect(within(form).getByTestId('model-top_p-error')).toBeInTheDocument();
    await user.clear(topP);
    await user.type(within(form).getByTestId('model-max_tokens'), '1.5');
    expect(within(form).getByTestId('model-max_tokens-error')).toBeInTheDocument();
    await user.clear(within(form).getByTestId('model-max_tokens'));
    expect(api.SetConfig).not.toHaveBeenCalled();

    await user.click(within(form).getByTestId('model-settings-save'));
    expect(api.SetConfig).toHaveBeenCalledWith({ model_name: 'qwen2.5:7b', temperature: 0.7, max_tokens: null, context_length: 4096, top_p: null });
    expect(await within(form).findByTestId('model-settings-error')).toHaveTextContent('保存できませんでした: invalid request: context_length too large');

    await user.clear(ctx);
    await user.type(ctx, '8192');
    await user.click(within(form).getByTestId('model-settings-save'));
    expect(await within(form).findByTestId('model-settings-saved')).toHaveTextContent('保存しました');
  });

  it('deletes a model only after confirmation', async () => {
    const { api } = fakeModels();
    const user = await openModels();
    const rows = await screen.findAllByTestId('model-row');
    await user.click(within(rows[1]).getByTestId('model-delete'));
    expect(within(rows[1]).getByTestId('model-delete-confirm')).toHaveTextContent('llama3.2:1b を削除しますか？');
    expect(api.Delete).not.toHaveBeenCalled();
    await user.click(within(rows[1]).getByTestId('model-delete-yes'));
    expect(api.Delete).toHaveBeenCalledWith('llama3.2:1b');
  });
});
