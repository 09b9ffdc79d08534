// Why a page or a sync failed, in the UI language. The backend stores each
// reason with its code (backend/fault; pages.reason_code, a sync report's
// reason_code, a sync's error_code) next to its English detail; this shows
// the code's text with the detail after it. Rows stored before reason
// codes got theirs from the schema 8 migration, so no English phrase is
// matched here; a reason without a known code is shown as the backend wrote it.

import { ApiError, codeHint, codeText, knownCode } from './errors';
import type { Lang } from './i18n';

/** Whether err says a new site did not answer, so that saving it anyway makes sense. */
export function isSiteDown(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'site_unreachable' || err.reason === 'site_unreachable');
}

/** An explained reason: text in the UI language, and the original when it differs. */
export interface ExplainedReason {
  text: string;
  detail?: string;
}

/**
 * explainReason returns the reason to show in lang. English shows the
 * backend's words as they are; Japanese shows the text and hint of a known
 * code with the original as detail, and a reason without a known code unchanged.
 */
export function explainReason(reason: string, lang: Lang, code?: string): ExplainedReason {
  if (lang === 'en' || !knownCode(code)) return { text: reason || (code ?? '') };
  const hint = codeHint(code, lang);
  const text = hint ? `${codeText(code, lang)} ${hint}` : codeText(code, lang);
  return reason ? { text, detail: reason } : { text };
}
