import { useState } from 'react';
import { useI18n } from '../../lib/I18nContext';
import { useSwitchModel } from '../../lib/modelQueries';
import type { ModelKind, ModelsList } from '../../lib/types';
import { describeError } from '../../lib/errors';

/** The default chat model and embedding model, each with a selector to switch. */
export function CurrentModels({ list }: { list: ModelsList }) {
  const { t } = useI18n();
  return (
    <div className="card" data-testid="current-models">
      <h3>{t('models.currentTitle')}</h3>
      <div className="form-grid">
        <ModelSelector kind="chat" current={list.current_model} options={list.models.filter((m) => !m.embedding).map((m) => m.name)} label={t('models.chatModel')} />
        <ModelSelector kind="embedding" current={list.embedding_model} options={list.models.filter((m) => m.embedding).map((m) => m.name)} label={t('models.embeddingModel')} />
      </div>
      <p className="hint">{t('models.embeddingHint')}</p>
    </div>
  );
}

function ModelSelector({ kind, current, options, label }: { kind: ModelKind; current: string; options: string[]; label: string }) {
  const { t, lang } = useI18n();
  const sw = useSwitchModel();
  const [choice, setChoice] = useState('');
  const value = choice || current;
  const all = current && !options.includes(current) ? [current, ...options] : options;
  return (
    <div className="field">
      <label className="field">
        <span>{label}</span>
        <select
          className="search-input"
          data-testid={`switch-${kind}-select`}
          value={value}
          onChange={(e) => {
            sw.reset();
            setChoice(e.target.value);
          }}
        >
          {!current && <option value="">{t('models.none')}</option>}
          {all.map((n) => (
            <option key={n} value={n}>
              {n}
              {n === current ? ` (${t('models.inUse')})` : ''}
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          data-testid={`switch-${kind}`}
          disabled={!value || value === current || sw.isPending}
          onClick={() => sw.mutate({ kind, name: value }, { onSuccess: () => setChoice('') })}
        >
          {t('models.switch')}
        </button>
        {sw.isSuccess && <span className="hint" data-testid={`switch-${kind}-done`}>{t('models.switched')}</span>}
      </div>
      {sw.isError && (
        <p className="error-text" role="alert" data-testid={`switch-${kind}-error`}>
          {t('models.actionFailed', { message: describeError(sw.error, lang) })}
        </p>
      )}
    </div>
  );
}
