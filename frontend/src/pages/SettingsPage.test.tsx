import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import { getStartAtLogin, setStartAtLogin, START_AT_LOGIN_BROWSER } from '../lib/backend';
import { healthy, jsonResponse, overviewUp } from '../test/fixtures';

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

async function openSettings() {
  const user = userEvent.setup();
  renderApp();
  await user.click(await screen.findByTestId('nav-settings'));
  await screen.findByTestId('page-settings');
  return user;
}

/** window.go.desktop with App and a LoginItem that keeps its state like the Go side. */
function fakeDesktop(start = false, setEnabled?: (on: boolean) => Promise<boolean>) {
  let on = start;
  const item = {
    Enabled: vi.fn(async () => on),
    SetEnabled: vi.fn(setEnabled ?? (async (v: boolean) => (on = v))),
  };
  const w = window as unknown as { go: unknown };
  w.go = { desktop: { App: { Info: async () => overviewUp, Health: async () => healthy }, LoginItem: item } };
  return item;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Settings: start at login (desktop)', () => {
  it('shows the current state and switches it on and off', async () => {
    const item = fakeDesktop(false);
    const user = await openSettings();
    const toggle = await screen.findByTestId('start-at-login');
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();
    expect(screen.getByText('ログイン時に起動する')).toBeInTheDocument();

    await user.click(toggle);
    expect(item.SetEnabled).toHaveBeenLastCalledWith(true);
    await waitFor(() => expect(toggle).toBeChecked());

    await user.click(toggle);
    expect(item.SetEnabled).toHaveBeenLastCalledWith(false);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(screen.queryByTestId('start-at-login-error')).toBeNull();
  });

  it('starts checked when the entry exists, in English too', async () => {
    fakeDesktop(true);
    const user = await openSettings();
    await user.click(screen.getByTestId('lang-en'));
    const toggle = await screen.findByTestId('start-at-login');
    await waitFor(() => expect(toggle).toBeChecked());
    expect(screen.getByText('Start at login')).toBeInTheDocument();
  });

  it('shows the error and keeps the real state when switching fails', async () => {
    const item = fakeDesktop(false, async () => {
      throw 'start at login: neither XDG_CONFIG_HOME nor HOME is set to an absolute folder';
    });
    const user = await openSettings();
    const toggle = await screen.findByTestId('start-at-login');
    await waitFor(() => expect(toggle).toBeEnabled());
    await user.click(toggle);
    expect(await screen.findByTestId('start-at-login-error')).toHaveTextContent(
      'ログイン時の起動を設定できませんでした: start at login: neither XDG_CONFIG_HOME nor HOME is set',
    );
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(item.Enabled.mock.calls.length).toBeGreaterThan(1); // read back after the failure
  });
});

describe('Settings: start at login (browser)', () => {
  it('says it is a desktop setting and offers no switch', async () => {
    const fetchSpy = vi.fn(async (url: string) => jsonResponse(url.startsWith('/api/health') ? healthy : overviewUp));
    vi.stubGlobal('fetch', fetchSpy);
    await openSettings();
    expect(screen.getByTestId('start-at-login-browser')).toHaveTextContent('ブラウザーからは設定できません');
    expect(screen.queryByTestId('start-at-login')).toBeNull();
    await expect(getStartAtLogin()).rejects.toThrow(START_AT_LOGIN_BROWSER);
    await expect(setStartAtLogin(true)).rejects.toThrow('not available in a browser');
    expect(fetchSpy.mock.calls.map((c) => String(c[0])).filter((u) => u.includes('login'))).toEqual([]);
  });
});
