import { useState } from 'react';
import { AddSourceForm } from '../components/library/AddSourceForm';
import { SearchForm } from '../components/library/SearchForm';
import { SearchResults } from '../components/library/SearchResults';
import { SourcesPanel } from '../components/library/SourcesPanel';
import { useI18n } from '../lib/I18nContext';
import { useSearch, useSyncBusy, useSyncStatus } from '../lib/queries';

export function LibraryPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const result = useSearch(query);
  const sync = useSyncStatus();
  const syncBusy = useSyncBusy(sync.data);

  function onSearch(next: string) {
    // The same query again means "search again"; a new one changes the key.
    if (next === query) void result.refetch();
    else setQuery(next);
  }

  return (
    <section className="page" data-testid="page-library">
      <h2 className="page-title">{t('nav.library')}</h2>
      <p className="page-desc">{t('library.intro')}</p>

      <SourcesPanel status={sync.data} syncBusy={syncBusy} />
      <AddSourceForm syncBusy={syncBusy} />

      <div className="card">
        <h3>{t('library.searchTitle')}</h3>
        <SearchForm onSearch={onSearch} busy={result.isFetching} />
        <SearchResults query={query} result={result} />
      </div>
    </section>
  );
}
