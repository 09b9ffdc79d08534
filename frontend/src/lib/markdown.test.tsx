import type { ReactNode } from 'react';
import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Markdown } from '../components/chat/Markdown';
import { healthy, installFakeWails, overviewUp } from '../test/fixtures';
import { I18nProvider } from './I18nContext';
import { isSafeHref, parseBlocks, parseInline } from './markdown';

function md(source: string, renderCite?: (n: number, key: string) => ReactNode) {
  const { container } = render(
    <I18nProvider initialLang="ja">
      <Markdown source={source} renderCite={renderCite} />
    </I18nProvider>,
  );
  return container.querySelector('.markdown') as HTMLElement;
}

describe('parseBlocks', () => {
  it.each([
    ['# 見出し', [{ type: 'heading', level: 1, text: '見出し' }]],
    ['### GPU ###', [{ type: 'heading', level: 3, text: 'GPU' }]],
    ['一行目\n二行目\n\n次の段落', [{ type: 'paragraph', text: '一行目\n二行目' }, { type: 'paragraph', text: '次の段落' }]],
    ['```sh\npjsub job.sh\n  indented <b>\n```', [{ type: 'code', lang: 'sh', text: 'pjsub job.sh\n  indented <b>' }]],
    ['```\nunclosed while streaming', [{ type: 'code', lang: '', text: 'unclosed while streaming' }]],
    ['---', [{ type: 'hr' }]],
    ['> 引用\n> 続き', [{ type: 'quote', children: [{ type: 'paragraph', text: '引用\n続き' }] }]],
  ])('%j', (src, want) => {
    expect(parseBlocks(src)).toEqual(want);
  });

  it('parses bullet and numbered lists, nested by indentation', () => {
    const blocks = parseBlocks('- a\n- b\n  - b1\n  - b2\n- c\n\n3. three\n4. four');
    expect(blocks).toHaveLength(2);
    const [ul, ol] = blocks;
    expect(ul).toMatchObject({ type: 'list', ordered: false });
    if (ul.type !== 'list' || ol.type !== 'list') throw new Error('not lists');
    expect(ul.items).toHaveLength(3);
    expect(ul.items[1][1]).toMatchObject({ type: 'list', items: [[{ type: 'paragraph', text: 'b1' }], [{ type: 'paragraph', text: 'b2' }]] });
    expect(ol).toMatchObject({ ordered: true, start: 3 });
    expect(ol.items).toHaveLength(2);
  });

  it('parses pipe tables with alignment', () => {
    expect(parseBlocks('| キュー | 上限 |\n|:---|---:|\n| a-batch | 24h |\n| b | \\| x')).toEqual([
      { type: 'table', header: ['キュー', '上限'], align: ['left', 'right'], rows: [['a-batch', '24h'], ['b', '| x']] },
    ]);
  });

  it('never throws on odd input', () => {
    for (const src of ['', '\n\n', '```', '- ', '#', '|', '|-|', '> ', '**', '[', '[1', '](', '`', '1.', '\r\n\r\n', '- - -', '* * *']) {
      expect(() => parseBlocks(src)).not.toThrow();
      expect(() => parseInline(src)).not.toThrow();
    }
  });
});

describe('parseInline', () => {
  it('handles code, bold, italic, links and citations', () => {
    expect(parseInline('`a*b*` **太字** *斜体* [玄界](https://example.jp/x#y) 根拠[1][2, 3]')).toEqual([
      { type: 'code', text: 'a*b*' },
      { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: '太字' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: '斜体' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://example.jp/x#y', children: [{ type: 'text', text: '玄界' }] },
      { type: 'text', text: ' 根拠' },
      { type: 'cite', numbers: [1], raw: '[1]' },
      { type: 'cite', numbers: [2, 3], raw: '[2, 3]' },
    ]);
  });

  it('keeps snake_case words and lone markers as text', () => {
    expect(parseInline('use job_name_here and 2 * 3')).toEqual([{ type: 'text', text: 'use job_name_here and 2 * 3' }]);
  });

  it('links bare http(s) URLs without the sentence punctuation', () => {
    expect(parseInline('見て https://a.jp/b.html。')).toEqual([
      { type: 'text', text: '見て ' },
      { type: 'link', href: 'https://a.jp/b.html', children: [{ type: 'text', text: 'https://a.jp/b.html' }] },
      { type: 'text', text: '。' },
    ]);
  });
});

describe('isSafeHref', () => {
  it.each([
    ['https://www.cc.kyushu-u.ac.jp/scp/#gpu', true],
    ['http://example.com', true],
    ['/docs/job.html', true],
    ['#section', true],
    ['./a.md', true],
    ['job.html?x=1', true],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    ['java\tscript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['vbscript:x', false],
    ['file:///etc/passwd', false],
    ['//evil.example/x', false],
    ['', false],
  ])('%j → %s', (url, want) => {
    expect(isSafeHref(url)).toBe(want);
  });
});

describe('<Markdown>', () => {
  it('renders headings, lists, tables, code with a copy button, inline styles', () => {
    const el = md('## 手順\n\n1. **ログイン**する\n2. `pjsub` を使う\n\n```sh\npjsub run.sh\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(el.querySelector('h4')).toHaveTextContent('手順');
    expect([...el.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['ログインする', 'pjsub を使う']);
    expect(el.querySelector('ol strong')).toHaveTextContent('ログイン');
    expect(el.querySelector('li code')).toHaveTextContent('pjsub');
    expect(el.querySelector('pre code')).toHaveTextContent('pjsub run.sh');
    expect(el.querySelector('[data-testid="md-code-copy"]')).toHaveTextContent('コピー');
    expect([...el.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1', '2']);
  });

  it('copies a code block verbatim', async () => {
    const ClipboardSetText = vi.fn(async () => true);
    installFakeWails({ Info: async () => overviewUp, Health: async () => healthy });
    window.runtime = { ClipboardSetText };
    const el = md('```sh\n#PJM -L rscgrp=b-batch\n  pjsub <run.sh>\n```');
    fireEvent.click(el.querySelector('[data-testid="md-code-copy"]')!);
    await vi.waitFor(() => expect(el.querySelector('[data-testid="md-code-copy"]')).toHaveTextContent('コピーしました'));
    expect(ClipboardSetText).toHaveBeenCalledWith('#PJM -L rscgrp=b-batch\n  pjsub <run.sh>');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '**<img src=x onerror=alert(2)>**',
    '| <script>x</script> | b |\n|---|---|\n| <img src=x onerror=alert(3)> | c |',
    '- <svg onload=alert(4)>',
    '```html\n<script>alert(5)</script>\n```',
    '[click](javascript:alert(6))',
    '[click](  javascript:alert(7))',
    '<a href="javascript:alert(8)">x</a>',
  ])('keeps %j inert', (source) => {
    const el = md(source);
    expect(el.querySelector('script, img, iframe, svg')).toBeNull();
    for (const a of el.querySelectorAll('a')) expect(a.getAttribute('href')).not.toMatch(/^\s*javascript:/i);
    for (const node of el.querySelectorAll('*')) {
      for (const attr of node.getAttributeNames()) expect(attr.startsWith('on')).toBe(false);
    }
    // the text is still there for the reader
    expect(el.textContent).toContain(source.includes('javascript:alert(6)') ? 'javascript:alert(6)' : '');
  });

  it('shows HTML in the source literally', () => {
    const el = md('前 <script>alert(1)</script> 後');
    expect(el.textContent).toBe('前 <script>alert(1)</script> 後');
  });

  it('links only http(s) and relative URLs, opening in a new tab with noopener', () => {
    const el = md('[a](https://example.jp/a) [b](ftp://x/y) [c](/rel)');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.jp/a', '/rel']);
    for (const a of links) {
      expect(a).toHaveAttribute('target', '_blank');
      expect(a).toHaveAttribute('rel', 'noopener noreferrer');
    }
    expect(el.textContent).toContain('[b](ftp://x/y)');
  });

  it('turns citation markers into chips when the citation exists, else leaves the text', () => {
    const cite = vi.fn((n: number, key: string) => (n <= 2 ? <sup key={key} data-testid="chip">{n}</sup> : null));
    const el = md('答え[1]。別の根拠[2, 9]。', cite);
    expect([...el.querySelectorAll('[data-testid="chip"]')].map((c) => c.textContent)).toEqual(['1']);
    expect(el.textContent).toBe('答え1。別の根拠[2, 9]。');
  });
});

describe('markdown fuzz', () => {
  // Deterministic pseudo-random inputs built from the characters the parser cares about.
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const pieces = ['*', '**', '_', '`', '```', '~~~', '[', ']', '(', ')', '[1]', '[2, 3]', '#', '# ', '- ', '1. ', '> ', '|', '|---|', '\n', '\n\n', '  ', '\\', '<script>', '<img src=x onerror=alert(1)>', 'javascript:', 'https://a.jp/x', '玄界', 'GPU', ' '];

  it('parses and renders 400 random documents without throwing or creating live HTML', () => {
    const next = rng(42);
    for (let n = 0; n < 400; n++) {
      let src = '';
      const len = Math.floor(next() * 60);
      for (let i = 0; i < len; i++) src += pieces[Math.floor(next() * pieces.length)];
      const el = md(src, (num, key) => <sup key={key}>{num}</sup>);
      expect(el.querySelector('script, img, iframe')).toBeNull();
      for (const a of el.querySelectorAll('a')) expect(isSafeHref(a.getAttribute('href') ?? '')).toBe(true);
    }
  });

  it('copes with long pathological input', () => {
    for (const src of ['*'.repeat(20_000), '['.repeat(20_000), '`'.repeat(20_000), '- '.repeat(5_000) + 'x', '> '.repeat(5_000) + 'x', '**a'.repeat(5_000), '  - x\n'.repeat(3_000)]) {
      expect(() => parseBlocks(src).map((b) => (b.type === 'paragraph' ? parseInline(b.text) : b))).not.toThrow();
    }
  });
});
