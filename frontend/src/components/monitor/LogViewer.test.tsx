import { QueryClient } from '@tanstack/react-query';
import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../AppProviders';
import { isUIPolling, UI_POLLING } from '../../lib/polling';
import type { LogPage, LogRecord } from '../../lib/monitorTypes';
import { healthy, installFakeWails, overviewUp } from '../../test/fixtures';
import { LogViewer } from './LogViewer';

configure({ asyncUtilTimeout: 5_000 });

const access = (method: string, path: string, status = 200): LogRecord => ({
  time: '2026-11-25T12:00:00Z',
  level: 'INFO',
  message: 'http request',
  attrs: { method, path, status, duration_ms: 1 },
  raw: '',
});

const page: LogPage = {
  count: 6,
  records: [
    access('GET', '/api/system/status'),
    access('GET', '/api/health'),
    access('POST', '/api/query'),
    access('GET', '/api/sync', 500),
    access('GET', '/api/logs'),
    { time: '2026-11-25T11:59:00Z', level: 'ERROR', message: 'request failed', attrs: { err: 'database is locked' }, raw: '' },
  ],
};

function renderViewer(lang: 'ja' | 'en' = 'ja') {
  localStorage.setItem('genkai.lang', lang);
  const Logs = vi.fn(async (_level: string, _q: string, _limit: number) => page);
  installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
  (window.go!.desktop as Record<string, unknown>).Monitoring = { Logs };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders client={client}>
      <LogViewer />
    </AppProviders>,
  );
  return Logs;
}

describe('LogViewer', () => {
  it("hides the UI's own polling by default and shows it with the toggle", async () => {
    const Logs = renderViewer();
    const lines = await screen.findAllByTestId('monitor-log-line');
    // POST /api/query, the failed GET /api/sync and the error stay; three polling lines are hidden.
    expect(lines.map((l) => l.textContent)).toEqual([
      expect.stringContaining('path=/api/query'),
      expect.stringContaining('path=/api/sync status=500'),
      expect.stringContaining('request failed'),
    ]);
    expect(screen.getByTestId('monitor-log-hidden')).toHaveTextContent('この画面の定期取得 3 件を非表示にしています。');
    expect(screen.getByTestId('monitor-log-count')).toHaveTextContent('3 件');
    expect(Logs).toHaveBeenLastCalledWith('', '', 1000);

    const toggle = screen.getByRole('checkbox', { name: '画面の定期取得を表示' });
    expect(toggle).not.toBeChecked();
    await userEvent.setup().click(toggle);
    await vi.waitFor(() => expect(screen.getAllByTestId('monitor-log-line')).toHaveLength(6));
    expect(screen.queryByTestId('monitor-log-hidden')).toBeNull();
    expect(Logs).toHaveBeenLastCalledWith('', '', 200);
    expect(within(screen.getByTestId('monitor-log-lines')).getAllByText(/path=\/api\/system\/status/)).toHaveLength(1);
  });

  it('names the toggle in English', async () => {
    renderViewer('en');
    expect(await screen.findByRole('checkbox', { name: "Show the UI's own polling" })).toBeInTheDocument();
    expect(await screen.findByTestId('monitor-log-hidden')).toHaveTextContent('3 polling requests of this screen are hidden.');
  });
});

describe('isUIPolling', () => {
  it('matches the UI periodic GETs by method and path, never other requests or failures', () => {
    for (const p of UI_POLLING) {
      const [method, path] = p.split(' ');
      expect(isUIPolling(access(method, path))).toBe(true);
    }
    expect(isUIPolling(access('DELETE', '/api/sync'))).toBe(false);
    expect(isUIPolling(access('GET', '/api/sessions'))).toBe(false);
    expect(isUIPolling(access('GET', '/api/health', 503))).toBe(false);
    expect(isUIPolling({ ...access('GET', '/api/health'), attrs: undefined })).toBe(false);
  });
});
