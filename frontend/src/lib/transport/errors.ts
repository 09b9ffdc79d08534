// How a failure of either transport becomes an Error: errorFrom for an
// HTTP error response, toError for whatever a Wails binding (or fetch)
// rejected with. The only two places that build the UI's error values;
// both give an ApiError (lib/errors.ts) when the Go side sent a fault code.
import { errorFromResponse, errorFromWails } from '../errors';

/** The error of a failed response: an ApiError with the body's code, message, hint and params. */
export async function errorFrom(res: Response): Promise<Error> {
  return errorFromResponse(res);
}

/** Wails rejects with a string (a coded error's JSON); normalise everything to Error (ApiError when coded). */
export function toError(reason: unknown): Error {
  return errorFromWails(reason);
}
