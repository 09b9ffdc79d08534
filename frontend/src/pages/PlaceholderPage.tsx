import { useI18n } from '../lib/I18nContext';
import type { MessageKey } from '../lib/i18n';
import { PAGE_TITLE, type PageId } from '../lib/pages';

export type PlaceholderId = Exclude<PageId, 'settings' | 'library'>;

const DESCRIPTION: Record<PlaceholderId, MessageKey> = {
  chat: 'page.chat.desc',
  models: 'page.models.desc',
  monitor: 'page.monitor.desc',
  backup: 'page.backup.desc',
};

export function PlaceholderPage({ page }: { page: PlaceholderId }) {
  const { t } = useI18n();
  return (
    <section className="page" data-testid={`page-${page}`}>
      <h2 className="page-title">
        {t(PAGE_TITLE[page])} <span className="badge">{t('page.comingSoon')}</span>
      </h2>
      <p className="page-desc">{t(DESCRIPTION[page])}</p>
    </section>
  );
}
