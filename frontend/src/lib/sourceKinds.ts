import { isAbsolutePath, looksLikeWebURL } from './format';
import type { MessageKey } from './i18n';
import type { SourcePolicy } from './types';

/** How the Library offers and shows one kind of source. */
export interface SourceKindSpec {
  /** The kind as the backend registers it (Go: ingest.Kind, backend/ingest/kinds.go). */
  readonly kind: string;
  /** Name of the kind: the list badge and the form's switch. */
  readonly label: MessageKey;
  /** Label of the location field. */
  readonly locationLabel: MessageKey;
  /** The location input's type. */
  readonly inputType: 'url' | 'text';
  /** Placeholder of the location field, if any. */
  readonly placeholder?: MessageKey;
  /** The location the form starts with. */
  readonly defaultLocation: string;
  /** What a location that fails checkLocation is told. */
  readonly badLocation: MessageKey;
  /** Light client-side check of the trimmed location; the server has the last word. */
  checkLocation(location: string): boolean;
  /** The kind takes the crawl options: prefix, depth and page limit. */
  readonly crawlOptions: boolean;
  /** The server may say such a source does not answer now; the form then offers to save it anyway. */
  readonly canSaveAnyway: boolean;
  /** What a restricted server accepts for this kind, as a hint under the location; null: no hint. */
  policyHint(policy: SourcePolicy): { key: MessageKey; roots?: string } | null;
}

/** The site the form offers first. */
export const DEFAULT_SITE_URL = 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/';

/**
 * The source kinds, in the order the form offers them: the one list the form
 * and the source list read. Adding a kind is one entry here (and its labels in
 * i18n.ts) once the backend registers it.
 */
export const SOURCE_KINDS = [
  {
    kind: 'site',
    label: 'sources.kind.site',
    locationLabel: 'add.url',
    inputType: 'url',
    defaultLocation: DEFAULT_SITE_URL,
    badLocation: 'add.badURL',
    checkLocation: looksLikeWebURL,
    crawlOptions: true,
    canSaveAnyway: true,
    policyHint: (policy) => (policy.allow_private_sites ? null : { key: 'add.policySites' }),
  },
  {
    kind: 'folder',
    label: 'sources.kind.folder',
    locationLabel: 'add.folder',
    inputType: 'text',
    placeholder: 'add.folderPlaceholder',
    defaultLocation: '',
    badLocation: 'add.badPath',
    checkLocation: isAbsolutePath,
    crawlOptions: false,
    canSaveAnyway: false,
    policyHint: (policy) =>
      policy.source_roots.length === 0
        ? { key: 'add.policyNoFolders' }
        : { key: 'add.policyFolders', roots: policy.source_roots.join(', ') },
  },
] as const satisfies readonly SourceKindSpec[];

/** A kind the app offers: 'site' | 'folder'. */
export type SourceKind = (typeof SOURCE_KINDS)[number]['kind'];

/** The spec of a kind the app offers, or undefined for another (a kind from a newer server). */
export function sourceKindSpec(kind: string): SourceKindSpec | undefined {
  return SOURCE_KINDS.find((s) => s.kind === kind);
}
