import { useState } from 'react';
import { useI18n } from '../../lib/I18nContext';
import { formatDateTime } from '../../lib/format';
import { sourceKindSpec } from '../../lib/sourceKinds';
import type { SourceSummary } from '../../lib/types';
import { SourcePages } from './SourcePages';

interface Props {
  source: SourceSummary;
  /** A sync is running (any source): syncing is not possible now. */
  syncBusy: boolean;
  /** This source is the one being synced: removing it is not possible now. */
  syncingThis: boolean;
  removing: boolean;
  onSync(id: number): void;
  onRemove(id: number): void;
}

export function SourceItem({ source, syncBusy, syncingThis, removing, onSync, onRemove }: Props) {
  const { t, lang } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [open, setOpen] = useState(false);
  const synced = formatDateTime(source.last_synced, lang);
  // A kind this app does not know (from a newer server) shows as its code.
  const kindSpec = sourceKindSpec(source.kind);
  const kindLabel = kindSpec ? t(kindSpec.label) : source.kind;
  const pagesId = `source-pages-${source.id}`;

  return (
    <li className="source" data-testid="source-item" data-source-id={source.id} aria-busy={syncingThis}>
      <div className="source-head">
        <span className={`badge source-kind source-kind-${source.kind}`} data-testid="source-kind">
          {kindLabel}
        </span>
        <div className="source-names">
          <span className="source-name" data-testid="source-name">
            {source.name || source.location}
          </span>
          {source.name && source.name !== source.location && (
            <span className="source-location" data-testid="source-location">
              {source.location}
            </span>
          )}
        </div>
      </div>
      <p className="source-meta" data-testid="source-meta">
        <span>{t('sources.pages', { count: source.pages })}</span>
        <span>{t('sources.chunks', { count: source.chunks })}</span>
        <span className={source.failed > 0 ? 'error-text' : undefined} data-testid="source-failed">
          {t('sources.failed', { count: source.failed })}
        </span>
        {source.skipped > 0 && <span>{t('sources.skipped', { count: source.skipped })}</span>}
        <span data-testid="source-last-synced">
          {synced ? t('sources.lastSynced', { date: synced }) : t('sources.neverSynced')}
        </span>
      </p>
      <div className="source-actions">
        <button
          type="button"
          className="button"
          data-testid="source-sync"
          disabled={syncBusy}
          onClick={() => onSync(source.id)}
        >
          {t('sources.syncNow')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          data-testid="source-pages"
          aria-expanded={open}
          aria-controls={pagesId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('sources.hidePages') : t('sources.showPages')}
        </button>
        {confirming ? (
          <span className="confirm" role="group" data-testid="source-remove-confirm">
            <span>{t('sources.removeConfirm')}</span>
            <button
              type="button"
              className="button button-danger"
              data-testid="source-remove-yes"
              disabled={removing || syncingThis}
              onClick={() => {
                setConfirming(false);
                onRemove(source.id);
              }}
            >
              {t('sources.yes')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              data-testid="source-remove-no"
              onClick={() => setConfirming(false)}
            >
              {t('sources.no')}
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button button-secondary button-danger-text"
            data-testid="source-remove"
            disabled={removing || syncingThis}
            onClick={() => setConfirming(true)}
          >
            {t('sources.remove')}
          </button>
        )}
      </div>
      {open && (
        <div id={pagesId} className="source-pages">
          <SourcePages id={source.id} name={source.name || source.location} />
        </div>
      )}
    </li>
  );
}
