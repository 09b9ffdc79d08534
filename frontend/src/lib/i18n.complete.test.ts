// Fails when a UI string is missing in either language, or when the English text is the Japanese one
// left untranslated (identical and containing Japanese script). Keys whose values are the same by design
// (names, units) must not contain Japanese.
import { describe, expect, it } from 'vitest';
import { en, ja, LANG_NAMES, type MessageKey } from './i18n';
import { modelNote } from './modelNotes';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]/;

/** The problems of a pair of dictionaries: missing keys on either side, Japanese left in English. */
export function dictionaryProblems(jaDict: Record<string, string>, enDict: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(jaDict)) if (!(k in enDict) || !enDict[k]?.trim()) problems.push(`missing in en: ${k}`);
  for (const k of Object.keys(enDict)) if (!(k in jaDict) || !jaDict[k]?.trim()) problems.push(`missing in ja: ${k}`);
  for (const k of Object.keys(enDict)) {
    const v = enDict[k] ?? '';
    if (v === jaDict[k] && JAPANESE.test(v)) problems.push(`untranslated in en (same as ja): ${k}`);
    else if (JAPANESE.test(v.replace(/[「」]/g, ''))) problems.push(`Japanese in en: ${k} = ${v}`);
  }
  return problems;
}

describe('every UI string in both languages', () => {
  it('has no missing key and no Japanese left in English', () => {
    expect(dictionaryProblems(ja, en)).toEqual([]);
  });

  it('catches a missing key, an empty value and an untranslated value', () => {
    expect(dictionaryProblems({ a: 'あ', b: 'い', c: 'う' }, { a: 'A', b: '', c: 'う', d: 'D' })).toEqual([
      'missing in en: b',
      'missing in ja: d',
      'untranslated in en (same as ja): c',
    ]);
    expect(dictionaryProblems({ a: 'ログ' }, { a: 'Log ログ' })).toEqual(['Japanese in en: a = Log ログ']);
    // Same text by design is fine when it is not Japanese.
    expect(dictionaryProblems({ cpu: 'CPU' }, { cpu: 'CPU' })).toEqual([]);
  });

  it('language names are native on purpose and live outside the dictionaries', () => {
    expect(LANG_NAMES.ja).toBe('日本語');
    expect((Object.keys(en) as MessageKey[]).every((k) => en[k] !== '日本語')).toBe(true);
  });
});

describe('recommended-model notes', () => {
  const both = '多言語の検索用埋め込み / multilingual embeddings';
  it('show only the UI language', () => {
    expect(modelNote('bge-m3', 'anything', 'en')).toBe(en['models.note.bge-m3']);
    expect(modelNote('bge-m3', 'anything', 'ja')).toBe(ja['models.note.bge-m3']);
    expect(modelNote('unknown:1b', both, 'en')).toBe('multilingual embeddings');
    expect(modelNote('unknown:1b', both, 'ja')).toBe('多言語の検索用埋め込み');
    expect(modelNote('unknown:1b', '軽量', 'ja')).toBe('軽量');
    expect(modelNote('unknown:1b', '軽量', 'en')).toBe('');
    expect(modelNote('unknown:1b', 'light', 'ja')).toBe('');
  });
});
