// How a failure of either transport becomes an Error: errorFrom for an
// HTTP error response, toError for whatever a Wails binding (or fetch)
// rejected with. The only two places that build the UI's error values.
import type { APIErrorBody } from '../types';

/** The Error of a failed HTTP response: the JSON error's message, else "<status> <status text>". */
export async function errorFrom(res: Response): Promise<Error> {
  let message = '';
  try {
    const body = (await res.json()) as APIErrorBody;
    message = body?.error?.message ?? '';
  } catch {
    // not JSON; fall through to the status text
  }
  return new Error(message || `${res.status} ${res.statusText}`.trim());
}

/** Wails rejects with a plain string; normalise everything to Error. */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'string') return new Error(reason);
  return new Error(String(reason));
}
