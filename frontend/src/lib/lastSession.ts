import { useCallback, useEffect, useState } from 'react';
import { useSessions } from './chatQueries';

/** localStorage key of the conversation that was open last (its id). */
export const LAST_SESSION_KEY = 'genkai.lastSession';

function load(): string {
  try {
    return window.localStorage.getItem(LAST_SESSION_KEY) ?? '';
  } catch {
    return '';
  }
}

function save(id: string): void {
  try {
    if (id) window.localStorage.setItem(LAST_SESSION_KEY, id);
    else window.localStorage.removeItem(LAST_SESSION_KEY);
  } catch {
    // storage unavailable: the conversation just won't be reopened after a reload
  }
}

/**
 * The open conversation, remembered across reloads: starts with the id stored in localStorage,
 * which is only shown once the session list confirms it still exists (a deleted or unknown id
 * silently starts a new conversation; if the list cannot be loaded the id is tried anyway).
 * Returns the selected id ('' = new conversation) and the setter, which also remembers it.
 */
export function useLastSession(): [string, (id: string) => void] {
  const [selected, setSelectedState] = useState(load);
  const [checking, setChecking] = useState(() => selected !== '');
  const sessions = useSessions();

  useEffect(() => {
    if (!checking) return;
    if (sessions.isSuccess) {
      if (!sessions.data.some((s) => s.id === selected)) {
        setSelectedState('');
        save('');
      }
      setChecking(false);
    } else if (sessions.isError) {
      setChecking(false);
    }
  }, [checking, selected, sessions.isSuccess, sessions.isError, sessions.data]);

  const setSelected = useCallback((id: string) => {
    setChecking(false);
    setSelectedState(id);
    save(id);
  }, []);
  return [checking ? '' : selected, setSelected];
}
