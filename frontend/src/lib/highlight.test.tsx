import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Highlighted } from '../components/library/Highlighted';
import { formatDate, isWebURL, sectionPath } from './format';
import { splitMarks } from './highlight';

describe('splitMarks', () => {
  it('splits several marked spans', () => {
    expect(splitMarks('…«GPU»を使う«ジョブ»は…')).toEqual([
      { text: '…', marked: false },
      { text: 'GPU', marked: true },
      { text: 'を使う', marked: false },
      { text: 'ジョブ', marked: true },
      { text: 'は…', marked: false },
    ]);
  });

  it('handles marks at both ends and adjacent marks', () => {
    expect(splitMarks('«a»«b»')).toEqual([
      { text: 'a', marked: true },
      { text: 'b', marked: true },
    ]);
  });

  it('keeps text without markers as one plain segment', () => {
    expect(splitMarks('ただのテキスト')).toEqual([{ text: 'ただのテキスト', marked: false }]);
    expect(splitMarks('')).toEqual([]);
  });

  it('treats unbalanced markers as plain text', () => {
    expect(splitMarks('abc«def')).toEqual([{ text: 'abc«def', marked: false }]);
    expect(splitMarks('abc»def')).toEqual([{ text: 'abc»def', marked: false }]);
    expect(splitMarks('x«a«b»y')).toEqual([
      { text: 'x«a', marked: false },
      { text: 'b', marked: true },
      { text: 'y', marked: false },
    ]);
    expect(splitMarks('«a»b»«c')).toEqual([
      { text: 'a', marked: true },
      { text: 'b»«c', marked: false },
    ]);
  });

  it('keeps every character of the input except the paired markers', () => {
    const s = 'p«q»r«s';
    expect(
      splitMarks(s)
        .map((x) => x.text)
        .join(''),
    ).toBe('pqr«s');
  });
});

describe('<Highlighted>', () => {
  it('renders marked spans as <mark>', () => {
    const { container } = render(<Highlighted snippet="…«GPU»を使う«ジョブ»は…" />);
    const marks = [...container.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['GPU', 'ジョブ']);
    expect(container.textContent).toBe('…GPUを使うジョブは…');
  });

  it('renders an unbalanced marker as text', () => {
    const { container } = render(<Highlighted snippet="«GPU ジョブ" />);
    expect(container.querySelector('mark')).toBeNull();
    expect(container.textContent).toBe('«GPU ジョブ');
  });

  it('renders HTML-looking text inertly', () => {
    const snippet = '<script>window.__pwned = 1</script>«<img src=x onerror="window.__pwned=2">»<b>太字</b>';
    const { container } = render(<Highlighted snippet={snippet} />);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('mark')?.textContent).toBe('<img src=x onerror="window.__pwned=2">');
    expect(container.textContent).toBe('<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"><b>太字</b>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('format helpers', () => {
  it('links only http(s) URLs', () => {
    expect(isWebURL('https://www.cc.kyushu-u.ac.jp/scp/')).toBe(true);
    expect(isWebURL('http://example.jp/a')).toBe(true);
    expect(isWebURL('file:///home/u/a.md')).toBe(false);
    expect(isWebURL('beir:d1')).toBe(false);
    expect(isWebURL('javascript:alert(1)')).toBe(false);
    expect(isWebURL('/relative/path')).toBe(false);
    expect(isWebURL('')).toBe(false);
  });

  it('joins the section path with ›', () => {
    expect(sectionPath('ジョブの実行 > GPUジョブ')).toBe('ジョブの実行 › GPUジョブ');
    expect(sectionPath('')).toBe('');
    expect(sectionPath(undefined)).toBe('');
  });

  it('formats dates per language and hides missing ones', () => {
    expect(formatDate('2026-11-23T10:00:00Z', 'ja')).toBe('2026年11月23日');
    expect(formatDate('2026-11-23T10:00:00Z', 'en')).toBe('Nov 23, 2026');
    expect(formatDate('', 'ja')).toBe('');
    expect(formatDate(undefined, 'en')).toBe('');
    expect(formatDate('not a date', 'en')).toBe('');
    expect(formatDate('0001-01-01T00:00:00Z', 'en')).toBe('');
  });
});
