import { useState, type FormEvent } from 'react';
import { useI18n } from '../../lib/I18nContext';
import { formatBytes, splitDuration } from '../../lib/format';
import { usePulls, type PullState } from '../../lib/modelQueries';
import type { ModelsList } from '../../lib/types';
import { modelNote } from '../../lib/modelNotes';

/** Same rule as the server: no spaces or backslashes, no "..", at most 200 characters. */
export function checkModelName(name: string): boolean {
  const n = name.trim();
  return n !== '' && n.length <= 200 && !/[\s\\]/.test(n) && !n.includes('..');
}

/** Recommended models with one-click download, a download-by-name form, and live progress. */
export function Pulls({ list }: { list: ModelsList | undefined }) {
  const { t, lang } = useI18n();
  const { pulls, start, dismiss } = usePulls();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const running = new Set(pulls.filter((p) => p.phase === 'running').map((p) => p.name));
  const valid = checkModelName(name);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!valid) return;
    start(name.trim());
    setName('');
    setTouched(false);
  }

  return (
    <div className="card" data-testid="pulls">
      <h3>{t('models.recommendedTitle')}</h3>
      {list && list.recommended.length > 0 ? (
        <ul className="recommended">
          {list.recommended.map((r) => (
            <li key={r.name} className="recommended-item" data-testid="recommended">
              <div>
                <strong>{r.name}</strong> <span className="badge">{t(r.kind === 'embedding' ? 'models.kind.embedding' : 'models.kind.chat')}</span>{' '}
                <span className="hint">{formatBytes(r.size_bytes)}</span>
                {modelNote(r.name, r.note, lang) && <p className="hint" data-testid="recommended-note">{modelNote(r.name, r.note, lang)}</p>}
              </div>
              {r.installed ? (
                <span className="badge badge-accent" data-testid="recommended-installed">
                  {t('models.installed')}
                </span>
              ) : (
                <button type="button" className="button" data-testid="recommended-pull" disabled={running.has(r.name)} onClick={() => start(r.name)}>
                  {t('models.pull')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint" data-testid="recommended-empty">{t(list ? 'models.noRecommended' : 'models.recommendedNeedsOllama')}</p>
      )}

      <form className="search-form" onSubmit={onSubmit} data-testid="pull-form">
        <label className="visually-hidden" htmlFor="pull-name">
          {t('models.pullByName')}
        </label>
        <input
          id="pull-name"
          className="search-input"
          data-testid="pull-name"
          value={name}
          placeholder={t('models.pullPlaceholder')}
          aria-invalid={(touched && !valid) || undefined}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button" data-testid="pull-submit" disabled={name.trim() === '' || running.has(name.trim())}>
          {t('models.pull')}
        </button>
      </form>
      {touched && !valid && (
        <p className="error-text" role="alert" data-testid="pull-name-error">
          {t('models.badName')}
        </p>
      )}

      {pulls.length > 0 && (
        <ul className="pull-list" aria-label={t('models.downloads')}>
          {pulls.map((p) => (
            <PullRow key={p.name} pull={p} onDismiss={() => dismiss(p.name)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function PullRow({ pull, onDismiss }: { pull: PullState; onDismiss(): void }) {
  const { t } = useI18n();
  const p = pull.progress;
  const percent = p ? Math.max(0, Math.min(100, p.percent)) : 0;
  const eta = splitDuration(p?.eta_seconds ?? 0);
  const etaText =
    eta.h > 0 ? t('models.etaHM', { h: eta.h, m: eta.m }) : eta.m > 0 ? t('models.etaMS', { m: eta.m, s: eta.s }) : t('models.etaS', { s: eta.s });
  return (
    <li className="pull" data-testid="pull" data-name={pull.name} data-phase={pull.phase}>
      <div className="sync-heading">
        <strong>{pull.name}</strong>
        <span className="hint" data-testid="pull-status">
          {pull.phase === 'running'
            ? p?.status || t('models.pullStarting')
            : pull.phase === 'done'
              ? t('models.pullDone')
              : pull.phase === 'cancelled'
                ? t('models.pullCancelled')
                : t('models.pullFailed')}
        </span>
      </div>
      {pull.phase === 'running' && (
        <>
          <div className="sync-bar-row">
            <div
              className="pull-bar"
              role="progressbar"
              aria-label={t('models.progressLabel', { name: pull.name })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(percent)}
              data-testid="pull-bar"
            >
              <span style={{ width: `${percent}%` }} />
            </div>
            <button type="button" className="button button-secondary button-small" data-testid="pull-cancel" onClick={pull.cancel}>
              {t('sync.cancel')}
            </button>
          </div>
          {p && p.total > 0 && (
            <p className="sync-counts" data-testid="pull-numbers">
              {t('models.pullNumbers', {
                percent: percent.toFixed(1),
                done: formatBytes(p.completed),
                total: formatBytes(p.total),
                rate: formatBytes(p.rate_bytes_per_second),
              })}
              {p.eta_seconds > 0 && <> · {t('models.eta', { eta: etaText })}</>}
            </p>
          )}
        </>
      )}
      {pull.phase === 'failed' && (
        <p className="error-text" role="alert" data-testid="pull-error">
          {t('models.pullError', { message: pull.error })}
        </p>
      )}
      {pull.phase !== 'running' && (
        <button type="button" className="link-button" data-testid="pull-dismiss" onClick={onDismiss}>
          {t('models.dismiss')}
        </button>
      )}
    </li>
  );
}
