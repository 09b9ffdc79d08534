import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { getLogs } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import type { LogLevel } from '../../lib/monitorTypes';
import { POLL_INTERVAL_MS } from '../../lib/queries';
import { monitorKeys } from './CurrentStatus';
import { describeError } from '../../lib/errors';
import { isUIPolling } from '../../lib/polling';

const LEVELS: LogLevel[] = ['', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const LIMIT = 200;
/** Records fetched while the UI's own polling is hidden, so that about LIMIT others remain (the server's maximum). */
const LIMIT_FILTERED = 1000;

/**
 * The newest application log records, filtered by level and text. The access-log lines of the UI's own
 * periodic requests (lib/polling.ts) are hidden unless 「画面の定期取得を表示」 is ticked.
 */
export function LogViewer() {
  const { t, lang } = useI18n();
  const [level, setLevel] = useState<LogLevel>('');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [showPolling, setShowPolling] = useState(false);
  const limit = showPolling ? LIMIT : LIMIT_FILTERED;
  const logs = useQuery({
    queryKey: [...monitorKeys.logs(level, q), limit],
    queryFn: () => getLogs({ level, q, limit }),
    refetchInterval: POLL_INTERVAL_MS,
  });
  const all = logs.data?.records ?? [];
  const records = (showPolling ? all : all.filter((r) => !isUIPolling(r))).slice(0, LIMIT);
  const hidden = showPolling ? 0 : all.length - all.filter((r) => !isUIPolling(r)).length;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQ(text.trim());
  };
  return (
    <section className="monitor-section" aria-labelledby="monitor-logs">
      <h3 id="monitor-logs">{t('monitor.logs')}</h3>
      <form className="log-filter" onSubmit={submit} role="search">
        <label>
          {t('monitor.logs.level')}{' '}
          <select data-testid="monitor-log-level" value={level} onChange={(e) => setLevel(e.target.value as LogLevel)}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === '' ? t('monitor.logs.all') : l}
              </option>
            ))}
          </select>
        </label>{' '}
        <input
          type="search"
          data-testid="monitor-log-search"
          aria-label={t('monitor.logs.search')}
          placeholder={t('monitor.logs.searchPlaceholder')}
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
        />{' '}
        <button type="submit" data-testid="monitor-log-submit">
          {t('monitor.logs.search')}
        </button>{' '}
        <label className="log-toggle">
          <input type="checkbox" data-testid="monitor-log-polling" checked={showPolling} onChange={(e) => setShowPolling(e.target.checked)} />
          {t('monitor.logs.showPolling')}
        </label>
      </form>
      {hidden > 0 && (
        <p className="hint log-hidden" data-testid="monitor-log-hidden">
          {t('monitor.logs.hiddenPolling', { count: hidden })}
        </p>
      )}
      {logs.isError && (
        <p className="error" role="alert">
          {t('monitor.loadFailed', { message: describeError(logs.error, lang) })}
        </p>
      )}
      {logs.data && records.length === 0 && <p className="hint">{t('monitor.logs.empty')}</p>}
      {logs.data && records.length > 0 && (
        <>
          <p className="hint" data-testid="monitor-log-count">
            {t('monitor.logs.count', { count: records.length })}
          </p>
          <ol className="log-lines" data-testid="monitor-log-lines">
            {records.map((r, i) => (
              <li key={`${r.time}-${i}`} className={`log-line log-${r.level.toLowerCase()}`} data-testid="monitor-log-line">
                <time>{r.time}</time> <strong>{r.level}</strong> <span>{r.message}</span>{' '}
                {r.attrs && Object.keys(r.attrs).length > 0 && (
                  <code className="log-attrs">
                    {Object.entries(r.attrs)
                      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                      .join(' ')}
                  </code>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
