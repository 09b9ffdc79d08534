import type { MouseEvent } from 'react';
import { openExternal } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import { formatDate, isWebURL, sectionPath } from '../../lib/format';
import type { ChatCitation } from '../../lib/types';

/** Days since an RFC 3339 time, or undefined when unknown. */
export function ageInDays(iso: string | undefined, now: Date = new Date()): number | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) return undefined;
  return Math.max(0, Math.floor((now.getTime() - d.getTime()) / 86_400_000));
}

/** Documents older than this are marked as possibly outdated. */
export const STALE_DAYS = 90;

function open(e: MouseEvent<HTMLAnchorElement>, url: string) {
  if (openExternal(url)) e.preventDefault();
}

export function citationAnchor(messageKey: string, n: number): string {
  return `cite-${messageKey}-${n}`;
}

/** [n] as a chip: opens the source at its heading (http(s)), or jumps to the entry in the list (local files). */
export function CitationChip({ citation, messageKey }: { citation: ChatCitation; messageKey: string }) {
  const { t, lang } = useI18n();
  const label = [citation.title || t('library.untitled'), sectionPath(citation.section)].filter(Boolean).join(' › ');
  const date = formatDate(citation.fetched_at, lang);
  // The tooltip: where it points, what it says, and how fresh it is.
  const tip = [label, citation.snippet.replace(/[«»]/g, ''), date && t('library.fetchedAt', { date })].filter(Boolean).join('\n');
  if (isWebURL(citation.url)) {
    return (
      <a
        className="cite-chip"
        data-testid="cite-chip"
        href={citation.url}
        target="_blank"
        rel="noopener noreferrer"
        title={tip}
        aria-label={t('chat.citeLabel', { n: citation.n, title: label })}
        onClick={(e) => open(e, citation.url)}
      >
        {citation.n}
      </a>
    );
  }
  return (
    <a
      className="cite-chip"
      data-testid="cite-chip"
      href={`#${citationAnchor(messageKey, citation.n)}`}
      title={tip}
      aria-label={t('chat.citeLabel', { n: citation.n, title: label })}
    >
      {citation.n}
    </a>
  );
}

/** The numbered sources of an answer with section, snippet and how fresh they are. */
export function CitationList({ citations, messageKey, title }: { citations: ChatCitation[]; messageKey: string; title: string }) {
  const { t, lang } = useI18n();
  if (citations.length === 0) return null;
  return (
    <div className="citations" data-testid="citations">
      <h4>{title}</h4>
      <ol>
        {citations.map((c) => {
          const age = ageInDays(c.fetched_at);
          const date = formatDate(c.fetched_at, lang);
          const section = sectionPath(c.section);
          return (
            <li key={c.n} id={citationAnchor(messageKey, c.n)} value={c.n} data-testid="citation">
              <div className="citation-head">
                {isWebURL(c.url) ? (
                  <a href={c.url} target="_blank" rel="noopener noreferrer" onClick={(e) => open(e, c.url)} data-testid="citation-link">
                    {c.title || t('library.untitled')}
                  </a>
                ) : (
                  <span className="citation-title">{c.title || t('library.untitled')}</span>
                )}
                {section && <span className="hit-section"> — {section}</span>}
              </div>
              {c.snippet && <p className="citation-snippet">{c.snippet.replace(/[«»]/g, '')}</p>}
              <div className="hit-meta">
                {!isWebURL(c.url) && c.url && <span className="hit-source">{c.url}</span>}
                {date && (
                  <span
                    className={age !== undefined && age > STALE_DAYS ? 'citation-date citation-stale' : 'citation-date'}
                    data-testid="citation-date"
                  >
                    {age === undefined
                      ? t('library.fetchedAt', { date })
                      : age > STALE_DAYS
                        ? t('chat.fetchedStale', { date, days: age })
                        : t('chat.fetchedAgo', { date, days: age })}
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
