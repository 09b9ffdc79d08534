import { useCallback, useEffect, useState } from 'react';
import { BootError } from './components/BootError';
import { Header } from './components/Header';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { useI18n } from './lib/I18nContext';
import type { PageId } from './lib/pages';
import { retryStart } from './lib/backend';
import { useInfo } from './lib/queries';
import { SEARCH_INPUT_SELECTOR, useSearchShortcut } from './lib/shortcuts';
import { ChatPage } from './pages/ChatPage';
import { LibraryPage } from './pages/LibraryPage';
import { MonitorPage } from './pages/MonitorPage';
import { BackupPage } from './pages/BackupPage';
import { ModelsPage } from './pages/ModelsPage';
import { SettingsPage } from './pages/SettingsPage';

function Page({ page }: { page: PageId }) {
  switch (page) {
    case 'settings':
      return <SettingsPage />;
    case 'library':
      return <LibraryPage />;
    case 'monitor':
      return <MonitorPage />;
    case 'backup':
      return <BackupPage />;
    case 'chat':
      return <ChatPage />;
    case 'models':
      return <ModelsPage />;
  }
}

export default function App() {
  const { t } = useI18n();
  const [page, setPage] = useState<PageId>('chat');
  const info = useInfo();
  // Ctrl+K / ⌘K (or the header button): open the Library and focus its search box once it is shown.
  const [wantSearch, setWantSearch] = useState(0);
  const openSearch = useCallback(() => {
    setPage('library');
    setWantSearch((n) => n + 1);
  }, []);
  useSearchShortcut(openSearch);
  useEffect(() => {
    if (!wantSearch) return;
    const input = document.querySelector<HTMLInputElement>(SEARCH_INPUT_SELECTOR);
    if (!input) return; // not rendered yet (still booting): try again on the next render
    input.focus();
    input.select();
    setWantSearch(0);
  });

  // Info() rejected before we ever got an answer: the app failed to start.
  if (info.isError && !info.data) {
    return (
      <div className="app app-boot-failed">
        <Header />
        <main className="main">
          <BootError message={info.error.message} onRetry={() => void retryStart().catch(() => undefined).finally(() => void info.refetch())} retrying={info.isFetching} />
        </main>
      </div>
    );
  }

  return (
    <div className="app">
      <Header onSearch={openSearch} />
      <Sidebar current={page} onSelect={setPage} />
      <main className="main" data-testid="main">
        {info.isPending ? <p className="hint">{t('boot.loading')}</p> : <Page page={page} />}
      </main>
      <StatusBar />
    </div>
  );
}
