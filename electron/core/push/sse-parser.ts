/**
 * Incremental parser for the text/event-stream format, following the WHATWG HTML
 * "event stream interpretation" rules: LF, CR and CRLF line ends (also split across
 * chunks), comments, `event`/`data`/`id`/`retry` fields, multi-line data, one leading
 * space stripped from values, ids containing NUL ignored, events without data not
 * dispatched, an unterminated final event discarded.
 */
export interface SseMessage {
  /** `message` unless the server named the event. */
  event: string;
  data: string;
  /** The stream's last event id at dispatch time (ids persist across events). */
  lastEventId: string | null;
}

export interface SseHandlers {
  onMessage(message: SseMessage): void;
  /** The server's `retry:` hint, in ms. */
  onRetry?(ms: number): void;
  /** Called whenever the stream's last event id changes, even for events without data. */
  onLastEventId?(id: string): void;
}

export class SseOverflowError extends Error {
  constructor(limit: number) {
    super(`event stream line or event exceeds ${limit} characters`);
    this.name = 'SseOverflowError';
  }
}

export interface SseParser {
  push(chunk: Buffer | Uint8Array | string): void;
}

/** A server that never ends a line must not make us buffer without bound. */
export const DEFAULT_MAX_EVENT_SIZE = 256 * 1024;

export function createSseParser(handlers: SseHandlers, maxEventSize = DEFAULT_MAX_EVENT_SIZE): SseParser {
  const decoder = new TextDecoder('utf-8'); // strips a leading BOM, as the spec requires
  let pending = '';
  let skipLeadingLf = false;
  let data = '';
  let eventType = '';
  let idBuffer: string | null = null;
  let lastEventId: string | null = null;

  function dispatch(): void {
    if (idBuffer !== lastEventId && idBuffer !== null) {
      lastEventId = idBuffer;
      handlers.onLastEventId?.(idBuffer);
    }
    if (data === '') {
      eventType = '';
      return;
    }
    const message = { event: eventType === '' ? 'message' : eventType, data: data.slice(0, -1), lastEventId };
    data = '';
    eventType = '';
    handlers.onMessage(message);
  }

  function processLine(line: string): void {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data += `${value}\n`;
        if (data.length > maxEventSize) throw new SseOverflowError(maxEventSize);
        break;
      case 'id':
        if (!value.includes('\u0000')) idBuffer = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        break; // unknown fields are ignored by the spec
    }
  }

  function push(chunk: Buffer | Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text === '') return;
    if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
    skipLeadingLf = false;
    pending += text;
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    for (let match = lineEnd.exec(pending); match !== null; match = lineEnd.exec(pending)) {
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (match[0] === '\r' && match.index === pending.length - 1) skipLeadingLf = true;
      const line = pending.slice(start, match.index);
      start = lineEnd.lastIndex;
      processLine(line);
    }
    pending = pending.slice(start);
    if (pending.length > maxEventSize) throw new SseOverflowError(maxEventSize);
  }

  return { push };
}
