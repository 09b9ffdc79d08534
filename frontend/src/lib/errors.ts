// Errors from the backend, in the UI language. The backend sends every
// failure it knows as a code of backend/fault (over HTTP in the body
// {"error":{"code","reason","message","hint","params"}}, over Wails as the
// same object's JSON text); this turns it into an ApiError and renders its
// code's text (faultText.gen.ts, generated from the Go table) with its
// params and hint. An unknown code shows the server's text and the code,
// never a blank.

import { FAULT_TEXT } from './faultText.gen';
import type { Lang } from './i18n';

/** An error the backend sent: message is its English text (as before), code what to show. */
export class ApiError extends Error {
  /** The code clients match on (e.g. "bad_source"); "" when the backend sent none. */
  readonly code: string;
  /** A more specific code (e.g. "folder_missing") whose text is shown after the code's. */
  readonly reason?: string;
  /** The server's English remedy. */
  readonly hint?: string;
  /** Values of the texts' {name} placeholders. */
  readonly params?: Record<string, string>;
  /** The HTTP status, when the error came over HTTP. */
  readonly status?: number;

  constructor(init: { code?: string; reason?: string; message?: string; hint?: string; params?: Record<string, string>; status?: number }) {
    super(init.message || init.code || (init.status ? `HTTP ${init.status}` : 'error'));
    this.name = 'ApiError';
    this.code = init.code ?? '';
    if (init.reason) this.reason = init.reason;
    if (init.hint) this.hint = init.hint;
    if (init.params) this.params = init.params;
    if (init.status !== undefined) this.status = init.status;
  }
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string') out[k] = x;
  }
  return Object.keys(out).length ? out : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** An ApiError from an error object {code, reason, message, hint, params}, or null when v is not one. */
export function apiErrorFrom(v: unknown, status?: number): ApiError | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const code = str(o.code);
  const message = str(o.message);
  if (!code && !message) return null;
  return new ApiError({ code, reason: str(o.reason), message, hint: str(o.hint), params: stringRecord(o.params), status });
}

/** The error of a failed HTTP response: the body's "error" object, else the status line. */
export async function errorFromResponse(res: Response): Promise<Error> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // not JSON; fall through to the status text
  }
  const fromBody = apiErrorFrom((body as { error?: unknown } | undefined)?.error, res.status);
  if (fromBody) return fromBody;
  return new ApiError({ message: `${res.status} ${res.statusText}`.trim(), status: res.status });
}

/**
 * The error of a rejected Wails call: a coded error arrives as the JSON text
 * (or object) of {code, message, …}; any other string is the Go error's text.
 */
export function errorFromWails(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'string') {
    if (reason.startsWith('{')) {
      try {
        const parsed = apiErrorFrom(JSON.parse(reason));
        if (parsed) return parsed;
      } catch {
        // not JSON after all
      }
    }
    return new Error(reason);
  }
  return apiErrorFrom(reason) ?? new Error(String(reason));
}

/** Whether code is declared by the backend's table. */
export function knownCode(code: string | undefined): code is string {
  return !!code && Object.prototype.hasOwnProperty.call(FAULT_TEXT, code);
}

function fill(text: string, params?: Record<string, string>): string {
  if (!params) return text;
  return text.replace(/\{([a-z_]+)\}/g, (m, name: string) => params[name] ?? m);
}

/** The text of a known code in lang with params filled in. */
export function codeText(code: string, lang: Lang, params?: Record<string, string>): string {
  const e = FAULT_TEXT[code];
  if (!e) return code;
  return fill(lang === 'ja' ? e.ja : e.en, params);
}

/** The hint of a known code in lang, or "". */
export function codeHint(code: string, lang: Lang, params?: Record<string, string>): string {
  const e = FAULT_TEXT[code];
  if (!e) return '';
  return fill((lang === 'ja' ? e.hintJa : e.hintEn) ?? '', params);
}

/** An error explained: text in the UI language, what to do, and the server's own words. */
export interface ExplainedError {
  text: string;
  hint?: string;
  detail?: string;
}

/**
 * explainError says err in lang. In Japanese a known code shows its text
 * (then its reason's) and hint, with the server's English message as the
 * detail; in English the server's message is the text (it names paths and
 * values and says what to do), or the code's text and hint when it sent
 * none. An unknown code shows the server's text with the code; a plain
 * Error its message.
 */
export function explainError(err: unknown, lang: Lang): ExplainedError {
  if (!(err instanceof ApiError)) {
    const text = err instanceof Error ? err.message : String(err ?? '');
    return { text: text || 'error' };
  }
  // A reason that refines the code (its kind) says it all; a nested cause follows the code's text.
  const refines = knownCode(err.reason) && FAULT_TEXT[err.reason]?.kind === err.code;
  const codes = (refines ? [err.reason] : [err.code, err.reason]).filter((c): c is string => knownCode(c));
  if (codes.length === 0) {
    const code = err.reason || err.code;
    if (!code) return { text: err.message };
    return { text: err.message && err.message !== code ? `${err.message} (${code})` : code };
  }
  const hint = [...codes].reverse().map((c) => codeHint(c, lang, err.params)).find((h) => h) ?? (lang === 'en' ? err.hint : undefined);
  if (lang === 'en' && err.message && err.message !== err.code) {
    return { text: err.message }; // the server's English words already say what and what to do
  }
  const text = codes.map((c) => codeText(c, lang, err.params)).join('');
  const detail = err.message && err.message !== err.code ? err.message : undefined;
  return { text, ...(hint ? { hint } : {}), ...(detail ? { detail } : {}) };
}

/** describeError is explainError as one line: text, hint, then (detail). */
export function describeError(err: unknown, lang: Lang): string {
  const { text, hint, detail } = explainError(err, lang);
  return [text, hint, detail ? `(${detail})` : ''].filter((s) => s).join(' ');
}
