import { dictionaries, type Lang, type MessageKey } from './i18n';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]/;

/**
 * A recommended model's note in the UI language only. Known models have their note in i18n.ts
 * ('models.note.<name>'); for others the server's note, which may hold both languages as
 * "日本語 / English", is cut at " / " and the part in the UI language kept; a note with no part in the UI
 * language gives '' (shown as no note rather than in the other language).
 */
export function modelNote(name: string, note: string, lang: Lang): string {
  const key = `models.note.${name}` as MessageKey;
  const known = dictionaries[lang][key];
  if (known) return known;
  const parts = note.split(' / ').map((p) => p.trim()).filter(Boolean);
  return parts.filter((p) => JAPANESE.test(p) === (lang === 'ja')).join(' / ');
}
