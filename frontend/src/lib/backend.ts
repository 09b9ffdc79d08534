// The one place that talks to the Go side. In the Wails app it calls the
// generated bindings; in a plain browser it fetches the HTTP API.
import * as WailsApp from '../../wailsjs/go/desktop/App';
import * as WailsLibrary from '../../wailsjs/go/desktop/Library';
import type { APIErrorBody, HealthReport, Overview, SearchResult } from './types';

/** Hits asked for when the caller does not say (the backend's default too). */
export const DEFAULT_SEARCH_K = 10;

export type TransportKind = 'wails' | 'http';

interface Transport {
  kind: TransportKind;
  getInfo(): Promise<Overview>;
  getHealth(): Promise<HealthReport>;
  search(query: string, k: number): Promise<SearchResult>;
}

declare global {
  interface Window {
    go?: { desktop?: { App?: Record<string, unknown>; Library?: Record<string, unknown> } };
  }
}

/** Wails rejects with a plain string; normalise everything to Error. */
function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'string') return new Error(reason);
  return new Error(String(reason));
}

/** Run a binding call so that a synchronous throw (e.g. a missing binding) also becomes a rejected Error. */
function callWails<T>(call: () => Promise<unknown>): Promise<T> {
  return new Promise<unknown>((resolve) => resolve(call())).then(
    (v) => v as T,
    (e: unknown) => Promise.reject(toError(e)),
  );
}

/** The Go side never sends hits: null, but be safe about it. */
function normaliseResult(r: SearchResult): SearchResult {
  return { ...r, hits: Array.isArray(r?.hits) ? r.hits : [] };
}

const wailsTransport: Transport = {
  kind: 'wails',
  getInfo: () =>
    WailsApp.Info().then((v) => v as unknown as Overview, (e: unknown) => Promise.reject(toError(e))),
  getHealth: () =>
    WailsApp.Health().then((v) => v as unknown as HealthReport, (e: unknown) => Promise.reject(toError(e))),
  search: (query, k) => callWails<SearchResult>(() => WailsLibrary.Search(query, k)).then(normaliseResult),
};

async function errorFrom(res: Response): Promise<Error> {
  let message = '';
  try {
    const body = (await res.json()) as APIErrorBody;
    message = body?.error?.message ?? '';
  } catch {
    // not JSON; fall through to the status text
  }
  return new Error(message || `${res.status} ${res.statusText}`.trim());
}

async function getJSON<T>(url: string, acceptStatus: number[] = []): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (res.ok) return (await res.json()) as T;
  if (acceptStatus.includes(res.status)) {
    // e.g. 503 from /api/health still carries a valid report
    const copy = res.clone();
    try {
      const body = (await res.json()) as Partial<HealthReport>;
      if (body && typeof body.status === 'string') return body as T;
    } catch {
      // fall through
    }
    throw await errorFrom(copy);
  }
  throw await errorFrom(res);
}

const httpTransport: Transport = {
  kind: 'http',
  getInfo: () => getJSON<Overview>('/api/app/info'),
  getHealth: () => getJSON<HealthReport>('/api/health', [503]),
  search: (query, k) =>
    getJSON<SearchResult>(`/api/search?${new URLSearchParams({ q: query, k: String(k) }).toString()}`).then(
      normaliseResult,
    ),
};

let chosen: Transport | undefined;

function transport(): Transport {
  if (!chosen) {
    chosen = typeof window !== 'undefined' && window.go?.desktop?.App ? wailsTransport : httpTransport;
  }
  return chosen;
}

/** Which transport is in use (decided on first use). */
export function transportKind(): TransportKind {
  return transport().kind;
}

/** Tests only: forget the chosen transport so the next call picks again. */
export function resetTransportForTests(): void {
  chosen = undefined;
}

export function getInfo(): Promise<Overview> {
  return transport().getInfo();
}

export function getHealth(): Promise<HealthReport> {
  return transport().getHealth();
}

/** Lexical search over the indexed documents; rejects with the backend's message on bad input. */
export function search(query: string, k: number = DEFAULT_SEARCH_K): Promise<SearchResult> {
  return transport().search(query, k);
}
