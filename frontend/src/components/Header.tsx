import { useI18n } from '../lib/I18nContext';

export function Header() {
  const { t } = useI18n();
  return (
    <header className="app-header" data-testid="app-header">
      <span className="app-logo" aria-hidden="true">玄</span>
      <h1 className="app-title" data-testid="app-title">{t('app.name')}</h1>
      <span className="app-tagline">{t('app.tagline')}</span>
    </header>
  );
}
