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

/** Like formatDate, with the time of day (for "last synced"). */
export function formatDateTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) return '';
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** Go time.Duration (nanoseconds) → seconds with one decimal, e.g. 2345000000 → "2.3". */
export function durationSeconds(ns: number): string {
  const s = Number.isFinite(ns) && ns > 0 ? ns / 1e9 : 0;
  return s.toFixed(1);
}

/** Absolute path on Unix ("/…"), Windows ("C:\…", "C:/…") or a UNC share ("\\server\…"). */
export function isAbsolutePath(p: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);
}

/** http:// or https:// followed by something. */
export function looksLikeWebURL(u: string): boolean {
  return /^https?:\/\/\S+$/i.test(u);
}

/** Bytes as "1.2 GB", "350 MB", "12 KB" (powers of 1000, as Ollama shows them). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** Seconds split into hours, minutes, seconds (rounded up to whole seconds). */
export function splitDuration(seconds: number): { h: number; m: number; s: number } {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0;
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}
