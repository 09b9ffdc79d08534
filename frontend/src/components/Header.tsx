import { useI18n } from '../lib/I18nContext';
import { searchShortcutAria, searchShortcutLabel } from '../lib/shortcuts';

interface Props {
  /** Opens the Library and focuses its search box (the same as Ctrl+K / ⌘K); no button without it. */
  onSearch?(): void;
}

/** The title bar: logo, name, tagline and the search button with its shortcut. */
export function Header({ onSearch }: Props) {
  const { t } = useI18n();
  const keys = searchShortcutLabel();
  return (
    <header className="app-header" data-testid="app-header">
      <span className="app-logo" aria-hidden="true">玄</span>
      <h1 className="app-title" data-testid="app-title">{t('app.name')}</h1>
      <span className="app-tagline">{t('app.tagline')}</span>
      {onSearch && (
        <button
          type="button"
          className="header-search"
          data-testid="header-search"
          aria-keyshortcuts={searchShortcutAria()}
          aria-label={t('search.open', { keys })}
          title={t('search.open', { keys })}
          onClick={onSearch}
        >
          <svg className="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
            <path d="M10.5 4a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM15.5 15.5L20 20" />
          </svg>
          <span className="header-search-label">{t('search.button')}</span>
          <kbd aria-hidden="true">{keys}</kbd>
        </button>
      )}
    </header>
  );
}
