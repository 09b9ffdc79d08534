// Typed dictionaries. Japanese is the source of truth; English must have
// exactly the same keys (enforced by the Record type below).

export const ja = {
  'app.name': '玄界RAG',
  'app.tagline': 'スパコン玄界ドキュメント検索',
  'nav.label': 'メインナビゲーション',
  'nav.chat': 'チャット',
  'nav.library': 'ライブラリ',
  'nav.models': 'モデル',
  'nav.monitor': 'モニター',
  'nav.backup': 'バックアップ',
  'nav.settings': '設定',
  'page.chat.desc': '玄界のドキュメントについてローカルLLMに質問できる画面です。準備中です。',
  'page.models.desc': 'Ollama のモデルの確認と取得を行う画面です。準備中です。',
  'page.monitor.desc': 'アプリと Ollama の稼働状況を詳しく表示する画面です。準備中です。',
  'page.backup.desc': 'データのバックアップと復元を行う画面です。準備中です。',
  'page.comingSoon': '準備中',
  'library.intro': '取り込んだ玄界のドキュメントを検索できます。',
  'library.sourcesTitle': 'ドキュメントの追加',
  'library.sourcesNext':
    'サイトやフォルダーの追加と同期は、次の更新でこの画面からできるようになります。それまでは、ターミナルで次のコマンドを実行してドキュメントを追加してください。',
  'library.searchTitle': 'ドキュメントを検索',
  'library.searchLabel': '検索する言葉',
  'library.searchPlaceholder': '例: GPUジョブの投入方法',
  'library.searchSubmit': '検索',
  'library.searching': '検索中…',
  'library.resultCount': '「{query}」の検索結果: {count} 件',
  'library.resultsLabel': '検索結果',
  'library.empty':
    '一致する文書が見つかりませんでした。ドキュメントがまだ登録されていない場合は、上のコマンドで追加してください。',
  'library.searchFailed': '検索できませんでした: {message}',
  'library.untitled': '(無題)',
  'library.fetchedAt': '取得日: {date}',
  'library.openInBrowser': 'ブラウザーで開く',
  'settings.language': '表示言語',
  'settings.languageHint': '選択はこのコンピューターに保存されます。',
  'settings.about': 'このアプリについて',
  'settings.version': 'バージョン',
  'settings.dataHome': 'データの保存先',
  'settings.configFile': '設定ファイル',
  'settings.ollamaHost': 'Ollama のアドレス',
  'settings.loading': '読み込み中…',
  'settings.loadFailed': '情報を取得できませんでした: {message}',
  'status.label': 'ステータス',
  'status.checking': '確認中…',
  'status.ollamaOk': 'Ollama {version} に接続中 ({host})',
  'status.ollamaDown': 'Ollama に接続できません',
  'status.backendDown': 'バックエンドに接続できません',
  'status.healthOk': '正常',
  'status.healthBad': '要確認',
  'status.health': '状態',
  'status.version': 'バージョン {version}',
  'status.dataHome': 'データ: {path}',
  'boot.title': 'アプリを起動できませんでした',
  'boot.hint': '以下のメッセージに従って問題を解決してから、アプリを再起動してください。',
  'boot.retry': '再試行',
  'boot.loading': '起動中…',
} as const;

export type MessageKey = keyof typeof ja;

export const en: Record<MessageKey, string> = {
  'app.name': 'Genkai RAG',
  'app.tagline': 'Genkai supercomputer docs assistant',
  'nav.label': 'Main navigation',
  'nav.chat': 'Chat',
  'nav.library': 'Library',
  'nav.models': 'Models',
  'nav.monitor': 'Monitor',
  'nav.backup': 'Backup',
  'nav.settings': 'Settings',
  'page.chat.desc': 'Ask the local LLM about the Genkai documentation. Not available yet.',
  'page.models.desc': 'Check and pull Ollama models. Not available yet.',
  'page.monitor.desc': 'Detailed status of the app and Ollama. Not available yet.',
  'page.backup.desc': 'Back up and restore your data. Not available yet.',
  'page.comingSoon': 'Coming soon',
  'library.intro': 'Search the Genkai documents you have imported.',
  'library.sourcesTitle': 'Adding documents',
  'library.sourcesNext':
    'Adding sites and folders and syncing them from this page comes in the next update. Until then, add documents by running one of these commands in a terminal.',
  'library.searchTitle': 'Search the documents',
  'library.searchLabel': 'Search terms',
  'library.searchPlaceholder': 'e.g. how to submit a GPU job',
  'library.searchSubmit': 'Search',
  'library.searching': 'Searching…',
  'library.resultCount': 'Results for “{query}”: {count}',
  'library.resultsLabel': 'Search results',
  'library.empty':
    'No matching documents were found. If no documents have been added yet, add them with the command above.',
  'library.searchFailed': 'The search failed: {message}',
  'library.untitled': '(untitled)',
  'library.fetchedAt': 'Fetched {date}',
  'library.openInBrowser': 'Open in the browser',
  'settings.language': 'Language',
  'settings.languageHint': 'Your choice is saved on this computer.',
  'settings.about': 'About this app',
  'settings.version': 'Version',
  'settings.dataHome': 'Data folder',
  'settings.configFile': 'Config file',
  'settings.ollamaHost': 'Ollama address',
  'settings.loading': 'Loading…',
  'settings.loadFailed': 'Could not load the information: {message}',
  'status.label': 'Status',
  'status.checking': 'Checking…',
  'status.ollamaOk': 'Ollama {version} connected ({host})',
  'status.ollamaDown': 'Ollama not reachable',
  'status.backendDown': 'Backend not reachable',
  'status.healthOk': 'Healthy',
  'status.healthBad': 'Needs attention',
  'status.health': 'Health',
  'status.version': 'Version {version}',
  'status.dataHome': 'Data: {path}',
  'boot.title': 'The app could not start',
  'boot.hint': 'Fix the problem described below, then restart the app.',
  'boot.retry': 'Retry',
  'boot.loading': 'Starting…',
};

export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];
export const DEFAULT_LANG: Lang = 'ja';
export const LANG_STORAGE_KEY = 'genkai.lang';

/** Native names, shown in the language switch regardless of the UI language. */
export const LANG_NAMES: Record<Lang, string> = { ja: '日本語', en: 'English' };

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

export function isLang(v: unknown): v is Lang {
  return v === 'ja' || v === 'en';
}

/** Look up a message and fill {placeholders}. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function loadLang(): Lang {
  try {
    const v = window.localStorage.getItem(LANG_STORAGE_KEY);
    return isLang(v) ? v : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

export function saveLang(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // storage unavailable: the choice just won't survive a restart
  }
}
