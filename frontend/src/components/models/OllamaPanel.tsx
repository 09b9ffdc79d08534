import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import { useOllamaState } from '../../lib/modelQueries';
import type { OllamaState } from '../../lib/types';
import { describeError } from '../../lib/errors';
import { CommandCode } from '../CommandCode';

export type OllamaPhase = 'endpoint' | 'running' | 'starting' | 'not_installed' | 'port_conflict' | 'stopped' | 'checking' | 'unknown';

/** Reads the supervisor's phase (Go: wire.OllamaState.Phase), falling back on whether it runs. */
export function ollamaPhase(s: OllamaState | undefined): OllamaPhase {
  if (!s) return 'unknown';
  const phase = (s.phase ?? '').toLowerCase();
  switch (phase) {
    case 'endpoint':
    case 'running':
    case 'not_installed':
    case 'port_conflict':
    case 'stopped':
    case 'checking':
      return phase;
    case 'starting':
    case 'restarting':
      return 'starting';
  }
  if (s.running === true) return 'running';
  if (s.running === false) return 'stopped';
  return 'unknown';
}

const TEXT: Record<Exclude<OllamaPhase, 'running'>, MessageKey> = {
  endpoint: 'models.endpointInUse',
  starting: 'models.ollamaStarting',
  not_installed: 'models.ollamaNotInstalled',
  port_conflict: 'models.ollamaPortConflict',
  stopped: 'models.ollamaStopped',
  checking: 'status.checking',
  unknown: 'models.ollamaUnknown',
};

/** Ollama's state: running (version, host, started by the app), starting, not running, or not installed with how to install it. */
export function OllamaPanel() {
  const { t, lang } = useI18n();
  const q = useOllamaState();
  const s = q.data;
  const phase = ollamaPhase(s);
  const dot = phase === 'running' || (phase === 'endpoint' && s?.running) ? 'ok' : phase === 'unknown' || phase === 'checking' || phase === 'starting' ? 'unknown' : 'down';
  const problem = s?.last_error;
  return (
    <div className="card" data-testid="ollama-panel" data-state={phase}>
      <h3>{t('models.ollamaTitle')}</h3>
      {q.isPending && <p className="hint">{t('settings.loading')}</p>}
      {q.isError && (
        <p className="error-text" role="alert" data-testid="ollama-error">
          {t('models.ollamaFailed', { message: describeError(q.error, lang) })}
        </p>
      )}
      {s && (
        <>
          <p className="ollama-state" data-testid="ollama-state">
            <span className={`dot dot-${dot}`} aria-hidden="true" />{' '}
            {phase === 'running' ? t('models.ollamaRunning', { version: s.version || '?' }) : t(TEXT[phase])}
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
            {s.managed !== undefined && (
              <>
                <dt>{t('models.ollamaManaged')}</dt>
                <dd data-testid="ollama-managed">{s.managed ? t('models.managedYes') : t('models.managedNo')}</dd>
              </>
            )}
            {!!s.restarts && (
              <>
                <dt>{t('models.ollamaRestarts')}</dt>
                <dd>{s.restarts}</dd>
              </>
            )}
            {s.log_file && (
              <>
                <dt>{t('models.ollamaLog')}</dt>
                <dd>{s.log_file}</dd>
              </>
            )}
          </dl>
          {problem && phase !== 'running' && !(phase === 'not_installed' && problem === s.install_hint) && (
            <p className="error-text" data-testid="ollama-last-error">
              {problem}
            </p>
          )}
          {phase === 'not_installed' && (
            <div className="install-hint" data-testid="ollama-install">
              <p>{s.install_hint || t('models.installHint')}</p>
              <p className="hint">Linux:</p>
              <p className="commands">
                <CommandCode command="curl -fsSL https://ollama.com/install.sh | sh" />
              </p>
              <p className="hint">macOS:</p>
              <p className="commands">
                <CommandCode command="brew install ollama" />
              </p>
            </div>
          )}
          {phase === 'endpoint' && (
            <p className="hint" data-testid="ollama-endpoint-hint">
              {t('models.endpointManagement')}
            </p>
          )}
          {(phase === 'stopped' || phase === 'port_conflict') && (
            <div className="hint" data-testid="ollama-start-hint">
              {s.install_hint || (
                <>
                  <p className="hint">{t('models.startHint')}</p>
                  <p className="commands">
                    <CommandCode command="ollama serve" />
                  </p>
                </>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
