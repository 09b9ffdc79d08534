import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider, useI18n } from './I18nContext';
import { en, ja, LANG_STORAGE_KEY, loadLang, translate } from './i18n';

describe('dictionaries', () => {
  it('have the same keys and no empty strings', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const v of [...Object.values(ja), ...Object.values(en)]) expect(v.trim()).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) expect(ph(en[key])).toEqual(ph(ja[key]));
  });

  it('fills placeholders', () => {
    expect(translate('en', 'status.version', { version: '0.1.0' })).toBe('Version 0.1.0');
  });

  it('defaults to Japanese and ignores junk in storage', () => {
    expect(loadLang()).toBe('ja');
    localStorage.setItem(LANG_STORAGE_KEY, 'fr');
    expect(loadLang()).toBe('ja');
  });
});

function Probe() {
  const { t, setLang } = useI18n();
  return (
    <button type="button" onClick={() => setLang('en')}>
      {t('app.name')}
    </button>
  );
}

describe('I18nProvider', () => {
  it('switches language, persists it, and sets <html lang> and the title', () => {
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByRole('button')).toHaveTextContent('玄界RAG');
    expect(document.documentElement.lang).toBe('ja');
    expect(document.title).toBe('玄界RAG');

    act(() => screen.getByRole('button').click());

    expect(screen.getByRole('button')).toHaveTextContent('Genkai RAG');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe('Genkai RAG');
  });

  it('restores the stored choice', () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'en');
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByRole('button')).toHaveTextContent('Genkai RAG');
  });

  it('calls the Wails runtime WindowSetTitle when present', () => {
    const titles: string[] = [];
    window.runtime = { WindowSetTitle: (t: string) => titles.push(t) };
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    act(() => screen.getByRole('button').click());
    expect(titles).toContain('玄界RAG');
    expect(titles.at(-1)).toBe('Genkai RAG');
  });
});
