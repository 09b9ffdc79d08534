// Chooses the transport once, at first use: the desktop app's bindings when
// Wails has put them on window.go, the HTTP API otherwise. Nothing else in
// the frontend looks at window.go or asks which transport runs.
import type { Transport } from './api';
import { httpTransport } from './http';
import { wailsTransport } from './wails';

export type * from './api';

/** The transport for this window: Wails when window.go.desktop.App is bound, else HTTP. */
export function chooseTransport(): Transport {
  return typeof window !== 'undefined' && window.go?.desktop?.App ? wailsTransport : httpTransport;
}

let chosen: Transport | undefined;

/** The transport in use, chosen on the first call and kept. */
export function transport(): Transport {
  chosen ??= chooseTransport();
  return chosen;
}

/** Tests only: forget the chosen transport so the next call chooses again. */
export function resetTransportForTests(): void {
  chosen = undefined;
}

/** Tests only: use t (e.g. a fake) until the next reset. */
export function setTransportForTests(t: Transport): void {
  chosen = t;
}
