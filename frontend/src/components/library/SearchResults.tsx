import type { UseQueryResult } from '@tanstack/react-query';
import { useI18n } from '../../lib/I18nContext';
import type { SearchResult } from '../../lib/types';
import { SearchHitItem } from './SearchHitItem';

interface Props {
  /** The submitted query; '' before the first search. */
  query: string;
  result: UseQueryResult<SearchResult, Error>;
}

export function SearchResults({ query, result }: Props) {
  const { t } = useI18n();
  if (!query) return null;

  if (result.isError && !result.isFetching) {
    return (
      <p className="error-text search-status" role="alert" data-testid="library-error">
        {t('library.searchFailed', { message: result.error.message })}
      </p>
    );
  }
  if (!result.data || result.isError) {
    return (
      <p className="hint search-status" role="status" data-testid="library-loading">
        {t('library.searching')}
      </p>
    );
  }

  const { hits } = result.data;
  if (hits.length === 0) {
    return (
      <p className="search-empty search-status" role="status" data-testid="library-empty">
        {t('library.empty')}
      </p>
    );
  }
  return (
    <div className="search-results" data-testid="library-results" aria-busy={result.isFetching}>
      <p className="hint" role="status" data-testid="library-count">
        {t('library.resultCount', { query: result.data.query || query, count: hits.length })}
      </p>
      <ol className="hits" aria-label={t('library.resultsLabel')}>
        {hits.map((hit, i) => (
          <SearchHitItem key={`${hit.chunk_id}-${i}`} hit={hit} />
        ))}
      </ol>
    </div>
  );
}
