// Helpers for streamed responses and the Wails event bus in tests.

/** Bytes of text split into pieces of size n (cutting through lines and multi-byte characters). */
export function splitBytes(text: string, n: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += n) out.push(bytes.slice(i, i + n));
  return out;
}

/** A ReadableStream that yields the chunks and closes. */
export function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(typeof ch === 'string' ? enc.encode(ch) : ch);
      c.close();
    },
  });
}

/** A streamed 200 response. */
export function streamResponse(chunks: (string | Uint8Array)[], type = 'application/x-ndjson'): Response {
  return new Response(streamOf(chunks), { status: 200, headers: { 'Content-Type': type } });
}

/** A response whose body stays open: push() more, end() it; aborting the signal errors it like fetch does. */
export function openResponse(signal: AbortSignal | null | undefined) {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      ctrl = c;
    },
  });
  signal?.addEventListener('abort', () => ctrl.error(new DOMException('The operation was aborted.', 'AbortError')));
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'application/x-ndjson' } }),
    push: (s: string) => ctrl.enqueue(enc.encode(s)),
    end: () => ctrl.close(),
  };
}

export const ndjson = (...values: unknown[]) => values.map((v) => JSON.stringify(v) + '\n').join('');

/** Installs window.runtime with a working event bus (EventsOnMultiple/EventsOff) and spies for the rest. */
export function installFakeRuntime(extra: Record<string, unknown> = {}) {
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  window.runtime = {
    WindowSetTitle: () => undefined,
    EventsOnMultiple: (name: string, cb: (data: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(cb);
      listeners.set(name, set);
      return () => set.delete(cb);
    },
    EventsOff: (name: string) => listeners.delete(name),
    ...extra,
  };
  return {
    emit(name: string, data: unknown) {
      for (const cb of [...(listeners.get(name) ?? [])]) cb(data);
    },
    listening(name: string): number {
      return listeners.get(name)?.size ?? 0;
    },
    names(): string[] {
      return [...listeners.entries()].filter(([, s]) => s.size > 0).map(([n]) => n);
    },
  };
}

/** Wait for pending promise callbacks. */
export const tick = () => new Promise((r) => setTimeout(r, 0));
