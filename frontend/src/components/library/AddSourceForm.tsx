import { useState, type FormEvent } from 'react';
import { useI18n } from '../../lib/I18nContext';
import type { MessageKey } from '../../lib/i18n';
import { isAbsolutePath, looksLikeWebURL } from '../../lib/format';
import { explainError } from '../../lib/errors';
import { isSiteDown } from '../../lib/pageReason';
import { useAddSource, useSourcePolicy } from '../../lib/queries';
import type { AddSourceRequest, SourceKind, SourcePolicy } from '../../lib/types';

export const DEFAULT_SITE_URL = 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/';
export const DEFAULT_MAX_DEPTH = 3;
export const DEFAULT_MAX_PAGES = 500;

const KINDS: readonly SourceKind[] = ['site', 'folder'];

/** Light client-side checks; the server has the last word. Returns the request or the problem. */
export function buildRequest(
  kind: SourceKind,
  fields: { url: string; prefix: string; depth: string; pages: string; folder: string },
): AddSourceRequest | MessageKey {
  if (kind === 'folder') {
    const location = fields.folder.trim();
    if (!isAbsolutePath(location)) return 'add.badPath';
    return { kind, location };
  }
  const location = fields.url.trim();
  if (!looksLikeWebURL(location)) return 'add.badURL';
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
  if (kind === 'site') return policy.allow_private_sites ? null : { key: 'add.policySites' };
  if (policy.source_roots.length === 0) return { key: 'add.policyNoFolders' };
  return { key: 'add.policyFolders', roots: policy.source_roots.join(', ') };
}

/** Add a site (URL, prefix, depth, page limit) or a folder (absolute path); adding starts its sync. */
export function AddSourceForm({ syncBusy }: { syncBusy: boolean }) {
  const { t, lang } = useI18n();
  const add = useAddSource();
  const policy = useSourcePolicy();
  const [kind, setKind] = useState<SourceKind>('site');
  const [url, setURL] = useState(DEFAULT_SITE_URL);
  const [prefix, setPrefix] = useState('');
  const [depth, setDepth] = useState(String(DEFAULT_MAX_DEPTH));
  const [pages, setPages] = useState(String(DEFAULT_MAX_PAGES));
  const [folder, setFolder] = useState('');
  const [invalid, setInvalid] = useState<MessageKey | null>(null);
  // The request last sent, resent with save_anyway for a site that did not answer.
  const [sent, setSent] = useState<AddSourceRequest | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const req = buildRequest(kind, { url, prefix, depth, pages, folder });
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

  const locationValue = kind === 'site' ? url : folder;
  const setLocation = kind === 'site' ? setURL : setFolder;
  const hint = policyHint(policy.data, kind);
  const failure = add.isError ? explainError(add.error, lang) : null;
  const offerSave = add.isError && sent?.kind === 'site' && !sent.save_anyway && isSiteDown(add.error);

  return (
    <form className="card add-source" data-testid="add-source-form" onSubmit={submit} noValidate>
      <h3>{t('add.title')}</h3>
      <div className="segmented" role="group" aria-label={t('add.kind')}>
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`add-source-kind-${k}`}
            aria-pressed={kind === k}
            onClick={() => switchKind(k)}
          >
            {k === 'site' ? t('sources.kind.site') : t('sources.kind.folder')}
          </button>
        ))}
      </div>
      <div className="form-grid">
        <label className="field field-wide">
          <span>{kind === 'site' ? t('add.url') : t('add.folder')}</span>
          <input
            className="search-input"
            data-testid="add-source-location"
            type={kind === 'site' ? 'url' : 'text'}
            value={locationValue}
            placeholder={kind === 'folder' ? t('add.folderPlaceholder') : undefined}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid === 'add.badURL' || invalid === 'add.badPath'}
            onChange={(e) => setLocation(e.target.value)}
          />
          {hint && (
            <small className="hint" data-testid="add-source-policy">
              {t(hint.key, { roots: hint.roots ?? '' })}
            </small>
          )}
        </label>
        {kind === 'site' && (
          <>
            <label className="field field-wide">
              <span>{t('add.prefix')}</span>
              <input
                className="search-input"
                data-testid="add-source-prefix"
                type="text"
                value={prefix}
                placeholder={url.trim() || DEFAULT_SITE_URL}
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
