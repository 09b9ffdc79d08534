import { useState } from 'react';
import { SearchForm } from '../components/library/SearchForm';
import { SearchResults } from '../components/library/SearchResults';
import { useI18n } from '../lib/I18nContext';
import { useSearch } from '../lib/queries';

export function LibraryPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const result = useSearch(query);

  function onSearch(next: string) {
    // The same query again means "search again"; a new one changes the key.
    if (next === query) void result.refetch();
    else setQuery(next);
  }

  return (
    <section className="page" data-testid="page-library">
      <h2 className="page-title">{t('nav.library')}</h2>
      <p className="page-desc">{t('library.intro')}</p>

      <div className="card">
        <h3>{t('library.sourcesTitle')}</h3>
        <p className="library-note">{t('library.sourcesNext')}</p>
        <ul className="commands" data-testid="library-commands">
          <li>
            <code>genkai-rag index --url URL</code>
          </li>
          <li>
            <code>genkai-rag index --dir PATH</code>
          </li>
        </ul>
      </div>

      <div className="card">
        <h3>{t('library.searchTitle')}</h3>
        <SearchForm onSearch={onSearch} busy={result.isFetching} />
        <SearchResults query={query} result={result} />
      </div>
    </section>
  );
}
