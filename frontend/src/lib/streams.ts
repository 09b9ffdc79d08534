// Pure parsers for the streamed HTTP answers (NDJSON and Server-Sent
// Events). No I/O here: transport/http.ts hands them the response body.

/**
 * Reads a byte stream as UTF-8 text and calls onLine for every complete
 * line (without its "\n" or "\r\n"); a last line without a newline is
 * delivered at the end. Multi-byte characters and lines split across
 * chunks are put back together.
 */
export async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffered = '';
  const flush = (final: boolean) => {
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      nl = buffered.indexOf('\n');
    }
    if (final && buffered !== '') {
      const line = buffered;
      buffered = '';
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      flush(false);
    }
    buffered += decoder.decode();
    flush(true);
  } finally {
    reader.releaseLock();
  }
}

/** Parses one NDJSON line; blank lines give undefined, anything else that is not JSON throws. */
export function parseJSONLine<T>(line: string): T | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as T;
  } catch {
    const shown = trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed;
    throw new Error(`the server sent a line that is not JSON: ${shown}`);
  }
}

/** Reads an NDJSON body, calling onValue for each decoded line in order. */
export async function readNDJSON<T>(body: ReadableStream<Uint8Array>, onValue: (v: T) => void): Promise<void> {
  await readLines(body, (line) => {
    const v = parseJSONLine<T>(line);
    if (v !== undefined) onValue(v);
  });
}

/** One Server-Sent Event: its name ("message" when none was given) and its data lines joined by "\n". */
export interface SSEMessage {
  event: string;
  data: string;
}

/**
 * Feeds SSE lines one at a time; returns a message when a blank line ends
 * one. Comments (":…") and unknown fields are ignored, as the spec says.
 */
export function createSSEParser(): (line: string) => SSEMessage | undefined {
  let event = '';
  let data: string[] = [];
  return (line) => {
    if (line === '') {
      if (data.length === 0) {
        event = '';
        return undefined;
      }
      const msg = { event: event || 'message', data: data.join('\n') };
      event = '';
      data = [];
      return msg;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    return undefined;
  };
}

/** Reads an SSE body, calling onMessage for each complete event (a final unterminated one is dropped, per the spec). */
export async function readSSE(body: ReadableStream<Uint8Array>, onMessage: (m: SSEMessage) => void): Promise<void> {
  const feed = createSSEParser();
  await readLines(body, (line) => {
    const m = feed(line);
    if (m) onMessage(m);
  });
}
