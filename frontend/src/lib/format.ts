// Small display helpers for search hits.
import type { Lang } from './i18n';

/** True for absolute http(s) URLs: the only ones we link to. */
export function isWebURL(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** "ジョブの実行 > GPUジョブ" → "ジョブの実行 › GPUジョブ"; "" stays "". */
export function sectionPath(section: string | undefined): string {
  return (section ?? '')
    .split('>')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' › ');
}

/**
 * Localised short date for an RFC 3339 timestamp, or '' when it is missing,
 * unparsable, or the zero time the Go side writes for "never".
 */
export function formatDate(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) return '';
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}
