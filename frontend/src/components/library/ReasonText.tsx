import { useI18n } from '../../lib/I18nContext';
import { explainReason } from '../../lib/pageReason';

/** A failure reason in the UI language (by its code), with the server's own words after it when they differ. */
export function ReasonText({ reason, code, testId }: { reason: string; code?: string; testId?: string }) {
  const { lang } = useI18n();
  const { text, detail } = explainReason(reason, lang, code);
  return (
    <span className="page-error" data-testid={testId}>
      {text}
      {detail && <span className="page-error-detail"> ({detail})</span>}
    </span>
  );
}
