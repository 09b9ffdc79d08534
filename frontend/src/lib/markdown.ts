// A small Markdown parser for answers and documents. It produces a plain
// tree (no HTML strings): the renderer (components/chat/Markdown.tsx)
// turns it into React elements, so raw HTML in the source ("<script>",
// "<img onerror=…>") is never interpreted, only shown as text.
//
// Supported: ATX headings, paragraphs, fenced code (kept verbatim; an
// unclosed fence runs to the end, as while an answer streams), bullet and
// numbered lists (nested by indentation), block quotes, horizontal rules,
// pipe tables; inline code, **bold**, *italic*, [links](url) — only
// http(s) and relative URLs, anything else stays text —, bare http(s)
// URLs, and citation markers [1], [1, 2].

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'code'; lang: string; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'table'; header: string[]; align: Align[]; rows: string[][] }
  | { type: 'hr' };

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'cite'; numbers: number[]; raw: string }
  | { type: 'br' };

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^( {0,12})([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const QUOTE = /^ {0,3}>/;
const TABLE_SEP = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;

/** True for http(s) URLs and relative references (#x, /x, ./x, x.html); false for javascript:, data:, … */
export function isSafeHref(raw: string): boolean {
  const url = raw.trim();
  if (url === '' || /[\u0000-\u001f\u007f\s]/.test(url)) return false;
  if (/^https?:\/\//i.test(url)) {
    try {
      const u = new URL(url);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }
  if (url.startsWith('//')) return false;
  // Relative: no scheme before the first /, ? or #.
  const firstDelim = url.search(/[/?#]/);
  const head = firstDelim < 0 ? url : url.slice(0, firstDelim);
  return !head.includes(':');
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += s[i];
  }
  cells.push(cur.trim());
  return cells;
}

function alignOf(cell: string): Align {
  const c = cell.trim();
  const left = c.startsWith(':');
  const right = c.endsWith(':');
  if (left && right) return 'center';
  if (right) return 'right';
  if (left) return 'left';
  return null;
}

function startsBlock(line: string, next: string | undefined): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    HR.test(line) ||
    QUOTE.test(line) ||
    LIST_ITEM.test(line) ||
    (line.includes('|') && next !== undefined && TABLE_SEP.test(next) && next.includes('-'))
  );
}

function indentOf(line: string): number {
  const m = /^ */.exec(line.replace(/\t/g, '    '));
  return m ? m[0].length : 0;
}

/** Parses Markdown into blocks. Never throws; any input gives some blocks. */
export function parseBlocks(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  return parseLines(lines, 0);
}

function parseLines(lines: string[], depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent, marks, lang] = fence;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const l = lines[i];
        const t = l.trim();
        if (t.startsWith(marks[0].repeat(marks.length)) && /^(`+|~+)$/.test(t)) {
          i++;
          break;
        }
        body.push(indent && l.startsWith(indent) ? l.slice(indent.length) : l);
        i++;
      }
      out.push({ type: 'code', lang, text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ type: 'heading', level: heading[1].length, text: heading[2] ?? '' });
      i++;
      continue;
    }
    if (HR.test(line)) {
      out.push({ type: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) {
        body.push(lines[i].replace(/^ {0,3}> ?/, ''));
        i++;
      }
      out.push({ type: 'quote', children: depth > 8 ? [{ type: 'paragraph', text: body.join('\n') }] : parseLines(body, depth + 1) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const parsed = parseList(lines, i, depth);
      out.push(parsed.block);
      i = parsed.next;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const header = splitRow(line);
      const align = splitRow(lines[i + 1]).map(alignOf);
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && lines[i].trim() !== '' && lines[i].includes('|')) {
        const cells = splitRow(lines[i]);
        rows.push(header.map((_, c) => cells[c] ?? ''));
        i++;
      }
      out.push({ type: 'table', header, align: header.map((_, c) => align[c] ?? null), rows });
      continue;
    }
    const para: string[] = [line.trim()];
    i++;
    while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i], lines[i + 1])) {
      para.push(lines[i].trim());
      i++;
    }
    out.push({ type: 'paragraph', text: para.join('\n') });
  }
  return out;
}

function parseList(lines: string[], from: number, depth: number): { block: Block; next: number } {
  const first = LIST_ITEM.exec(lines[from]);
  if (!first) throw new Error('parseList: not a list item');
  const baseIndent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const start = ordered ? parseInt(first[2], 10) : 1;
  const items: string[][] = [];
  let i = from;
  while (i < lines.length) {
    const m = LIST_ITEM.exec(lines[i]);
    if (!m || m[1].length !== baseIndent || /\d/.test(m[2]) !== ordered) break;
    const contentIndent = baseIndent + m[2].length + 1;
    const body = [m[3] ?? ''];
    i++;
    while (i < lines.length) {
      const l = lines[i];
      if (l.trim() === '') {
        // A blank line continues the item only if indented text follows.
        const next = lines[i + 1];
        if (next !== undefined && next.trim() !== '' && indentOf(next) >= Math.min(contentIndent, baseIndent + 2)) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      const ind = indentOf(l);
      const sub = LIST_ITEM.exec(l);
      if (ind <= baseIndent && (sub || startsBlock(l, lines[i + 1]))) break;
      if (ind > baseIndent) body.push(l.replace(/\t/g, '    ').slice(Math.min(ind, contentIndent)));
      else body.push(l.trim()); // lazy continuation of the paragraph
      i++;
    }
    items.push(body);
  }
  return {
    block: {
      type: 'list',
      ordered,
      start,
      items: items.map((body) => (depth > 8 ? [{ type: 'paragraph', text: body.join('\n') }] : parseLines(body, depth + 1))),
    },
    next: i,
  };
}

const AUTOLINK = /https?:\/\/[^\s<>()[\]{}"'「」『』（）、。]+/g;
const CITE = /^\[(\d{1,3}(?:\s*[,、]\s*\d{1,3})*)\]/;

/** Parses the inline Markdown of one paragraph, heading or cell. Never throws. */
export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = () => {
    if (buf) pushText(out, buf);
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!|>~<]/.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '\n') {
      flush();
      out.push({ type: 'br' });
      i++;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(run, i + run.length);
      if (close > 0) {
        flush();
        let code = text.slice(i + run.length, close);
        if (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
        out.push({ type: 'code', text: code });
        i = close + run.length;
        continue;
      }
      buf += run;
      i += run.length;
      continue;
    }
    if ((c === '*' || c === '_') && depth < 8) {
      const double = text[i + 1] === c;
      const marker = double ? c + c : c;
      const prev = i > 0 ? text[i - 1] : ' ';
      const wordy = c === '_' && /[\p{L}\p{N}]/u.test(prev);
      const afterOpen = text[i + marker.length];
      if (!wordy && afterOpen !== undefined && !/\s/.test(afterOpen)) {
        const close = findClose(text, i + marker.length, marker);
        if (close > 0) {
          flush();
          const inner = parseInline(text.slice(i + marker.length, close), depth + 1);
          out.push(double ? { type: 'strong', children: inner } : { type: 'em', children: inner });
          i = close + marker.length;
          continue;
        }
      }
      buf += marker;
      i += marker.length;
      continue;
    }
    if (c === '[') {
      const link = /^\[((?:[^[\]\\]|\\.|\[[^[\]]*\])*)\]\(\s*<?([^\s<>()]*(?:\([^\s()]*\)[^\s<>()]*)*)>?(?:\s+"[^"]*")?\s*\)/.exec(text.slice(i));
      if (link) {
        flush();
        const [whole, label, href] = link;
        if (isSafeHref(href)) out.push({ type: 'link', href, children: parseInline(label, depth + 1) });
        else pushText(out, whole);
        i += whole.length;
        continue;
      }
      const cite = CITE.exec(text.slice(i));
      if (cite) {
        flush();
        out.push({ type: 'cite', numbers: cite[1].split(/\s*[,、]\s*/).map((n) => parseInt(n, 10)), raw: cite[0] });
        i += cite[0].length;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

function findClose(text: string, from: number, marker: string): number {
  let j = from;
  while (j < text.length) {
    const k = text.indexOf(marker, j);
    if (k < 0) return -1;
    const before = text[k - 1];
    const after = text[k + marker.length];
    // A closing marker follows non-space and is not part of a longer run.
    if (k > from && !/\s/.test(before) && after !== marker[0] && (marker[0] !== '_' || !/[\p{L}\p{N}]/u.test(after ?? ''))) return k;
    j = k + marker.length;
  }
  return -1;
}

/** Adds plain text, turning bare http(s) URLs into links. */
function pushText(out: Inline[], text: string) {
  let last = 0;
  for (const m of text.matchAll(AUTOLINK)) {
    let url = m[0];
    // Trailing punctuation belongs to the sentence.
    const trail = /[.,;:!?]+$/.exec(url);
    if (trail) url = url.slice(0, -trail[0].length);
    const at = m.index ?? 0;
    if (at > last) appendText(out, text.slice(last, at));
    if (isSafeHref(url)) out.push({ type: 'link', href: url, children: [{ type: 'text', text: url }] });
    else appendText(out, url);
    last = at + url.length;
  }
  if (last < text.length) appendText(out, text.slice(last));
}

function appendText(out: Inline[], text: string) {
  const prev = out[out.length - 1];
  if (prev?.type === 'text') prev.text += text;
  else out.push({ type: 'text', text });
}
