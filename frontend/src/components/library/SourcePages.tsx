import { useI18n } from '../../lib/I18nContext';
import { formatDate } from '../../lib/format';
import { usePages } from '../../lib/queries';
import type { PageStatus } from '../../lib/types';
import { ReasonText } from './ReasonText';
import { describeError } from '../../lib/errors';

const STATUS_KEYS = {
  ok: 'sources.status.ok',
  failed: 'sources.status.failed',
  skipped: 'sources.status.skipped',
} as const satisfies Record<PageStatus, string>;

/** The pages of one source: URL, title, status (with the reason) and when it was fetched. */
export function SourcePages({ id, name }: { id: number; name: string }) {
  const { t, lang } = useI18n();
  const pages = usePages(id, true);

  if (pages.isError) {
    return (
      <p className="error-text hint" role="alert" data-testid="source-pages-error">
        {t('sources.pagesFailed', { message: describeError(pages.error, lang) })}
      </p>
    );
  }
  if (!pages.data) {
    return (
      <p className="hint" data-testid="source-pages-loading">
        {t('sources.pagesLoading')}
      </p>
    );
  }
  if (pages.data.length === 0) {
    return (
      <p className="hint" data-testid="source-pages-empty">
        {t('sources.pagesEmpty')}
      </p>
    );
  }
  return (
    <ul className="page-list" aria-label={t('sources.pagesLabel', { name })} data-testid="source-page-list">
      {pages.data.map((p, i) => {
        const status = (p.status in STATUS_KEYS ? p.status : 'failed') as PageStatus;
        const date = formatDate(p.fetched_at, lang);
        return (
          <li key={`${p.url}-${i}`} className="page-row" data-testid="source-page" data-status={status}>
            <span className={`page-status page-status-${status}`} data-testid="source-page-status">
              {t(STATUS_KEYS[status])}
            </span>
            <span className="page-main">
              <span className="page-title-text">{p.title || t('library.untitled')}</span>
              <span className="page-url">{p.url}</span>
              {p.error && <ReasonText reason={p.error} code={p.reason_code} testId="source-page-error" />}
            </span>
            {date && (
              <time className="page-date" dateTime={p.fetched_at} data-testid="source-page-date">
                {date}
              </time>
            )}
          </li>
        );
      })}
    </ul>
  );
}
