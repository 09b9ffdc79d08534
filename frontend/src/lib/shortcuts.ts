import { useEffect } from 'react';

/** True on macOS (and iOS), where the search shortcut is ⌘K rather than Ctrl+K. */
export function isMac(): boolean {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const platform = (nav as (Navigator & { userAgentData?: { platform?: string } }) | undefined)?.userAgentData?.platform ?? nav?.platform ?? '';
  return /mac|iphone|ipad/i.test(platform);
}

/** The search shortcut as shown to the user: "⌘K" on macOS, "Ctrl+K" elsewhere. */
export function searchShortcutLabel(): string {
  return isMac() ? '⌘K' : 'Ctrl+K';
}

/** The search shortcut in aria-keyshortcuts syntax. */
export function searchShortcutAria(): string {
  return isMac() ? 'Meta+K' : 'Control+K';
}

/** Whether a key event is the search shortcut: Ctrl+K, or ⌘K (either is accepted on every platform). */
export function isSearchShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}

/** Calls onSearch when the user presses Ctrl+K / ⌘K anywhere in the window (the browser's own use of the key is prevented). */
export function useSearchShortcut(onSearch: () => void): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.isComposing || !isSearchShortcut(e)) return;
      e.preventDefault();
      onSearch();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onSearch]);
}

/** The Library search box (SearchForm renders it with this test id). */
export const SEARCH_INPUT_SELECTOR = '[data-testid="library-search-input"]';
