import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { WindowSetTitle } from '../../wailsjs/runtime/runtime';
import { loadLang, saveLang, translate, type Lang, type MessageKey } from './i18n';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

declare global {
  interface Window {
    runtime?: Record<string, unknown>;
  }
}

/** Reflect the language in <html lang> and the window/document title. */
function applyLang(lang: Lang): void {
  const title = translate(lang, 'app.name');
  document.documentElement.lang = lang;
  document.title = title;
  if (typeof window.runtime?.WindowSetTitle === 'function') {
    WindowSetTitle(title);
  }
}

export function I18nProvider({ children, initialLang }: { children: ReactNode; initialLang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initialLang ?? loadLang());

  useEffect(() => applyLang(lang), [lang]);

  const setLang = useCallback((next: Lang) => {
    saveLang(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}
