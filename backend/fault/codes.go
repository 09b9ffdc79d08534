package fault

import "sort"

//go:generate go run ./internal/gen -out ../../frontend/src/lib/faultText.gen.ts

// Entry is one row of the code table: the HTTP status a transport answers
// with, the Japanese and English texts (which may use {param} placeholders
// named in Params) and an optional hint in both languages. Kind, when set,
// is the broader code API clients have always received for this failure;
// the code itself is then sent as the reason.
type Entry struct {
	Status         int
	Kind           Code
	Ja, En         string
	HintJa, HintEn string
	Params         []string
}

// Codes of requests and transports.
const (
	BadRequest           Code = "bad_request"            // the request's values are wrong
	BadQuery             Code = "bad_query"              // a query parameter is wrong
	NotFound             Code = "not_found"              // no such thing
	BodyTooLarge         Code = "body_too_large"         // request body over server.max_body_kb
	Unauthorized         Code = "unauthorized"           // missing or wrong API token
	HostNotAllowed       Code = "host_not_allowed"       // foreign Host header (421)
	CrossSite            Code = "cross_site"             // another site's page called the API
	UnsupportedMediaType Code = "unsupported_media_type" // a form post instead of JSON
	TooManyRequests      Code = "too_many_requests"      // the queue is full
	Busy                 Code = "busy"                   // another run of the same job is going
	Timeout              Code = "timeout"                // the request took too long
	Unavailable          Code = "unavailable"            // the feature is not in this server
	Unhealthy            Code = "unhealthy"              // a health check failed
	Internal             Code = "internal"               // a bug or an unexpected failure
	InvalidConfig        Code = "invalid_config"         // the configuration is refused
)

// Codes of questions, sessions and models.
const (
	NoSearchableWords  Code = "no_searchable_words" // only punctuation or symbols
	EmptyQuestion      Code = "empty_question"      // nothing typed
	QuestionTooLong    Code = "question_too_long"   // over the question limit
	MaxSources         Code = "max_sources"         // max_sources out of range
	TitleInvalid       Code = "title_invalid"       // empty or too long session title
	UnknownModel       Code = "unknown_model"       // the model is not installed
	InvalidModelName   Code = "invalid_model_name"  // not a model name
	ModelUnavailable   Code = "ollama_unavailable"  // Ollama does not answer
	NoChatModel        Code = "no_chat_model"       // no chat model to answer with
	Interrupted        Code = "interrupted"         // the answer stopped half way
	SessionNotFound    Code = "session_not_found"   // no such session or message
	EmbedModelNotFound Code = "embed_model_missing" // the embedding model is not installed
	ManagedByEndpoint  Code = "managed_by_endpoint" // pull/delete while llm.provider is openai
	ModelStalled       Code = "ollama_stalled"      // Ollama stopped sending data mid-answer
	Starting           Code = "starting"            // the app has not finished starting
)

// Codes of document sources (adding them).
const (
	BadSource          Code = "bad_source"           // the source cannot be added
	FolderMissing      Code = "folder_missing"       // the folder does not exist
	NotFolder          Code = "not_folder"           // the path is a file
	FolderUnreadable   Code = "folder_unreadable"    // the folder cannot be read
	BadURL             Code = "bad_url"              // not an http(s) URL
	DuplicateSource    Code = "duplicate_source"     // already a source
	SiteUnreachable    Code = "site_unreachable"     // the site does not answer
	SourceRefused      Code = "source_refused"       // the server's source policy refuses it
	NoSourceRoots      Code = "no_source_roots"      // server.source_roots is empty
	OutsideSourceRoots Code = "outside_source_roots" // the folder is outside the roots
	PrivateSite        Code = "private_site"         // a loopback/private address
	SyncFailed         Code = "sync_failed"          // a sync stopped with an error
	SyncCancelled      Code = "sync_cancelled"       // a sync was cancelled
)

// Reasons a page or file was not indexed (stored in pages.reason_code).
const (
	FetchDNS          Code = "fetch_dns"           // host not found
	FetchRefused      Code = "fetch_refused"       // connection refused
	FetchTLSTrust     Code = "fetch_tls_trust"     // certificate not trusted
	FetchPlainHTTP    Code = "fetch_plain_http"    // https:// to an http server
	FetchTLSHandshake Code = "fetch_tls_handshake" // no TLS on the port
	FetchTimeout      Code = "fetch_timeout"       // no answer in time
	FetchReset        Code = "fetch_reset"         // connection reset
	FetchUnreachable  Code = "fetch_unreachable"   // network unreachable
	FetchFailed       Code = "fetch_failed"        // another request error
	HTTPStatus        Code = "http_status"         // an error status
	RedirectOutside   Code = "redirect_outside"    // redirected out of the prefix
	PageTooLarge      Code = "page_too_large"      // over the size limit
	UnsupportedType   Code = "unsupported_type"    // a content type not indexed
	NotText           Code = "not_text"            // a binary file
	PDFNoText         Code = "pdf_no_text"         // a scanned PDF
	FileUnreadable    Code = "file_unreadable"     // the file cannot be read
	ExtractFailed     Code = "extract_failed"      // the document could not be parsed
)

// Codes of backups.
const (
	BackupNotFound   Code = "backup_not_found"    // no such backup
	BackupBusy       Code = "backup_busy"         // another backup or restore runs (locked)
	NoSpace          Code = "no_space"            // the disk is full
	EmptyUpload      Code = "empty"               // an empty upload
	InvalidName      Code = "invalid_name"        // not a backup file name
	UploadTooLarge   Code = "too_large"           // over the upload limit
	InvalidBackup    Code = "invalid_backup"      // the archive cannot be restored
	BackupNotArchive Code = "backup_not_archive"  // not a Genkai RAG backup
	BackupCorrupt    Code = "backup_corrupt"      // checksum mismatch or truncated
	BackupUnsafe     Code = "backup_unsafe"       // an unsafe entry (path escape, link)
	BackupNewer      Code = "backup_newer"        // made by a newer version
	BackupBadConfig  Code = "backup_bad_config"   // its configuration is not valid
	BackupFailed     Code = "backup_failed"       // creating or restoring failed
	MaintenanceBusy  Code = "maintenance_busy"    // another maintenance job runs
	MaintenanceNoJob Code = "maintenance_unknown" // no such maintenance job
)

// table is the one place a code gets its status and texts.
var table = map[Code]Entry{
	BadRequest: {Status: 400, En: "The request is not valid.", Ja: "リクエストの内容が正しくありません。"},
	BadQuery:   {Status: 400, En: "A search or filter value is not valid.", Ja: "検索・絞り込みの指定が正しくありません。"},
	NotFound:   {Status: 404, En: "Not found.", Ja: "見つかりません。", HintEn: "It may have been deleted; reload the list.", HintJa: "削除された可能性があります。一覧を再読み込みしてください。"},
	BodyTooLarge: {Status: 413, En: "The request is larger than the server accepts.", Ja: "リクエストが大きすぎます。",
		HintEn: "Send less, or raise server.max_body_kb.", HintJa: "内容を減らすか、管理者に server.max_body_kb を増やしてもらってください。"},
	Unauthorized: {Status: 401, En: "Missing or wrong API token.", Ja: "API トークンがないか、間違っています。",
		HintEn: "Send Authorization: Bearer <server.api_token>.", HintJa: "Authorization: Bearer <server.api_token> を付けてください。"},
	HostNotAllowed:       {Status: 421, En: "This server does not answer for that host name.", Ja: "このホスト名ではサーバーに接続できません。", HintEn: "Open the app at the address it printed at start.", HintJa: "起動時に表示されたアドレスで開いてください。"},
	CrossSite:            {Status: 403, En: "Another site's page may not use this server.", Ja: "ほかのサイトのページからはこのサーバーを使えません。"},
	UnsupportedMediaType: {Status: 415, En: "Send the request as JSON.", Ja: "リクエストは JSON で送ってください。"},
	TooManyRequests: {Status: 429, En: "The server is busy with other requests.", Ja: "サーバーがほかの処理で混み合っています。",
		HintEn: "Try again in a moment.", HintJa: "少し待ってから再度お試しください。"},
	Busy: {Status: 409, En: "Another run is in progress.", Ja: "別の処理を実行中です。", HintEn: "Wait for it to finish or cancel it.", HintJa: "終わるのを待つか、取り消してから再度お試しください。"},
	Timeout: {Status: 504, En: "The request took too long.", Ja: "時間がかかりすぎたため中止しました。",
		HintEn: "Try again; a smaller model or fewer sources answer faster.", HintJa: "再度お試しください。小さいモデルや少ない参照数だと速く答えられます。"},
	Unavailable:   {Status: 503, En: "This feature is not available in this server.", Ja: "この機能はこのサーバーでは使えません。"},
	Unhealthy:     {Status: 503, En: "A health check failed.", Ja: "動作チェックに失敗しました。", HintEn: "See the status page for which one.", HintJa: "どのチェックかは状態の画面で確認してください。"},
	Internal:      {Status: 500, En: "Internal error.", Ja: "内部エラーが発生しました。", HintEn: "See the log for details.", HintJa: "詳しくはログを確認してください。"},
	InvalidConfig: {Status: 422, En: "The configuration is not valid; nothing was changed.", Ja: "設定が正しくないため、変更しませんでした。", HintEn: "Correct the value named in the message.", HintJa: "メッセージに示された項目を直してください。"},

	NoSearchableWords: {Status: 400, En: "The question has no searchable words.", Ja: "質問に検索できる語がありません。",
		HintEn: "Write a few words about what you want to know (for example: GPUジョブの投入方法).", HintJa: "知りたいことを言葉で書いてください（例: GPUジョブの投入方法）。"},
	EmptyQuestion:     {Status: 400, Kind: BadRequest, En: "The question is empty.", Ja: "質問が空です。", HintEn: "Type a question.", HintJa: "質問を入力してください。"},
	QuestionTooLong:   {Status: 400, Kind: BadRequest, En: "The question is too long.", Ja: "質問が長すぎます。", HintEn: "Shorten it.", HintJa: "短くしてください。"},
	MaxSources:        {Status: 400, Kind: BadRequest, En: "max_sources must be from 1 to {max}.", Ja: "参照する文書数（max_sources）は 1〜{max} で指定してください。", Params: []string{"max"}},
	TitleInvalid:      {Status: 400, Kind: BadRequest, En: "The session title is empty or too long.", Ja: "会話のタイトルが空か、長すぎます。"},
	UnknownModel:      {Status: 404, En: "The model is not installed.", Ja: "そのモデルはインストールされていません。", HintEn: "Pull it on the Models page or choose an installed one.", HintJa: "モデル画面でダウンロードするか、インストール済みのモデルを選んでください。"},
	ModelStalled:      {Status: 504, En: "Ollama stopped sending data.", Ja: "Ollama からの応答が止まりました。", HintEn: "Try again, or restart Ollama from the Models page.", HintJa: "もう一度試すか、モデル画面から Ollama を再起動してください。"},
	Starting:          {Status: 503, En: "The app is still starting.", Ja: "アプリを起動しています。", HintEn: "Try again in a moment.", HintJa: "少し待ってからもう一度お試しください。"},
	ManagedByEndpoint: {Status: 409, En: "Models are managed on the OpenAI-compatible endpoint, not here.", Ja: "モデルは OpenAI 互換エンドポイント側で管理されています。ここでは取得・削除できません。", HintEn: "Load the model where the endpoint is served, then choose it on the Models page.", HintJa: "エンドポイントを提供している側でモデルを読み込み、モデル画面で選んでください。"},
	InvalidModelName:  {Status: 400, Kind: BadRequest, En: "This is not a model name.", Ja: "モデル名として正しくありません。", HintEn: "Use a name such as qwen3:4b.", HintJa: "qwen3:4b のような名前を指定してください。"},
	ModelUnavailable:  {Status: 503, En: "Ollama is not reachable.", Ja: "Ollama に接続できません。", HintEn: "Start Ollama (or restart it from the Models page).", HintJa: "Ollama を起動してください（モデル画面から再起動できます）。"},
	NoChatModel: {Status: 502, Kind: Interrupted, En: "No chat model is available.", Ja: "回答に使えるモデルがありません。",
		HintEn: "Install a chat model on the Models page.", HintJa: "モデル画面で回答用のモデルをインストールしてください。"},
	Interrupted:        {Status: 502, En: "The answer was interrupted.", Ja: "回答が途中で止まりました。", HintEn: "The partial answer is kept; regenerate it.", HintJa: "途中までの回答は保存されています。再生成してください。"},
	SessionNotFound:    {Status: 404, Kind: NotFound, En: "No such session or message.", Ja: "その会話（メッセージ）は見つかりません。"},
	EmbedModelNotFound: {Status: 503, En: "The embedding model is not installed.", Ja: "埋め込みモデルがインストールされていません。", HintEn: "Pull it on the Models page.", HintJa: "モデル画面でダウンロードしてください。"},

	BadSource:        {Status: 400, En: "This source cannot be added.", Ja: "このソースは追加できません。"},
	FolderMissing:    {Status: 400, Kind: BadSource, En: "The folder {path} does not exist.", Ja: "フォルダが見つかりません（{path}）。", HintEn: "Check the path (it is read on the machine running the app).", HintJa: "パスを確認してください（このアプリが動いているマシン上のパスです）。", Params: []string{"path"}},
	NotFolder:        {Status: 400, Kind: BadSource, En: "{path} is not a folder.", Ja: "{path} はフォルダではありません（ファイルです）。", HintEn: "Choose the folder that holds the documents.", HintJa: "文書の入ったフォルダを指定してください。", Params: []string{"path"}},
	FolderUnreadable: {Status: 400, Kind: BadSource, En: "The folder {path} cannot be read.", Ja: "フォルダを読み取る権限がありません（{path}）。", HintEn: "Give this user read access or choose another folder.", HintJa: "読み取り権限を与えるか、別のフォルダを指定してください。", Params: []string{"path"}},
	BadURL:           {Status: 400, Kind: BadSource, En: "This is not an http(s) URL.", Ja: "http(s) の URL ではありません。", HintEn: "Use a URL such as https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/.", HintJa: "https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/ のような URL を指定してください。"},
	DuplicateSource:  {Status: 409, En: "This is already a source.", Ja: "すでにソースとして登録されています。", HintEn: "Sync it from the list instead.", HintJa: "一覧からそのソースを同期してください。"},
	SiteUnreachable: {Status: 400, En: "The site {host} does not answer.", Ja: "サイトが応答しません（{host}）。", Params: []string{"host"},
		HintEn: "Check the URL and the network, or save it anyway to sync it later.", HintJa: "URL とネットワークを確認してください。後で同期するなら「それでも保存」を押してください。"},
	SourceRefused: {Status: 403, En: "Sources are restricted on this server.", Ja: "このサーバーでは取り込めるソースが制限されています（server.source_policy）。", HintEn: "Ask the administrator.", HintJa: "管理者に確認してください。"},
	NoSourceRoots: {Status: 403, Kind: SourceRefused, En: "No folders may be indexed on this server (server.source_roots is empty).", Ja: "このサーバーではフォルダを取り込めません。取り込んでよいフォルダ（server.source_roots）が設定されていません。",
		HintEn: "Ask the administrator to set server.source_roots.", HintJa: "管理者に設定を依頼してください。"},
	OutsideSourceRoots: {Status: 403, Kind: SourceRefused, En: "Only folders under server.source_roots may be indexed on this server.", Ja: "このサーバーでは、管理者が許可したフォルダ（server.source_roots）の中だけを取り込めます。",
		HintEn: "Choose a folder inside them or ask the administrator to add it.", HintJa: "その中のフォルダを指定するか、管理者に追加を依頼してください。"},
	PrivateSite: {Status: 403, Kind: SourceRefused, En: "This server does not index sites at private addresses.", Ja: "このサーバーは、内部向けのアドレス（ループバック・プライベート・リンクローカルなど）のサイトを取り込みません。",
		HintEn: "Choose a public site or ask the administrator for server.allow_private_sites.", HintJa: "公開サイトを指定するか、管理者に server.allow_private_sites を依頼してください。"},
	SyncCancelled: {Status: 409, En: "The sync was cancelled.", Ja: "同期を取り消しました。", HintEn: "Sync again to resume where it stopped.", HintJa: "再度同期すると、止まったところから再開します。"},
	SyncFailed:    {Status: 500, En: "The sync stopped with an error.", Ja: "同期がエラーで止まりました。", HintEn: "Sync again; it resumes where it stopped.", HintJa: "再度同期してください。止まったところから再開します。"},

	FetchDNS:          {Status: 502, En: "Host not found: check the URL's host name and the network connection.", Ja: "ホストが見つかりません。URL のホスト名とネットワーク接続を確認してください。"},
	FetchRefused:      {Status: 502, En: "Connection refused: the server is down or the port is wrong.", Ja: "接続を拒否されました。サーバーが止まっているか、ポート番号が違います。"},
	FetchTLSTrust:     {Status: 502, En: "The site's TLS certificate is not trusted (invalid, expired or for another host).", Ja: "サイトの TLS 証明書を信頼できません（無効・期限切れ・別ホスト用）。", HintEn: "For an internal site, install its CA certificate in the system store.", HintJa: "学内のサイトなら、その CA 証明書をシステムに追加してください。"},
	FetchPlainHTTP:    {Status: 502, En: "The server speaks plain HTTP, not HTTPS: use http:// in the URL.", Ja: "このサーバーは HTTPS ではなく HTTP で応答します。URL を http:// で始めてください。"},
	FetchTLSHandshake: {Status: 502, En: "TLS handshake failed: the server does not speak HTTPS on this port.", Ja: "TLS の接続に失敗しました。このポートは HTTPS ではないようです。"},
	FetchTimeout:      {Status: 504, En: "Timed out: the server is slow or unreachable.", Ja: "応答がありませんでした（タイムアウト）。サーバーが混んでいるか到達できません。", HintEn: "Try again later.", HintJa: "しばらくしてから再度同期してください。"},
	FetchReset:        {Status: 502, En: "Connection reset by the server.", Ja: "サーバーが接続を切りました。", HintEn: "Try again later.", HintJa: "しばらくしてから再度同期してください。"},
	FetchUnreachable:  {Status: 502, En: "Network unreachable: check the network connection.", Ja: "ネットワークに到達できません。ネットワーク接続を確認してください。"},
	FetchFailed:       {Status: 502, En: "The page could not be fetched.", Ja: "ページを取得できませんでした。"},
	HTTPStatus:        {Status: 502, En: "The server answered with an error status.", Ja: "サーバーがエラーの状態コードを返しました（ページがない・アクセスできないなど）。"},
	RedirectOutside:   {Status: 422, En: "Redirects outside the allowed prefix.", Ja: "許可した範囲の外へ転送されるため取り込みませんでした。"},
	PageTooLarge:      {Status: 413, En: "Larger than the size limit; not indexed.", Ja: "サイズの上限を超えるため取り込みませんでした。"},
	UnsupportedType:   {Status: 415, En: "This type of file is not indexed.", Ja: "この種類のファイルは取り込みの対象外です。"},
	NotText:           {Status: 422, En: "Not a text document (a binary file).", Ja: "テキストの文書ではありません（バイナリのファイル）。"},
	PDFNoText:         {Status: 422, En: "The PDF has no text layer (a scanned document?).", Ja: "PDF に文字のデータがありません（スキャン画像の PDF？）。", HintEn: "Run OCR on it first.", HintJa: "OCR をかけてから追加してください。"},
	FileUnreadable:    {Status: 422, En: "The file cannot be read.", Ja: "ファイルを読めません。", HintEn: "Check its permissions.", HintJa: "アクセス権を確認してください。"},
	ExtractFailed:     {Status: 422, En: "The document could not be read as its type.", Ja: "文書の内容を読み取れませんでした（形式が壊れている可能性があります）。"},

	BackupNotFound:   {Status: 404, Kind: NotFound, En: "No such backup.", Ja: "そのバックアップは見つかりません。", HintEn: "Reload the list.", HintJa: "一覧を再読み込みしてください。"},
	BackupBusy:       {Status: 409, Kind: Busy, En: "A backup or restore is already running.", Ja: "バックアップか復元をすでに実行中です。", HintEn: "Try again when it ends.", HintJa: "終わってから再度お試しください。"},
	NoSpace:          {Status: 507, En: "The disk is full.", Ja: "ディスクの空きがありません。", HintEn: "Free some space (or delete old backups) and try again.", HintJa: "空きを作るか古いバックアップを削除してから、再度お試しください。"},
	EmptyUpload:      {Status: 400, En: "The upload is empty.", Ja: "アップロードされたファイルが空です。", HintEn: "Send the .tar.gz archive.", HintJa: ".tar.gz のバックアップファイルを選んでください。"},
	InvalidName:      {Status: 400, En: "This is not a backup name.", Ja: "バックアップの名前ではありません。", HintEn: "Names look like genkai_rag_backup_20261124_093000.tar.gz.", HintJa: "genkai_rag_backup_20261124_093000.tar.gz のような名前です。"},
	UploadTooLarge:   {Status: 413, En: "The file is larger than the upload limit.", Ja: "ファイルがアップロードの上限を超えています。", HintEn: "Copy it into the backup folder and restore it from the list.", HintJa: "バックアップフォルダにコピーして、一覧から復元してください。"},
	InvalidBackup:    {Status: 422, En: "This backup cannot be restored; nothing was changed.", Ja: "このバックアップは復元できません。何も変更していません。"},
	BackupNotArchive: {Status: 422, Kind: InvalidBackup, En: "This is not a Genkai RAG backup.", Ja: "玄界RAG のバックアップではありません。"},
	BackupCorrupt:    {Status: 422, Kind: InvalidBackup, En: "The backup is damaged (checksum mismatch or truncated).", Ja: "バックアップが壊れています（チェックサム不一致または途中で切れています）。"},
	BackupUnsafe:     {Status: 422, Kind: InvalidBackup, En: "The backup holds an unsafe entry; it was refused.", Ja: "バックアップに安全でない項目があるため、復元を拒否しました。"},
	BackupNewer:      {Status: 422, Kind: InvalidBackup, En: "The backup was made by a newer Genkai RAG.", Ja: "新しいバージョンの玄界RAG で作られたバックアップです。", HintEn: "Update Genkai RAG, then restore it.", HintJa: "玄界RAG を更新してから復元してください。"},
	BackupBadConfig:  {Status: 422, Kind: InvalidBackup, En: "The configuration in the backup is not valid.", Ja: "バックアップ内の設定が正しくありません。"},
	BackupFailed:     {Status: 500, En: "The backup operation failed.", Ja: "バックアップの処理に失敗しました。", HintEn: "See the log for details.", HintJa: "詳しくはログを確認してください。"},
	MaintenanceBusy:  {Status: 409, Kind: Busy, En: "Another maintenance job is running.", Ja: "別のメンテナンス処理を実行中です。", HintEn: "Try again when it ends.", HintJa: "終わってから再度お試しください。"},
	MaintenanceNoJob: {Status: 404, Kind: NotFound, En: "No such maintenance job.", Ja: "そのメンテナンス処理はありません。"},
}

// Lookup returns the table entry of code (the zero Entry for an unknown code).
func Lookup(code Code) Entry { return table[code] }

// Known reports whether code is declared in the table.
func Known(code Code) bool { _, ok := table[code]; return ok }

// All returns every declared code, sorted.
func All() []Code {
	out := make([]Code, 0, len(table))
	for c := range table {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
