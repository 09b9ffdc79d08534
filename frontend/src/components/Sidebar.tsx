import { useI18n } from '../lib/I18nContext';
import { PAGE_IDS, PAGE_TITLE, type PageId } from '../lib/pages';
import { PageIcon } from './Icon';

interface Props {
  current: PageId;
  onSelect(page: PageId): void;
}

export function Sidebar({ current, onSelect }: Props) {
  const { t } = useI18n();
  return (
    <nav className="sidebar" aria-label={t('nav.label')} data-testid="nav">
      <ul>
        {PAGE_IDS.map((id) => (
          <li key={id}>
            <button
              type="button"
              className="nav-item"
              data-testid={`nav-${id}`}
              aria-current={current === id ? 'page' : undefined}
              onClick={() => onSelect(id)}
            >
              <PageIcon page={id} />
              <span className="nav-label">{t(PAGE_TITLE[id])}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
