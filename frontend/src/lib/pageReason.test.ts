import { describe, expect, it } from 'vitest';
import { explainReason, isSiteDown } from './pageReason';

describe('explainReason', () => {
  const cases: [reason: string, ja: string][] = [
    [
      `host not found: check the URL's host name and the network connection (Get "https://x.invalid/": dial tcp: lookup x.invalid: no such host)`,
      'ホストが見つかりません',
    ],
    ['sync site http://127.0.0.1:1/docs/: cannot reach 127.0.0.1:1: connection refused: the server is down or the port is wrong: …', '接続を拒否されました'],
    ['TLS certificate not trusted: the site’s certificate is invalid (x509: certificate signed by unknown authority)', 'TLS 証明書を信頼できません'],
    ['the server speaks plain HTTP, not HTTPS: use http:// in the URL (…)', 'http:// で始めて'],
    ['timed out after 30s: the server is slow or unreachable; try again later (context deadline exceeded)', 'タイムアウト'],
    ['larger than the 10 MB page limit', 'サイズの上限'],
    ['extract pdf: the PDF has no text layer (a scanned document?); run OCR on it first', 'OCR'],
    ['content type "image/png" is not indexed', '対象外'],
    ['not a text document', 'テキストの文書ではありません'],
    // The source policy of a restricted server (backend/ingest/policy.go), word for word.
    [
      'sources are restricted on this server (server.source_policy): folders must be under server.source_roots (/srv/docs); ask the administrator to add /home/x',
      '管理者が許可したフォルダ（server.source_roots）の中だけ',
    ],
    [
      'sources are restricted on this server (server.source_policy): no folders may be indexed because server.source_roots is empty; ask the administrator to set server.source_roots to the folders this server may index',
      'フォルダを取り込めません',
    ],
    [
      'site 127.0.0.1 is a loopback address; this server does not index private addresses (server.allow_private_sites)',
      '内部向けのアドレス',
    ],
    [
      'site 10.0.0.1 is a private address; this server does not index private addresses (server.allow_private_sites) (Get "http://wiki.example/": site 10.0.0.1 is a private address; …)',
      'server.allow_private_sites を依頼',
    ],
    ['sources are restricted on this server (server.source_policy): a site must be an http(s) URL', '制限されています'],
  ];
  it.each(cases)('explains %s in Japanese and keeps the original', (reason, ja) => {
    const got = explainReason(reason, 'ja');
    expect(got.text).toContain(ja);
    expect(got.detail).toBe(reason);
  });

  it('leaves unknown reasons and English alone', () => {
    expect(explainReason('HTTP 404 Not Found', 'ja')).toEqual({ text: 'HTTP 404 Not Found' });
    expect(explainReason('canceled', 'ja')).toEqual({ text: 'canceled' });
    expect(explainReason('connection refused: the server is down', 'en')).toEqual({ text: 'connection refused: the server is down' });
  });
});

describe('explainReason: sources refused before saving', () => {
  it('explains the new refusals and keeps the cause of a site that does not answer', () => {
    expect(explainReason('bad source: folder /x does not exist: check the path (it is read on this machine: h)', 'ja').text).toContain('フォルダが見つかりません');
    expect(explainReason('bad source: /x/a.md is not a folder: choose the folder', 'ja').text).toContain('フォルダではありません');
    expect(explainReason('bad source: folder /x cannot be read: permission denied; give', 'ja').text).toContain('権限');
    expect(explainReason('duplicate source: this site is already a source (「x」, id 2): sync it', 'ja').text).toContain('すでにソース');
    const down = explainReason('bad source: site does not answer: h:1: connection refused: the server is down or the port is wrong (x)', 'ja');
    expect(down.text).toContain('サイトが応答しません');
    expect(down.text).toContain('接続を拒否されました');
    expect(isSiteDown('bad source: site does not answer: h')).toBe(true);
    expect(isSiteDown('bad source: folder /x does not exist')).toBe(false);
    expect(explainReason('bad source: site does not answer: h', 'en').text).toBe('bad source: site does not answer: h');
  });
});
