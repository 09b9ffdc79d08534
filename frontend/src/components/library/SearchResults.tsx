import type { UseQueryResult } from '@tanstack/react-query';
import { useI18n } from '../../lib/I18nContext';
import { ja, type MessageKey } from '../../lib/i18n';
import type { SearchResult } from '../../lib/types';
import { SearchHitItem } from './SearchHitItem';
import { describeError } from '../../lib/errors';

interface Props {
  /** The submitted query; '' before the first search. */
  query: string;
  result: UseQueryResult<SearchResult, Error>;
}

export function SearchResults({ query, result }: Props) {
  const { t, lang } = useI18n();
  if (!query) return null;

  if (result.isError && !result.isFetching) {
    return (
      <p className="error-text search-status" role="alert" data-testid="library-error">
        {t('library.searchFailed', { message: describeError(result.error, lang) })}
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

  const { hits, reason, note } = result.data;
  const noteKey = `library.modeNote.${reason ?? ''}` as MessageKey;
  // A known reason is shown in the UI language; the server's Japanese note
  // (with details such as why Ollama failed) is the tooltip.
  const modeNote = reason ? (
    <p className="hint" data-testid="library-mode-note" title={note}>
      {isKey(noteKey) ? t(noteKey) : note}
    </p>
  ) : null;
  if (hits.length === 0) {
    return (
      <>
        {modeNote}
        <p className="search-empty search-status" role="status" data-testid="library-empty">
          {t('library.empty')}
        </p>
      </>
    );
  }
  return (
    <div className="search-results" data-testid="library-results" aria-busy={result.isFetching}>
      <p className="hint" role="status" data-testid="library-count">
        {t('library.resultCount', { query: result.data.query || query, count: hits.length })}
      </p>
      {modeNote}
      <ol className="hits" aria-label={t('library.resultsLabel')}>
        {hits.map((hit, i) => (
          <SearchHitItem key={`${hit.chunk_id}-${i}`} hit={hit} />
        ))}
      </ol>
    </div>
  );
}

function isKey(k: string): k is MessageKey {
  return k in ja;
}
