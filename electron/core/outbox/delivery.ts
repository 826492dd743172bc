import type { OutboxItem, OutboxStore, Rejection } from './store.ts';

/**
 * Delivers queued items to the institution, oldest first, per kind. It retries forever
 * while the app runs (the only way an item leaves the queue is an acknowledgement or an
 * explicit rejection), backing off exponentially with a cap so an unreachable
 * institution is not hammered by every workstation at once.
 */
export interface DeliveryOutcome {
  /** Keys the receiver holds now (deleted locally). */
  delivered: string[];
  /** Keys the receiver refused for good (moved to dead_letter, never resent). */
  rejected: Rejection[];
  /** Something went wrong even if some items were settled: back off before the next try. */
  retryable?: boolean;
}

export interface Deliverer {
  kind: string;
  batchSize: number;
  deliver(items: OutboxItem[]): Promise<DeliveryOutcome>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DeliveryLoopOptions {
  store: OutboxStore;
  deliverers: readonly Deliverer[];
  backoff?: { initialMs: number; maxMs: number };
  timers?: Timers;
  random?: () => number;
  /** Told the kind and the error; must log the error type only (items may be sensitive). */
  onError?: (kind: string, error: unknown) => void;
}

export interface PassReport {
  delivered: number;
  rejected: number;
  failed: boolean;
  backlog: number;
}

export interface DeliveryLoop {
  start(): void;
  /** Stops scheduling and waits for a pass in flight, so the store can be closed safely. */
  stop(): Promise<void>;
  /** One pass now, ignoring any backoff (tests, "send now" buttons). */
  flushNow(): Promise<PassReport>;
  /** Forget the backoff and try now, e.g. when the network is known to be back. */
  nudge(): void;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createDeliveryLoop(o: DeliveryLoopOptions): DeliveryLoop {
  const timers = o.timers ?? defaultTimers;
  const random = o.random ?? Math.random;
  const backoff = o.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
  let started = false;
  let stopped = false;
  let running: Promise<PassReport> | null = null;
  let timer: unknown = null;
  let failures = 0;
  let wakeRequested = false;

  const clearTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const deliverKind = async (d: Deliverer, report: PassReport): Promise<void> => {
    for (;;) {
      // Read once per batch: a deliverer's kind may follow state (call records follow the
      // signed-in operator), and a batch must be settled in the queue it came from.
      const kind = d.kind;
      const items = o.store.peek(kind, d.batchSize);
      if (items.length === 0) return;
      o.store.recordAttempt(
        kind,
        items.map((i) => i.idempotencyKey),
      );
      let outcome: DeliveryOutcome;
      try {
        outcome = await d.deliver(items);
      } catch (e) {
        o.onError?.(kind, e);
        report.failed = true;
        return;
      }
      // Only keys of this batch may be settled: a confused receiver cannot delete others.
      const inBatch = new Set(items.map((i) => i.idempotencyKey));
      const delivered = outcome.delivered.filter((k) => inBatch.has(k));
      const rejected = outcome.rejected.filter((r) => inBatch.has(r.key) && !delivered.includes(r.key));
      o.store.settle(kind, delivered, rejected);
      report.delivered += delivered.length;
      report.rejected += rejected.length;
      if (outcome.retryable || delivered.length + rejected.length === 0) {
        report.failed = true;
        return;
      }
      if (stopped) return;
    }
  };

  const pass = async (): Promise<PassReport> => {
    const report: PassReport = { delivered: 0, rejected: 0, failed: false, backlog: 0 };
    for (const d of o.deliverers) {
      await deliverKind(d, report);
      if (report.failed) break;
    }
    report.backlog = o.store.backlog();
    return report;
  };

  const afterPass = (report: PassReport) => {
    if (!started || stopped) return;
    if (report.failed) {
      failures += 1;
      const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures - 1, 30));
      // Jitter spreads the retries of many workstations after an institution outage.
      const delay = Math.round(ceiling * (0.5 + random() * 0.5));
      clearTimer();
      timer = timers.setTimeout(() => {
        timer = null;
        kick();
      }, delay);
      return;
    }
    failures = 0;
    clearTimer();
    if (wakeRequested) {
      wakeRequested = false;
      kick();
    }
  };

  const runPass = async (): Promise<PassReport> => {
    while (running) await running.catch(() => undefined);
    const current = pass();
    running = current;
    try {
      const report = await current;
      return report;
    } finally {
      running = null;
    }
  };

  const kick = () => {
    if (!started || stopped) return;
    if (running) {
      wakeRequested = true;
      return;
    }
    if (timer !== null) return; // backing off: new items wait for the retry
    void runPass().then(afterPass, (e: unknown) => {
      o.onError?.('*', e);
      afterPass({ delivered: 0, rejected: 0, failed: true, backlog: 0 });
    });
  };

  let unsubscribe: (() => void) | null = null;

  return {
    start() {
      if (started || stopped) return;
      started = true;
      unsubscribe = o.store.onChange(() => kick());
      kick();
    },
    async stop() {
      stopped = true;
      clearTimer();
      unsubscribe?.();
      unsubscribe = null;
      while (running) await running.catch(() => undefined);
    },
    async flushNow() {
      const report = await runPass();
      afterPass(report);
      return report;
    },
    nudge() {
      failures = 0;
      clearTimer();
      kick();
    },
  };
}
