import { useI18n } from '../lib/I18nContext';

interface Props {
  message: string;
  onRetry(): void;
  retrying: boolean;
}

/** Shown instead of the pages when the backend refuses Info() (failed start). */
export function BootError({ message, onRetry, retrying }: Props) {
  const { t } = useI18n();
  return (
    <section className="boot-error" role="alert" data-testid="boot-error">
      <h2>{t('boot.title')}</h2>
      <p>{t('boot.hint')}</p>
      <pre className="boot-error-message" data-testid="boot-error-message">{message}</pre>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {t('boot.retry')}
      </button>
    </section>
  );
}
