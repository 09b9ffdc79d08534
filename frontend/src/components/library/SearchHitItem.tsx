import { useI18n } from '../../lib/I18nContext';
import { formatDate, sectionPath } from '../../lib/format';
import type { SearchHit } from '../../lib/types';
import { Highlighted } from './Highlighted';
import { SourceLink } from './SourceLink';

export function SearchHitItem({ hit }: { hit: SearchHit }) {
  const { t, lang } = useI18n();
  const section = sectionPath(hit.section);
  const date = formatDate(hit.fetched_at, lang);
  return (
    <li className="hit" data-testid="library-hit">
      <h3 className="hit-title">{hit.title || t('library.untitled')}</h3>
      {section && (
        <p className="hit-section" data-testid="library-hit-section">
          {section}
        </p>
      )}
      <p className="hit-snippet" data-testid="library-hit-snippet">
        <Highlighted snippet={hit.snippet} />
      </p>
      <p className="hit-meta">
        <SourceLink url={hit.url} />
        {date && (
          <time className="hit-date" dateTime={hit.fetched_at} data-testid="library-hit-date">
            {t('library.fetchedAt', { date })}
          </time>
        )}
      </p>
    </li>
  );
}
