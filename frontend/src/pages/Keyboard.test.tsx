// Keyboard and focus behaviour of the shell and the chat page (issue 14): focus on load, Ctrl+K / ⌘K,
// one tab stop per session card with an actions menu, reopening the last conversation.
import { QueryClient } from '@tanstack/react-query';
import { act, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from '../App';
import { AppProviders } from '../AppProviders';
import { LAST_SESSION_KEY } from '../lib/lastSession';
import { conversationOf, SID } from '../test/chatFixtures';
import { healthy, idleStatus, installFakeWails, overviewUp } from '../test/fixtures';
import { installFakeRuntime } from '../test/streaming';
import type { Conversation } from '../lib/types';

configure({ asyncUtilTimeout: 5_000 });
vi.setConfig({ testTimeout: 20_000 });

const SID2 = 'fedcba9876543210fedcba9876543210';

function install(convs: Conversation[]) {
  const byId = new Map(convs.map((c) => [c.id, c]));
  installFakeRuntime({ ClipboardSetText: vi.fn(async () => true) });
  const api = {
    Sessions: vi.fn(async () => [...byId.values()].map(({ history: _h, ...s }) => s)),
    Session: vi.fn(async (id: string) => {
      const c = byId.get(id);
      if (!c) throw `read session: not found: no session "${id}"`;
      return structuredClone(c);
    }),
    RenameSession: vi.fn(async (id: string, title: string) => {
      byId.get(id)!.title = title;
    }),
    DeleteSession: vi.fn(async (id: string) => {
      byId.delete(id);
    }),
    Export: vi.fn(async (id: string, format: string) => ({ filename: `s-${id.slice(0, 8)}.${format === 'json' ? 'json' : 'md'}`, content: '# x' })),
  };
  installFakeWails({
    Info: async () => overviewUp,
    Health: async () => healthy,
    Library: { Sources: async () => [], SyncStatus: async () => idleStatus },
  });
  window.go!.desktop!.Conversations = api;
  return api;
}

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders client={client}>
      <App />
    </AppProviders>,
  );
}

const two = () => [
  { ...conversationOf([{ q: '最初の会話', a: {} }], SID), title: '最初の会話' },
  { ...conversationOf([{ q: '二つ目', a: {} }], SID2), title: '二つ目' },
];

describe('focus and shortcuts', () => {
  it('focuses the question box on load', async () => {
    install([]);
    renderApp();
    const box = await screen.findByTestId('chat-input');
    expect(box).toHaveFocus();
  });

  it('Ctrl+K and ⌘K open the Library and focus its search box, from any page', async () => {
    install([]);
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId('chat-input');
    await user.keyboard('{Control>}k{/Control}');
    const search = await screen.findByTestId('library-search-input');
    expect(screen.getByTestId('nav-library')).toHaveAttribute('aria-current', 'page');
    expect(search).toHaveFocus();

    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('page-settings');
    await user.keyboard('{Meta>}k{/Meta}');
    expect(await screen.findByTestId('library-search-input')).toHaveFocus();

    // Without a modifier, k is just a letter.
    await user.click(screen.getByTestId('nav-chat'));
    await user.click(await screen.findByTestId('chat-input'));
    await user.keyboard('k');
    expect(screen.getByTestId('chat-input')).toHaveValue('k');
    expect(screen.getByTestId('nav-chat')).toHaveAttribute('aria-current', 'page');
  });

  it('the header search button does the same as Ctrl+K', async () => {
    install([]);
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId('header-search'));
    expect(await screen.findByTestId('library-search-input')).toHaveFocus();
  });
});

describe('session cards', () => {
  it('each card is one tab stop; its menu has aria-haspopup and opens with Shift+F10', async () => {
    const api = install(two());
    const user = userEvent.setup();
    renderApp();
    const rows = await screen.findAllByTestId('chat-session');
    expect(rows).toHaveLength(2);
    // Tab from "new conversation" visits one element per card, then leaves the list.
    screen.getByTestId('chat-new').focus();
    await user.tab();
    expect(within(rows[0]).getByTestId('session-select')).toHaveFocus();
    await user.tab();
    expect(within(rows[1]).getByTestId('session-select')).toHaveFocus();
    await user.tab();
    expect(rows[1]).not.toContainElement(document.activeElement as HTMLElement);
    expect(rows[0]).not.toContainElement(document.activeElement as HTMLElement);

    // ↑ moves back to the first card; its menu button is a popup button outside the tab order.
    await user.click(within(rows[1]).getByTestId('session-select'));
    await user.keyboard('{ArrowUp}');
    const card = within(rows[0]).getByTestId('session-select');
    expect(card).toHaveFocus();
    const menuButton = within(rows[0]).getByTestId('session-menu');
    expect(menuButton).toHaveAttribute('aria-haspopup', 'menu');
    expect(menuButton).toHaveAttribute('aria-expanded', 'false');
    expect(menuButton).toHaveAttribute('tabindex', '-1');

    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = within(rows[0]).getByRole('menu');
    expect(menuButton).toHaveAttribute('aria-expanded', 'true');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['名前を変更', 'Markdownで書き出し', 'JSONで書き出し', '削除']);
    expect(items[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(items[3]).toHaveFocus(); // wraps around
    await user.keyboard('{Escape}');
    expect(within(rows[0]).queryByRole('menu')).toBeNull();
    expect(card).toHaveFocus();

    // Export from the menu: Enter on the item; the focus returns to the card.
    await user.keyboard('{ArrowRight}');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(api.Export).toHaveBeenCalledWith(SID, 'markdown');
    expect(await within(rows[0]).findByTestId('session-notice')).toHaveTextContent('s-01234567.md');
    await vi.waitFor(() => expect(card).toHaveFocus());

    // Rename from the menu: the name box takes the focus, Escape cancels back to the card.
    await user.keyboard('{Shift>}{F10}{/Shift}{Enter}');
    const input = within(rows[0]).getByTestId('session-rename-input');
    expect(input).toHaveFocus();
    await user.keyboard('{Escape}');
    await vi.waitFor(() => expect(within(rows[0]).getByTestId('session-select')).toHaveFocus());
    expect(api.RenameSession).not.toHaveBeenCalled();

    // Delete from the menu asks first, with the focus on "no".
    await user.keyboard('{Shift>}{F10}{/Shift}{End}{Enter}');
    expect(within(rows[0]).getByTestId('session-delete-no')).toHaveFocus();
    expect(api.DeleteSession).not.toHaveBeenCalled();
    await user.click(within(rows[0]).getByTestId('session-delete-yes'));
    expect(api.DeleteSession).toHaveBeenCalledWith(SID);
    await vi.waitFor(() => expect(screen.getAllByTestId('chat-session')).toHaveLength(1));
  });

  it('clicking the middle of a card opens the conversation and exports nothing', async () => {
    const api = install(two());
    const user = userEvent.setup();
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderApp();
    const rows = await screen.findAllByTestId('chat-session');
    await user.click(within(rows[1]).getByText('二つ目'));
    expect(await screen.findByTestId('msg-assistant')).toBeInTheDocument();
    expect(within(rows[1]).getByTestId('session-select')).toHaveAttribute('aria-current', 'true');
    expect(api.Session).toHaveBeenCalledWith(SID2);
    expect(api.Export).not.toHaveBeenCalled();
    expect(saved).toEqual([]);
    expect(within(rows[1]).queryByRole('menu')).toBeNull();
  });

  it('a click outside closes an open menu', async () => {
    install(two());
    const user = userEvent.setup();
    renderApp();
    const rows = await screen.findAllByTestId('chat-session');
    await user.click(within(rows[0]).getByTestId('session-menu'));
    expect(within(rows[0]).getByRole('menu')).toBeInTheDocument();
    await user.click(screen.getByTestId('chat-messages'));
    expect(within(rows[0]).queryByRole('menu')).toBeNull();
  });
});

describe('reopening the last conversation', () => {
  it('remembers the open conversation and reopens it after a reload', async () => {
    install(two());
    const user = userEvent.setup();
    const first = renderApp();
    const rows = await screen.findAllByTestId('chat-session');
    await user.click(within(rows[1]).getByTestId('session-select'));
    expect(await screen.findByTestId('msg-assistant')).toBeInTheDocument();
    expect(localStorage.getItem(LAST_SESSION_KEY)).toBe(SID2);
    first.unmount();

    const api = install(two());
    renderApp();
    expect(await screen.findByText('二つ目', { selector: '.msg-user-text' })).toBeInTheDocument();
    const reopened = screen.getAllByTestId('chat-session')[1];
    expect(within(reopened).getByTestId('session-select')).toHaveAttribute('aria-current', 'true');
    expect(api.Session).toHaveBeenCalledWith(SID2);

    // "New conversation" forgets it.
    await user.click(screen.getByTestId('chat-new'));
    expect(localStorage.getItem(LAST_SESSION_KEY)).toBeNull();
  });

  it('starts fresh, silently, when the remembered conversation no longer exists', async () => {
    localStorage.setItem(LAST_SESSION_KEY, 'gone0000000000000000000000000000');
    const api = install(two());
    renderApp();
    await screen.findAllByTestId('chat-session');
    expect(await screen.findByTestId('chat-empty')).toBeInTheDocument();
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByTestId('chat-load-error')).toBeNull();
    expect(api.Session).not.toHaveBeenCalled();
    expect(localStorage.getItem(LAST_SESSION_KEY)).toBeNull();
    expect(screen.getByTestId('chat-input')).toHaveFocus();
  });
});
