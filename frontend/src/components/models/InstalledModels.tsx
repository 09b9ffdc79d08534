import { Fragment, useState } from 'react';
import { useI18n } from '../../lib/I18nContext';
import { formatBytes, formatDate } from '../../lib/format';
import { useDeleteModel } from '../../lib/modelQueries';
import type { ModelInfo, ModelsList } from '../../lib/types';
import { ModelSettingsForm } from './ModelSettingsForm';
import { describeError } from '../../lib/errors';

/** The installed models with size, family, parameters, quantisation, date and whether loaded; settings and delete per row. */
export function InstalledModels({ list }: { list: ModelsList }) {
  const { t } = useI18n();
  const [open, setOpen] = useState('');
  return (
    <div className="card" data-testid="installed-models">
      <h3>{t('models.installedTitle')}</h3>
      {list.models.length === 0 ? (
        <p className="hint" data-testid="models-empty">
          {t('models.noneInstalled')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="models-table">
            <thead>
              <tr>
                <th>{t('models.name')}</th>
                <th>{t('models.size')}</th>
                <th>{t('models.family')}</th>
                <th>{t('models.params')}</th>
                <th>{t('models.quant')}</th>
                <th>{t('models.modified')}</th>
                <th>{t('models.loaded')}</th>
                <th>
                  <span className="visually-hidden">{t('models.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.models.map((m) => (
                <Fragment key={m.name}>
                  <ModelRow
                    model={m}
                    inUse={m.name === list.current_model || m.name === list.embedding_model}
                    settingsOpen={open === m.name}
                    onToggleSettings={() => setOpen(open === m.name ? '' : m.name)}
                  />
                  {open === m.name && (
                    <tr className="settings-row">
                      <td colSpan={8}>
                        <ModelSettingsForm name={m.name} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ModelRow({ model, inUse, settingsOpen, onToggleSettings }: { model: ModelInfo; inUse: boolean; settingsOpen: boolean; onToggleSettings(): void }) {
  const { t, lang } = useI18n();
  const del = useDeleteModel();
  const [confirm, setConfirm] = useState(false);
  return (
    <tr data-testid="model-row" data-name={model.name}>
      <td className="model-name">
        {model.name}
        {model.embedding && <span className="badge">{t('models.kind.embedding')}</span>}
        {inUse && <span className="badge badge-accent">{t('models.inUse')}</span>}
      </td>
      <td>{formatBytes(model.size_bytes)}</td>
      <td>{model.family || '—'}</td>
      <td>{model.parameter_size || '—'}</td>
      <td>{model.quantization || '—'}</td>
      <td>{formatDate(model.modified_at, lang) || '—'}</td>
      <td data-testid="model-loaded">{model.loaded ? t('models.loadedYes') : '—'}</td>
      <td className="model-actions">
        {!model.embedding && (
          <button type="button" className="link-button" data-testid="model-settings-toggle" aria-expanded={settingsOpen} onClick={onToggleSettings}>
            {t('models.settings')}
          </button>
        )}
        {confirm ? (
          <span className="confirm" data-testid="model-delete-confirm">
            {t('models.deleteConfirm', { name: model.name })}
            <button
              type="button"
              className="button button-danger button-small"
              data-testid="model-delete-yes"
              disabled={del.isPending}
              onClick={() => del.mutate(model.name, { onSettled: () => setConfirm(false) })}
            >
              {t('sources.yes')}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setConfirm(false)}>
              {t('sources.no')}
            </button>
          </span>
        ) : (
          <button type="button" className="link-button link-danger" data-testid="model-delete" onClick={() => { del.reset(); setConfirm(true); }}>
            {t('models.delete')}
          </button>
        )}
        {del.isError && (
          <p className="error-text" role="alert" data-testid="model-delete-error">
            {t('models.actionFailed', { message: describeError(del.error, lang) })}
          </p>
        )}
      </td>
    </tr>
  );
}
