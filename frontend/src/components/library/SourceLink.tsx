import type { MouseEvent } from 'react';
import { openExternal } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import { isWebURL } from '../../lib/format';

function openExternally(e: MouseEvent<HTMLAnchorElement>, url: string) {
  // Inside the Wails window a plain link would navigate the app itself away;
  // hand the URL to the system browser instead.
  if (openExternal(url)) e.preventDefault();
}

/** The hit's source: a link for http(s), plain text for file:// and ids. */
export function SourceLink({ url }: { url: string }) {
  const { t } = useI18n();
  if (!url) return null;
  if (!isWebURL(url)) {
    return (
      <span className="hit-source" data-testid="library-hit-source">
        {url}
      </span>
    );
  }
  return (
    <a
      className="hit-source"
      data-testid="library-hit-link"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      title={t('library.openInBrowser')}
      onClick={(e) => openExternally(e, url)}
    >
      {url}
    </a>
  );
}
