import { ApiFailure } from '../api/failure.ts';
import { backoffDelay } from '../net/backoff.ts';
import { createSseParser, type SseMessage } from './sse-parser.ts';

/**
 * The institution's live channel to the workstation (policy changes, remote session
 * revocation) over Server-Sent Events. It keeps the last event id so a reconnect resumes
 * where the stream broke, reconnects with jittered backoff (reset once a connection
 * opens), gives up only when the institution says the token is no longer valid, and
 * leaves nothing running after stop(). It only decodes: a message that is not JSON is
 * dropped and reported; what the JSON means is the push router's business (router.ts).
 */
export type PushConnectionState = 'online' | 'connecting' | 'offline';

export interface PushInvalidReport {
  /** Event id of the refused event, if it had one. Its data is not reported: it is untrusted. */
  id: string | null;
  reason: 'json';
}

export interface PushChannelOptions {
  open: (lastEventId: string | null, signal: AbortSignal) => Promise<NodeJS.ReadableStream>;
  /** One decoded message; validate before use (the router does). */
  onMessage: (message: unknown, eventId: string | null) => void;
  onState: (s: PushConnectionState) => void;
  onInvalid?: (report: PushInvalidReport) => void;
  /** The institution answered 401: the session is gone, reconnecting cannot help. */
  onUnauthorized?: () => void;
  backoffMs?: { initial: number; max: number };
  random?: () => number;
  /**
   * Reconnect when nothing at all (not even a `:` heartbeat comment) arrives for this
   * long: a dead network otherwise leaves a half-open socket looking "online" for many
   * minutes. The institution should send a heartbeat well within it. 0 disables.
   */
  idleTimeoutMs?: number;
}

export interface PushChannel {
  start(): void;
  stop(): void;
}

// Capped at 5 s: the push stream coming back is how the desk learns the institution is back
// (desk-core ends the outbox's own, longer backoff then), so the cap bounds how long a backlog
// queued during an outage waits — like the phone's re-registration (≤ 5 s). A refused connect
// to a down institution costs it nothing; 1,000 desks retry ≈ 200–400 times a second at worst.
const DEFAULT_BACKOFF = { initial: 1_000, max: 5_000 };
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

function destroyStream(stream: NodeJS.ReadableStream | undefined): void {
  const destroyable = stream as { destroy?: () => void } | undefined;
  destroyable?.destroy?.();
}

export function createPushChannel(options: PushChannelOptions): PushChannel {
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;

  let running = false;
  /** Bumped whenever the current connection is abandoned; stale callbacks compare and bail out. */
  let generation = 0;
  let attempt = 0;
  let lastEventId: string | null = null;
  let serverRetryMs: number | null = null;
  let state: PushConnectionState | null = null;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let controller: AbortController | undefined;
  let stream: NodeJS.ReadableStream | undefined;

  function setState(next: PushConnectionState): void {
    if (next === state) return;
    state = next;
    options.onState(next);
  }

  function safely(callback: () => void): void {
    try {
      callback();
    } catch {
      // A throwing consumer must not kill the live channel; consumers own their errors.
    }
  }

  function deliver(message: SseMessage): void {
    let json: unknown;
    try {
      json = JSON.parse(message.data);
    } catch {
      safely(() => options.onInvalid?.({ id: message.lastEventId, reason: 'json' }));
      return;
    }
    safely(() => options.onMessage(json, message.lastEventId));
  }

  function releaseConnection(): void {
    generation += 1;
    clearTimeout(idleTimer);
    idleTimer = undefined;
    controller?.abort();
    controller = undefined;
    destroyStream(stream);
    stream = undefined;
  }

  function scheduleReconnect(): void {
    setState('offline');
    const initialMs = Math.min(backoff.max, Math.max(backoff.initial, serverRetryMs ?? 0));
    const delay = backoffDelay(attempt, { initialMs, maxMs: backoff.max, random });
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (running) connect();
    }, delay);
  }

  function drop(connection: number): void {
    if (connection !== generation || !running) return;
    releaseConnection();
    scheduleReconnect();
  }

  function armIdleTimer(connection: number): void {
    if (idleTimeoutMs <= 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => drop(connection), idleTimeoutMs);
  }

  function attach(opened: NodeJS.ReadableStream, connection: number): void {
    stream = opened;
    attempt = 0;
    setState('online');
    const parser = createSseParser({
      onMessage: deliver,
      onRetry: (ms) => {
        serverRetryMs = ms;
      },
      onLastEventId: (id) => {
        lastEventId = id === '' ? null : id;
      },
    });
    armIdleTimer(connection);
    opened.on('data', (chunk: Buffer | string) => {
      if (connection !== generation) return;
      armIdleTimer(connection);
      try {
        parser.push(chunk);
      } catch {
        drop(connection); // overflow: the server is misbehaving; start over
      }
    });
    opened.on('end', () => drop(connection));
    opened.on('close', () => drop(connection));
    opened.on('error', () => drop(connection));
  }

  function connect(): void {
    const connection = ++generation;
    setState('connecting');
    controller = new AbortController();
    options.open(lastEventId, controller.signal).then(
      (opened) => {
        if (connection !== generation || !running) {
          destroyStream(opened);
          return;
        }
        attach(opened, connection);
      },
      (error: unknown) => {
        if (connection !== generation || !running) return;
        if (error instanceof ApiFailure && error.status === 401) {
          stop();
          safely(() => options.onUnauthorized?.());
          return;
        }
        releaseConnection();
        scheduleReconnect();
      },
    );
  }

  function start(): void {
    if (running) return;
    running = true;
    attempt = 0;
    connect();
  }

  function stop(): void {
    running = false;
    clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    releaseConnection();
    setState('offline');
  }

  return { start, stop };
}
