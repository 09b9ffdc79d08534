import { useState, type FormEvent } from 'react';
import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import { explainError } from '../../lib/errors';
import { isSiteDown } from '../../lib/pageReason';
import { useAddSource, useSourcePolicy } from '../../lib/queries';
import { DEFAULT_SITE_URL, SOURCE_KINDS, sourceKindSpec, type SourceKind } from '../../lib/sourceKinds';
import type { AddSourceRequest, SourcePolicy } from '../../lib/types';

export { DEFAULT_SITE_URL };
export const DEFAULT_MAX_DEPTH = 3;
export const DEFAULT_MAX_PAGES = 500;

/** Light client-side checks; the server has the last word. Returns the request or the problem. */
export function buildRequest(
  kind: SourceKind,
  fields: { location: string; prefix: string; depth: string; pages: string },
): AddSourceRequest | MessageKey {
  const spec = sourceKindSpec(kind)!;
  const location = fields.location.trim();
  if (!spec.checkLocation(location)) return spec.badLocation;
  if (!spec.crawlOptions) return { kind, location };
  const depth = Number(fields.depth);
  if (fields.depth.trim() === '' || !Number.isInteger(depth) || depth < 0) return 'add.badDepth';
  const pages = Number(fields.pages);
  if (fields.pages.trim() === '' || !Number.isInteger(pages) || pages < 1) return 'add.badPages';
  const req: AddSourceRequest = { kind, location, max_depth: depth, max_pages: pages };
  const prefix = fields.prefix.trim();
  if (prefix) req.prefix = prefix;
  return req;
}

/** What a restricted server accepts for kind, as a hint under the location; null when open. */
function policyHint(policy: SourcePolicy | undefined, kind: SourceKind): { key: MessageKey; roots?: string } | null {
  if (!policy || policy.policy !== 'restricted') return null;
  return sourceKindSpec(kind)!.policyHint(policy);
}

/** Each kind's location as first shown. */
function defaultLocations(): Record<SourceKind, string> {
  return Object.fromEntries(SOURCE_KINDS.map((s) => [s.kind, s.defaultLocation])) as Record<SourceKind, string>;
}

/**
 * Add a source of one of SOURCE_KINDS: a site (URL, prefix, depth, page limit) or a folder
 * (absolute path); adding starts its sync.
 */
export function AddSourceForm({ syncBusy }: { syncBusy: boolean }) {
  const { t, lang } = useI18n();
  const add = useAddSource();
  const policy = useSourcePolicy();
  const [kind, setKind] = useState<SourceKind>(SOURCE_KINDS[0].kind);
  // Each kind keeps its own location, so switching back shows what was typed.
  const [locations, setLocations] = useState(defaultLocations);
  const [prefix, setPrefix] = useState('');
  const [depth, setDepth] = useState(String(DEFAULT_MAX_DEPTH));
  const [pages, setPages] = useState(String(DEFAULT_MAX_PAGES));
  const [invalid, setInvalid] = useState<MessageKey | null>(null);
  // The request last sent, resent with save_anyway for a site that did not answer.
  const [sent, setSent] = useState<AddSourceRequest | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const req = buildRequest(kind, { location: locations[kind], prefix, depth, pages });
    if (typeof req === 'string') {
      setInvalid(req);
      return;
    }
    setInvalid(null);
    setSent(req);
    add.mutate(req);
  }

  function saveAnyway() {
    if (!sent) return;
    const req = { ...sent, save_anyway: true };
    setSent(req);
    add.mutate(req);
  }

  function switchKind(next: SourceKind) {
    setKind(next);
    setInvalid(null);
    add.reset();
  }

  const spec = sourceKindSpec(kind)!;
  const hint = policyHint(policy.data, kind);
  const failure = add.isError ? explainError(add.error, lang) : null;
  const offerSave =
    add.isError && !!sent && !!sourceKindSpec(sent.kind)?.canSaveAnyway && !sent.save_anyway && isSiteDown(add.error);

  return (
    <form className="card add-source" data-testid="add-source-form" onSubmit={submit} noValidate>
      <h3>{t('add.title')}</h3>
      <div className="segmented" role="group" aria-label={t('add.kind')}>
        {SOURCE_KINDS.map((k) => (
          <button
            key={k.kind}
            type="button"
            data-testid={`add-source-kind-${k.kind}`}
            aria-pressed={kind === k.kind}
            onClick={() => switchKind(k.kind)}
          >
            {t(k.label)}
          </button>
        ))}
      </div>
      <div className="form-grid">
        <label className="field field-wide">
          <span>{t(spec.locationLabel)}</span>
          <input
            className="search-input"
            data-testid="add-source-location"
            type={spec.inputType}
            value={locations[kind]}
            placeholder={spec.placeholder ? t(spec.placeholder) : undefined}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid === spec.badLocation}
            onChange={(e) => setLocations((l) => ({ ...l, [kind]: e.target.value }))}
          />
          {hint && (
            <small className="hint" data-testid="add-source-policy">
              {t(hint.key, { roots: hint.roots ?? '' })}
            </small>
          )}
        </label>
        {spec.crawlOptions && (
          <>
            <label className="field field-wide">
              <span>{t('add.prefix')}</span>
              <input
                className="search-input"
                data-testid="add-source-prefix"
                type="text"
                value={prefix}
                placeholder={locations[kind].trim() || DEFAULT_SITE_URL}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setPrefix(e.target.value)}
              />
              <small className="hint">{t('add.prefixHint')}</small>
            </label>
            <label className="field">
              <span>{t('add.maxDepth')}</span>
              <input
                className="search-input"
                data-testid="add-source-max-depth"
                type="number"
                min={0}
                step={1}
                value={depth}
                aria-invalid={invalid === 'add.badDepth'}
                onChange={(e) => setDepth(e.target.value)}
              />
            </label>
            <label className="field">
              <span>{t('add.maxPages')}</span>
              <input
                className="search-input"
                data-testid="add-source-max-pages"
                type="number"
                min={1}
                step={1}
                value={pages}
                aria-invalid={invalid === 'add.badPages'}
                onChange={(e) => setPages(e.target.value)}
              />
            </label>
          </>
        )}
      </div>
      {invalid && (
        <p className="error-text hint" role="alert" data-testid="add-source-invalid">
          {t(invalid)}
        </p>
      )}
      {failure && (
        <p className="error-text hint" role="alert" data-testid="add-source-error">
          {t('add.failed', { message: failure.hint ? `${failure.text} ${failure.hint}` : failure.text })}
          {failure.detail && <span className="page-error-detail"> ({failure.detail})</span>}
        </p>
      )}
      {offerSave && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            data-testid="add-source-save-anyway"
            disabled={syncBusy || add.isPending}
            onClick={saveAnyway}
          >
            {t('add.saveAnyway')}
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button" data-testid="add-source-submit" disabled={syncBusy}>
          {t('add.submit')}
        </button>
      </div>
    </form>
  );
}
