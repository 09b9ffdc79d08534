import { describe, expect, it } from 'vitest';
import { splitBytes, streamOf } from '../test/streaming';
import { createSSEParser, readLines, readNDJSON, readSSE, type SSEMessage } from './streams';

async function lines(chunks: (string | Uint8Array)[]) {
  const out: string[] = [];
  await readLines(streamOf(chunks), (l) => out.push(l));
  return out;
}

describe('readLines', () => {
  const text = '{"type":"token","text":"玄界の"}\r\n{"type":"token","text":"GPU🚀"}\n\n最後の行';
  it.each([1, 2, 3, 5, 7, 64])('puts lines and characters back together from %i-byte chunks', async (n) => {
    expect(await lines(splitBytes(text, n))).toEqual(['{"type":"token","text":"玄界の"}', '{"type":"token","text":"GPU🚀"}', '', '最後の行']);
  });

  it('handles an empty body', async () => {
    expect(await lines([])).toEqual([]);
  });
});

describe('readNDJSON', () => {
  it('decodes every line, skipping blank ones', async () => {
    const got: unknown[] = [];
    await readNDJSON(streamOf(splitBytes('{"a":1}\n\n{"b":"ジョブ"}\n', 3)), (v) => got.push(v));
    expect(got).toEqual([{ a: 1 }, { b: 'ジョブ' }]);
  });

  it('rejects a line that is not JSON, after the good ones', async () => {
    const got: unknown[] = [];
    const p = readNDJSON(streamOf(['{"a":1}\n<html>502 Bad Gateway</html>\n{"b":2}\n']), (v) => got.push(v));
    await expect(p).rejects.toThrow('the server sent a line that is not JSON: <html>502 Bad Gateway</html>');
    expect(got).toEqual([{ a: 1 }]);
  });
});

describe('SSE', () => {
  it('parses events as the Go server writes them, split anywhere', async () => {
    const body =
      'event: start\ndata: {"type":"start","session_id":"s1"}\n\n\n' +
      ': keep-alive comment\n' +
      'event: token\ndata: {"type":"token","text":"回答"}\n\n' +
      'data: line one\ndata: line two\n\n' +
      'event: token\ndata: {"unterminated":true}\n';
    for (const n of [1, 4, 9]) {
      const got: SSEMessage[] = [];
      await readSSE(streamOf(splitBytes(body, n)), (m) => got.push(m));
      expect(got).toEqual([
        { event: 'start', data: '{"type":"start","session_id":"s1"}' },
        { event: 'token', data: '{"type":"token","text":"回答"}' },
        { event: 'message', data: 'line one\nline two' },
      ]);
    }
  });

  it('ignores unknown fields and a blank line without data', () => {
    const feed = createSSEParser();
    expect(feed('id: 7')).toBeUndefined();
    expect(feed('retry: 100')).toBeUndefined();
    expect(feed('')).toBeUndefined();
    expect(feed('data')).toBeUndefined();
    expect(feed('')).toEqual({ event: 'message', data: '' });
  });
});
