// Why a page or a sync failed, in the UI language. The backend writes its
// reasons in English with stable phrases (backend/ingest: fetchReason,
// crawl_page.go, folder.go, extract_pdf.go); this maps them to an
// explanation a Japanese user can act on and keeps the original as detail.

import type { Lang } from './i18n';

type ReasonKind =
  | 'dns'
  | 'refused'
  | 'tlsTrust'
  | 'plainHttp'
  | 'tlsHandshake'
  | 'timeout'
  | 'reset'
  | 'unreachable'
  | 'tooLarge'
  | 'noTextLayer'
  | 'contentType'
  | 'notText'
  | 'redirect'
  | 'unreadable'
  | 'noRoots'
  | 'outsideRoots'
  | 'privateSite'
  | 'restricted'
  | 'folderMissing'
  | 'notFolder'
  | 'folderUnreadable'
  | 'duplicate';

/** Phrases of the backend's reasons, checked in order (the first found wins). */
const PHRASES: readonly (readonly [string, ReasonKind])[] = [
  // A source refused before saving (backend/ingest/validate.go).
  ['does not exist: check the path', 'folderMissing'],
  ['is not a folder', 'notFolder'],
  ['cannot be read: permission denied', 'folderUnreadable'],
  ['is already a source', 'duplicate'],
  // The source policy of a server others can reach (backend/ingest/policy.go).
  ['server.source_roots is empty', 'noRoots'],
  ['folders must be under server.source_roots', 'outsideRoots'],
  ['this server does not index private addresses', 'privateSite'],
  ['sources are restricted on this server', 'restricted'],
  ['host not found', 'dns'],
  ['connection refused', 'refused'],
  ['TLS certificate not trusted', 'tlsTrust'],
  ['speaks plain HTTP', 'plainHttp'],
  ['TLS handshake failed', 'tlsHandshake'],
  ['timed out after', 'timeout'],
  ['connection reset', 'reset'],
  ['network unreachable', 'unreachable'],
  ['page limit', 'tooLarge'],
  ['larger than', 'tooLarge'],
  ['no text layer', 'noTextLayer'],
  ['is not indexed', 'contentType'],
  ['unsupported content type', 'contentType'],
  ['not a text', 'notText'],
  ['redirects outside the allowed prefix', 'redirect'],
  ['cannot read the file', 'unreadable'],
];

const JA: Record<ReasonKind, string> = {
  dns: 'ホストが見つかりません。URL のホスト名とネットワーク接続を確認してください。',
  refused: '接続を拒否されました。サーバーが止まっているか、ポート番号が違います。',
  tlsTrust:
    'サイトの TLS 証明書を信頼できません（無効・期限切れ・別ホスト用）。学内のサイトなら、その CA 証明書をシステムに追加してください。',
  plainHttp: 'このサーバーは HTTPS ではなく HTTP で応答します。URL を http:// で始めてください。',
  tlsHandshake: 'TLS の接続に失敗しました。このポートは HTTPS ではないようです。',
  timeout: '応答がありませんでした（タイムアウト）。サーバーが混んでいるか到達できません。しばらくしてから再度同期してください。',
  reset: 'サーバーが接続を切りました。しばらくしてから再度同期してください。',
  unreachable: 'ネットワークに到達できません。ネットワーク接続を確認してください。',
  tooLarge: 'サイズの上限を超えるため取り込みませんでした。',
  noTextLayer: 'PDF に文字のデータがありません（スキャン画像の PDF？）。OCR をかけてから追加してください。',
  contentType: 'この種類のファイルは取り込みの対象外です。',
  notText: 'テキストの文書ではありません（バイナリのファイル）。',
  redirect: '許可した範囲の外へ転送されるため取り込みませんでした。',
  unreadable: 'ファイルを読めません。アクセス権を確認してください。',
  noRoots:
    'このサーバーではフォルダを取り込めません。取り込んでよいフォルダ（server.source_roots）が設定されていません。管理者に設定を依頼してください。',
  outsideRoots:
    'このサーバーでは、管理者が許可したフォルダ（server.source_roots）の中だけを取り込めます。その中のフォルダを指定するか、管理者に追加を依頼してください。',
  privateSite:
    'このサーバーは、内部向けのアドレス（ループバック・プライベート・リンクローカルなど）のサイトを取り込みません。公開サイトを指定するか、管理者に server.allow_private_sites を依頼してください。',
  restricted: 'このサーバーでは取り込めるソースが制限されています（server.source_policy）。管理者に確認してください。',
  folderMissing: 'フォルダが見つかりません。パスを確認してください（このアプリが動いているマシン上のパスです）。',
  notFolder: 'フォルダではありません（ファイルです）。文書の入ったフォルダを指定してください。',
  folderUnreadable: 'フォルダを読み取る権限がありません。読み取り権限を与えるか、別のフォルダを指定してください。',
  duplicate: 'すでにソースとして登録されています。一覧からそのソースを同期してください。',
};

/** The phrase of a site that did not answer when it was added (ingest.ErrSiteUnreachable). */
const SITE_DOWN = 'site does not answer';

/** Whether reason says a new site did not answer, so that saving it anyway makes sense. */
export function isSiteDown(reason: string): boolean {
  return reason.includes(SITE_DOWN);
}

/** An explained reason: text in the UI language, and the original when it differs. */
export interface ExplainedReason {
  text: string;
  detail?: string;
}

/**
 * explainReason returns the reason to show in lang. English shows the
 * backend's words as they are; Japanese shows the explanation of a known
 * reason with the original as detail, and an unknown reason unchanged.
 */
export function explainReason(reason: string, lang: Lang): ExplainedReason {
  if (lang === 'en') return { text: reason };
  const hit = PHRASES.find(([phrase]) => reason.includes(phrase));
  if (isSiteDown(reason)) {
    const why = hit ? JA[hit[1]] : '';
    return { text: `サイトが応答しません。${why}後で同期するなら「それでも保存」を押してください。`, detail: reason };
  }
  return hit ? { text: JA[hit[1]], detail: reason } : { text: reason };
}
