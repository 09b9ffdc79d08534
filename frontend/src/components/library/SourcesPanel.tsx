import { useI18n } from '../../lib/I18nContext';
import { CommandCode } from '../CommandCode';
import { useCancelSync, useRemoveSource, useSources, useSyncSource } from '../../lib/queries';
import type { SyncStatus } from '../../lib/types';
import { SourceItem } from './SourceItem';
import { SyncPanel } from './SyncPanel';
import { describeError } from '../../lib/errors';

interface Props {
  status: SyncStatus | undefined;
  /** A sync runs or is being started: sync buttons are disabled. */
  syncBusy: boolean;
}

/** The registered sources, the running sync (or the last summary), and the CLI hint. */
export function SourcesPanel({ status, syncBusy }: Props) {
  const { t, lang } = useI18n();
  const sources = useSources();
  const sync = useSyncSource();
  const remove = useRemoveSource();
  const cancel = useCancelSync();
  const actionError = sync.error ?? remove.error ?? cancel.error;

  return (
    <div className="card" data-testid="library-sources">
      <h3>{t('library.sourcesTitle')}</h3>
      <SyncPanel status={status} onCancel={() => cancel.mutate()} cancelling={cancel.isPending} />
      {actionError && (
        <p className="error-text hint" role="alert" data-testid="sources-action-error">
          {t('sources.actionFailed', { message: describeError(actionError, lang) })}
        </p>
      )}
      {sources.isError && !sources.data ? (
        <p className="error-text" role="alert" data-testid="library-sources-error">
          {t('sources.loadFailed', { message: describeError(sources.error, lang) })}
        </p>
      ) : !sources.data ? (
        <p className="hint" data-testid="library-sources-loading">
          {t('sources.loading')}
        </p>
      ) : sources.data.length === 0 ? (
        <p className="search-empty" data-testid="library-sources-empty">
          {t('sources.empty')}
        </p>
      ) : (
        <ul className="sources" aria-label={t('sources.listLabel')}>
          {sources.data.map((s) => (
            <SourceItem
              key={s.id}
              source={s}
              syncBusy={syncBusy || sync.isPending}
              syncingThis={!!status?.running && status.source_id === s.id}
              removing={remove.isPending && remove.variables === s.id}
              onSync={(id) => {
                remove.reset();
                cancel.reset();
                sync.mutate(id);
              }}
              onRemove={(id) => {
                sync.reset();
                cancel.reset();
                remove.mutate(id);
              }}
            />
          ))}
        </ul>
      )}
      <div className="cli-hint">
        <p className="hint">{t('library.cliHint')}</p>
        <ul className="commands" data-testid="library-commands">
          <li>
            <CommandCode command="genkai-rag index --url URL" />
          </li>
          <li>
            <CommandCode command="genkai-rag index --dir PATH" />
          </li>
        </ul>
      </div>
    </div>
  );
}
