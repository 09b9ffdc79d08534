import { useState, type FormEvent } from 'react';
import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import { useModelConfig, useSaveModelConfig } from '../../lib/modelQueries';
import type { ModelConfig } from '../../lib/types';
import { describeError } from '../../lib/errors';

type Field = 'temperature' | 'max_tokens' | 'context_length' | 'top_p';

/** Accepted ranges, the same as the server's config validation. Empty means the model's default. */
export const RANGES: Record<Field, { min: number; max: number; integer: boolean; step: string }> = {
  temperature: { min: 0, max: 2, integer: false, step: '0.05' },
  max_tokens: { min: 1, max: 1 << 20, integer: true, step: '1' },
  context_length: { min: 256, max: 1 << 21, integer: true, step: '256' },
  top_p: { min: 0, max: 1, integer: false, step: '0.05' },
};

const FIELDS: Field[] = ['temperature', 'max_tokens', 'context_length', 'top_p'];
const LABEL: Record<Field, MessageKey> = {
  temperature: 'models.temperature',
  max_tokens: 'models.maxTokens',
  context_length: 'models.contextLength',
  top_p: 'models.topP',
};

/** Checks one field: '' is fine (default); otherwise a number in range. Returns the value or an error. */
export function checkField(field: Field, text: string): { value: number | null } | { error: true } {
  const s = text.trim();
  if (s === '') return { value: null };
  const r = RANGES[field];
  const n = Number(s);
  if (!Number.isFinite(n) || n < r.min || n > r.max || (r.integer && !Number.isInteger(n))) return { error: true };
  return { value: n };
}

const show = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** Per-model generation settings with range checks before saving and the server's message when it refuses. */
export function ModelSettingsForm({ name }: { name: string }) {
  const { t, lang } = useI18n();
  const cfg = useModelConfig(name, true);
  if (cfg.isPending) return <p className="hint">{t('settings.loading')}</p>;
  if (cfg.isError)
    return (
      <p className="error-text" role="alert" data-testid="model-config-error">
        {t('models.configFailed', { message: describeError(cfg.error, lang) })}
      </p>
    );
  return <SettingsFields name={name} initial={cfg.data} />;
}

function SettingsFields({ name, initial }: { name: string; initial: ModelConfig }) {
  const { t, lang } = useI18n();
  const save = useSaveModelConfig();
  const [values, setValues] = useState<Record<Field, string>>({
    temperature: show(initial.temperature),
    max_tokens: show(initial.max_tokens),
    context_length: show(initial.context_length),
    top_p: show(initial.top_p),
  });
  const checked = Object.fromEntries(FIELDS.map((f) => [f, checkField(f, values[f])])) as Record<Field, ReturnType<typeof checkField>>;
  const invalid = FIELDS.filter((f) => 'error' in checked[f]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (invalid.length) return;
    const v = (f: Field) => {
      const c = checked[f];
      return 'value' in c ? c.value : null;
    };
    save.mutate({ model_name: name, temperature: v('temperature'), max_tokens: v('max_tokens'), context_length: v('context_length'), top_p: v('top_p') });
  }

  return (
    <form className="model-settings" data-testid="model-settings" onSubmit={onSubmit} noValidate>
      <div className="form-grid">
        {FIELDS.map((f) => {
          const r = RANGES[f];
          const bad = 'error' in checked[f];
          return (
            <label key={f} className="field">
              <span>{t(LABEL[f])}</span>
              <input
                className="search-input"
                data-testid={`model-${f}`}
                type="number"
                inputMode={r.integer ? 'numeric' : 'decimal'}
                min={r.min}
                max={r.max}
                step={r.step}
                value={values[f]}
                placeholder={t('models.default')}
                aria-invalid={bad || undefined}
                onChange={(e) => {
                  save.reset();
                  setValues((old) => ({ ...old, [f]: e.target.value }));
                }}
              />
              <span className={bad ? 'error-text' : 'hint'} data-testid={bad ? `model-${f}-error` : undefined}>
                {t(r.integer ? 'models.rangeInt' : 'models.range', { min: r.min, max: r.max })}
              </span>
            </label>
          );
        })}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="model-settings-save" disabled={invalid.length > 0 || save.isPending}>
          {t('chat.save')}
        </button>
        {save.isSuccess && <span className="hint" data-testid="model-settings-saved">{t('models.saved')}</span>}
      </div>
      {save.isError && (
        <p className="error-text" role="alert" data-testid="model-settings-error">
          {t('models.saveFailed', { message: describeError(save.error, lang) })}
        </p>
      )}
    </form>
  );
}
