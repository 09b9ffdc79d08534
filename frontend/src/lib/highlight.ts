// Splits a search snippet into plain and highlighted parts. The backend wraps
// each matched term in « »; the text never contains those characters
// otherwise, so a marker without its partner is shown as ordinary text.

export const MARK_OPEN = '«';
export const MARK_CLOSE = '»';

export interface Segment {
  text: string;
  marked: boolean;
}

export function splitMarks(snippet: string): Segment[] {
  const out: Segment[] = [];
  const push = (text: string, marked: boolean) => {
    if (text === '') return;
    const last = out.at(-1);
    if (last && !last.marked && !marked) last.text += text;
    else out.push({ text, marked });
  };

  let pos = 0;
  while (pos < snippet.length) {
    const open = snippet.indexOf(MARK_OPEN, pos);
    if (open === -1) break;
    const close = snippet.indexOf(MARK_CLOSE, open + 1);
    if (close === -1) break; // « with no », rest is plain text
    const reopen = snippet.indexOf(MARK_OPEN, open + 1);
    if (reopen !== -1 && reopen < close) {
      // «a«b» : the first « has no partner of its own; keep it as text
      push(snippet.slice(pos, reopen), false);
      pos = reopen;
      continue;
    }
    push(snippet.slice(pos, open), false);
    push(snippet.slice(open + 1, close), true);
    pos = close + 1;
  }
  push(snippet.slice(pos), false);
  return out;
}
