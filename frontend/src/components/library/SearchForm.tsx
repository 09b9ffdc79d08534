import { useState, type FormEvent } from 'react';
import { useI18n } from '../../lib/I18nContext';

/** Longest query the backend accepts (characters). */
export const MAX_QUERY_LENGTH = 1000;

interface Props {
  onSearch(query: string): void;
  busy: boolean;
}

/** Query box: Enter or the button submits the trimmed text; nothing is sent while typing. */
export function SearchForm({ onSearch, busy }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const query = text.trim();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (query) onSearch(query);
  }

  return (
    <form className="search-form" role="search" onSubmit={submit} aria-busy={busy}>
      <input
        type="search"
        className="search-input"
        data-testid="library-search-input"
        aria-label={t('library.searchLabel')}
        placeholder={t('library.searchPlaceholder')}
        value={text}
        maxLength={MAX_QUERY_LENGTH}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button" data-testid="library-search-submit" disabled={query === ''}>
        {t('library.searchSubmit')}
      </button>
    </form>
  );
}
