import { describe, expect, it } from 'vitest';
import { ApiError, explainError } from './errors';
import { explainReason, isSiteDown } from './pageReason';

// Reasons as the backend stores them since schema 8: a code with the
// English detail (codes of older rows come from the migration).
describe('explainReason', () => {
  const cases: [code: string, reason: string, ja: string][] = [
    [
      'fetch_dns',
      `host not found: check the URL's host name and the network connection (Get "https://x.invalid/": dial tcp: lookup x.invalid: no such host)`,
      'ホストが見つかりません',
    ],
    ['fetch_refused', 'sync site http://127.0.0.1:1/docs/: cannot reach 127.0.0.1:1: connection refused: the server is down or the port is wrong: …', '接続を拒否されました'],
    ['fetch_tls_trust', 'TLS certificate not trusted: the site’s certificate is invalid (x509: certificate signed by unknown authority)', 'TLS 証明書を信頼できません'],
    ['fetch_plain_http', 'the server speaks plain HTTP, not HTTPS: use http:// in the URL (…)', 'http:// で始めて'],
    ['fetch_timeout', 'timed out after 30s: the server is slow or unreachable; try again later (context deadline exceeded)', 'タイムアウト'],
    ['page_too_large', 'larger than the 10 MB page limit', 'サイズの上限'],
    ['pdf_no_text', 'extract pdf: the PDF has no text layer (a scanned document?); run OCR on it first', 'OCR'],
    ['unsupported_type', 'content type "image/png" is not indexed', '対象外'],
    ['not_text', 'not a text document', 'テキストの文書ではありません'],
    // The source policy of a restricted server (backend/ingest/policy.go).
    [
      'outside_source_roots',
      'sources are restricted on this server (server.source_policy): folders must be under server.source_roots (/srv/docs); ask the administrator to add /home/x',
      '管理者が許可したフォルダ（server.source_roots）の中だけ',
    ],
    [
      'no_source_roots',
      'sources are restricted on this server (server.source_policy): no folders may be indexed because server.source_roots is empty; ask the administrator to set server.source_roots to the folders this server may index',
      'フォルダを取り込めません',
    ],
    ['private_site', 'site 127.0.0.1 is a loopback address; this server does not index private addresses (server.allow_private_sites)', '内部向けのアドレス'],
    [
      'private_site',
      'site 10.0.0.1 is a private address; this server does not index private addresses (server.allow_private_sites) (Get "http://wiki.example/": site 10.0.0.1 is a private address; …)',
      'server.allow_private_sites を依頼',
    ],
    ['source_refused', 'sources are restricted on this server (server.source_policy): a site must be an http(s) URL', '制限されています'],
    ['http_status', 'HTTP 503 Service Unavailable', 'エラーの状態コード'],
    ['sync_cancelled', 'cancelled; sync again to resume where it stopped', '取り消しました'],
  ];
  it.each(cases)('explains %s in Japanese and keeps the original', (code, reason, ja) => {
    const got = explainReason(reason, 'ja', code);
    expect(got.text).toContain(ja);
    expect(got.detail).toBe(reason);
  });

  it('matches no English text: a reason without a known code stays as it is', () => {
    expect(explainReason('HTTP 404 Not Found', 'ja')).toEqual({ text: 'HTTP 404 Not Found' });
    expect(explainReason('host not found: check the URL', 'ja')).toEqual({ text: 'host not found: check the URL' });
    expect(explainReason('canceled', 'ja', 'some_future_code')).toEqual({ text: 'canceled' });
    expect(explainReason('', 'ja', 'some_future_code')).toEqual({ text: 'some_future_code' });
    expect(explainReason('connection refused: the server is down', 'en', 'fetch_refused')).toEqual({ text: 'connection refused: the server is down' });
  });
});

describe('sources refused before saving', () => {
  const refusal = (code: string, reason: string, message: string, params?: Record<string, string>) =>
    new ApiError({ code, reason, message, params, status: 400 });
  it('explains the refusals by code and keeps the cause of a site that does not answer', () => {
    const missing = refusal('bad_source', 'folder_missing', 'bad source: folder /x does not exist: check the path (it is read on this machine: h)', { path: '/x' });
    expect(explainError(missing, 'ja').text).toContain('フォルダが見つかりません（/x）');
    expect(explainError(refusal('bad_source', 'not_folder', 'bad source: /x/a.md is not a folder: choose the folder', { path: '/x/a.md' }), 'ja').text).toContain('フォルダではありません');
    expect(explainError(refusal('bad_source', 'folder_unreadable', 'bad source: folder /x cannot be read: permission denied; give', { path: '/x' }), 'ja').hint).toContain('権限');
    const dup = new ApiError({ code: 'duplicate_source', message: 'duplicate source: this site is already a source (「x」, id 2): sync it', status: 409 });
    expect(explainError(dup, 'ja').text).toContain('すでにソース');
    const down = refusal('site_unreachable', 'fetch_refused', 'bad source: site does not answer: h:1: connection refused: the server is down or the port is wrong (x)', { host: 'h:1' });
    const got = explainError(down, 'ja');
    expect(got.text).toContain('サイトが応答しません（h:1）');
    expect(got.text).toContain('接続を拒否されました');
    expect(got.hint).toContain('それでも保存');
    expect(isSiteDown(down)).toBe(true);
    expect(isSiteDown(missing)).toBe(false);
    expect(isSiteDown(new Error('bad source: site does not answer: h'))).toBe(false);
    expect(explainError(down, 'en').text).toBe('bad source: site does not answer: h:1: connection refused: the server is down or the port is wrong (x)');
  });
});
