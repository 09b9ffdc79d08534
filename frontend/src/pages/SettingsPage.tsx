import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { capabilities, getStartAtLogin, setStartAtLogin } from '../lib/backend';
import { useI18n } from '../lib/I18nContext';
import { LANG_NAMES, LANGS } from '../lib/i18n';
import { useInfo } from '../lib/queries';
import { describeError } from '../lib/errors';

const startAtLoginKey = ['settings', 'startAtLogin'] as const;

/** The "start at login" switch (desktop app only; a browser says why not). */
function StartAtLogin() {
  const { t, lang } = useI18n();
  const desktop = capabilities().startAtLogin;
  const client = useQueryClient();
  const state = useQuery({ queryKey: startAtLoginKey, queryFn: getStartAtLogin, enabled: desktop, retry: false });
  const change = useMutation({
    mutationFn: setStartAtLogin,
    onSuccess: (on) => client.setQueryData(startAtLoginKey, on),
    onError: () => client.invalidateQueries({ queryKey: startAtLoginKey }),
  });
  const failure = change.error ?? state.error;
  return (
    <div className="card">
      <h3>{t('settings.startup')}</h3>
      {desktop ? (
        <>
          <label>
            <input
              type="checkbox"
              role="switch"
              data-testid="start-at-login"
              checked={state.data === true}
              aria-checked={state.data === true}
              disabled={!state.isSuccess || change.isPending}
              onChange={(e) => change.mutate(e.target.checked)}
            />{' '}
            {t('settings.startAtLogin')}
          </label>
          <p className="hint">{t('settings.startAtLoginHint')}</p>
          {failure && (
            <p className="error-text" role="alert" data-testid="start-at-login-error">
              {t('settings.startAtLoginFailed', { message: describeError(failure, lang) })}
            </p>
          )}
        </>
      ) : (
        <p className="hint" data-testid="start-at-login-browser">{t('settings.startAtLoginBrowser')}</p>
      )}
    </div>
  );
}

export function SettingsPage() {
  const { t, lang, setLang } = useI18n();
  const info = useInfo();

  return (
    <section className="page" data-testid="page-settings">
      <h2 className="page-title">{t('nav.settings')}</h2>

      <div className="card">
        <h3>{t('settings.language')}</h3>
        <div className="segmented" role="group" aria-label={t('settings.language')}>
          {LANGS.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              data-testid={`lang-${l}`}
              aria-pressed={lang === l}
              onClick={() => setLang(l)}
            >
              {LANG_NAMES[l]}
            </button>
          ))}
        </div>
        <p className="hint">{t('settings.languageHint')}</p>
      </div>

      <StartAtLogin />

      <div className="card">
        <h3>{t('settings.about')}</h3>
        {info.data ? (
          <dl className="facts">
            <dt>{t('settings.version')}</dt>
            <dd data-testid="settings-version">{info.data.version}</dd>
            <dt>{t('settings.dataHome')}</dt>
            <dd data-testid="settings-datahome"><code>{info.data.data_home}</code></dd>
            <dt>{t('settings.configFile')}</dt>
            <dd data-testid="settings-configfile"><code>{info.data.config_file}</code></dd>
            <dt>{t('settings.ollamaHost')}</dt>
            <dd><code>{info.data.ollama.host}</code></dd>
          </dl>
        ) : info.isError ? (
          <p className="error-text">{t('settings.loadFailed', { message: describeError(info.error, lang) })}</p>
        ) : (
          <p className="hint">{t('settings.loading')}</p>
        )}
      </div>
    </section>
  );
}
