import type { AnchorRequest, AnchorResponse } from '../../../institution/contract/api.ts';
import type { Timers } from '../outbox/delivery.ts';

/**
 * The anchor heartbeat: every `intervalMs` (default 60 s) the workstation sends the signed
 * head of its audit chain to the institution, signed in or not. Each event hash commits to
 * the whole chain before it, so once a head is anchored, nobody holding the workstation key
 * can drop, reorder or delete the events up to it without the institution flagging it. The
 * interval is the rewrite window: only events appended since the last anchor (at most one
 * interval old, when the institution is reachable) can still be rewritten unseen.
 * Authenticated calls anchor the head too (X-Audit-Head), so during a session the window
 * is often shorter.
 */
export interface AnchorHeartbeatOptions {
  /** Sends one signed head (InstitutionClient.anchorAuditHead). */
  send(head: AnchorRequest): Promise<AnchorResponse>;
  /** The chain's head, signed now; null while the chain is empty. */
  signedHead(): AnchorRequest | null;
  intervalMs?: number;
  timers?: Timers;
  /** Failure types only; the next beat tries again. */
  onError?(error: unknown): void;
}

export interface AnchorHeartbeat {
  /** Beats now, then every interval. Idempotent. */
  start(): void;
  /** No beat after this; an answer in flight is ignored. */
  stop(): void;
  /** One beat now (tests, and after a burst of events worth anchoring at once). */
  beatNow(): Promise<AnchorResponse | null>;
}

export const DEFAULT_ANCHOR_INTERVAL_MS = 60_000;

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createAnchorHeartbeat(o: AnchorHeartbeatOptions): AnchorHeartbeat {
  const intervalMs = o.intervalMs ?? DEFAULT_ANCHOR_INTERVAL_MS;
  if (!Number.isFinite(intervalMs) || intervalMs < 1) throw new RangeError('anchor heartbeat: intervalMs must be a positive number of milliseconds');
  const timers = o.timers ?? defaultTimers;
  let running = false;
  let timer: unknown = null;
  /** One beat at a time: a slow institution must not pile requests up. */
  let inFlight: Promise<AnchorResponse | null> | null = null;

  const beat = (): Promise<AnchorResponse | null> => {
    inFlight ??= (async () => {
      const head = o.signedHead();
      return head === null ? null : o.send(head);
    })()
      .catch((error: unknown) => {
        o.onError?.(error);
        return null;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const schedule = (): void => {
    timer = timers.setTimeout(() => {
      timer = null;
      if (!running) return;
      void beat().finally(() => {
        if (running) schedule();
      });
    }, intervalMs);
  };

  return {
    start() {
      if (running) return;
      running = true;
      void beat();
      schedule();
    },
    stop() {
      running = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    beatNow: beat,
  };
}
