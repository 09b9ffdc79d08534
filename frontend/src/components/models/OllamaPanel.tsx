import { useI18n } from '../../lib/I18nContext';
import { useOllamaState } from '../../lib/modelQueries';
import type { OllamaState } from '../../lib/types';

export type OllamaPhase = 'running' | 'not_installed' | 'stopped' | 'unknown';

/** Reads the state whatever fields the backend filled in. */
export function ollamaPhase(s: OllamaState | undefined): OllamaPhase {
  if (!s) return 'unknown';
  const state = (s.state ?? '').toLowerCase();
  if (s.installed === false || state === 'not_installed' || state === 'not-installed' || state === 'missing') return 'not_installed';
  if (s.running === true || s.reachable === true || state === 'running') return 'running';
  if (s.running === false || s.reachable === false || state !== '') return 'stopped';
  return 'unknown';
}

/** Ollama's state: running (version, host, started by the app), not running, or not installed with how to install it. */
export function OllamaPanel() {
  const { t } = useI18n();
  const q = useOllamaState();
  const s = q.data;
  const phase = ollamaPhase(s);
  return (
    <div className="card" data-testid="ollama-panel" data-state={phase}>
      <h3>{t('models.ollamaTitle')}</h3>
      {q.isPending && <p className="hint">{t('settings.loading')}</p>}
      {q.isError && (
        <p className="error-text" role="alert" data-testid="ollama-error">
          {t('models.ollamaFailed', { message: q.error.message })}
        </p>
      )}
      {s && (
        <>
          <p className="ollama-state" data-testid="ollama-state">
            <span className={`dot dot-${phase === 'running' ? 'ok' : phase === 'unknown' ? 'unknown' : 'down'}`} aria-hidden="true" />{' '}
            {phase === 'running'
              ? t('models.ollamaRunning', { version: s.version || '?' })
              : phase === 'not_installed'
                ? t('models.ollamaNotInstalled')
                : phase === 'stopped'
                  ? t('models.ollamaStopped')
                  : t('models.ollamaUnknown')}
            {phase === 'running' && s.started_by_us && (
              <span className="badge" data-testid="ollama-started-by-us">
                {t('models.startedByUs')}
              </span>
            )}
          </p>
          <dl className="facts">
            {s.host && (
              <>
                <dt>{t('settings.ollamaHost')}</dt>
                <dd>{s.host}</dd>
              </>
            )}
            {s.binary && (
              <>
                <dt>{t('models.ollamaBinary')}</dt>
                <dd>{s.binary}</dd>
              </>
            )}
          </dl>
          {s.error && phase !== 'running' && <p className="hint">{s.error}</p>}
          {phase === 'not_installed' && (
            <div className="install-hint" data-testid="ollama-install">
              <p>{s.install_hint || t('models.installHint')}</p>
              <p className="hint">Linux:</p>
              <pre className="commands">
                <code>curl -fsSL https://ollama.com/install.sh | sh</code>
              </pre>
              <p className="hint">macOS:</p>
              <pre className="commands">
                <code>brew install ollama</code>
              </pre>
            </div>
          )}
          {phase === 'stopped' && <p className="hint" data-testid="ollama-start-hint">{t('models.startHint')}</p>}
        </>
      )}
    </div>
  );
}
