import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { getLogs } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import type { LogLevel } from '../../lib/monitorTypes';
import { POLL_INTERVAL_MS } from '../../lib/queries';
import { monitorKeys } from './CurrentStatus';
import { describeError } from '../../lib/errors';

const LEVELS: LogLevel[] = ['', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const LIMIT = 200;

/** The newest application log records, filtered by level and text. */
export function LogViewer() {
  const { t, lang } = useI18n();
  const [level, setLevel] = useState<LogLevel>('');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const logs = useQuery({
    queryKey: monitorKeys.logs(level, q),
    queryFn: () => getLogs({ level, q, limit: LIMIT }),
    refetchInterval: POLL_INTERVAL_MS,
  });
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
        </button>
      </form>
      {logs.isError && (
        <p className="error" role="alert">
          {t('monitor.loadFailed', { message: describeError(logs.error, lang) })}
        </p>
      )}
      {logs.data && logs.data.count === 0 && <p className="hint">{t('monitor.logs.empty')}</p>}
      {logs.data && logs.data.count > 0 && (
        <>
          <p className="hint" data-testid="monitor-log-count">
            {t('monitor.logs.count', { count: logs.data.count })}
          </p>
          <ol className="log-lines" data-testid="monitor-log-lines">
            {logs.data.records.map((r, i) => (
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
