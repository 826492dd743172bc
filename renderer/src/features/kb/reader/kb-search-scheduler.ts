/**
 * Search as you type without a flood and without flicker: every keystroke may send a
 * search, but at most `maxInFlight` run at once — while they are full only the newest
 * query waits (older waiting ones are simply replaced) — and an answer older than one
 * already shown is dropped, so results never jump back to a previous query's.
 */
export interface SearchScheduler<Q> {
  /** The user's newest query; null clears (no request, and answers still under way are dropped). */
  submit(query: Q | null): void;
  /** Runs the newest query again (an article in the results changed). */
  rerun(): void;
  /** Requests running now (tests, the benchmark). */
  inFlight(): number;
  stop(): void;
}

export interface SchedulerOptions<Q, R> {
  run(query: Q): Promise<R>;
  /** An answer to show (never older than one shown before). */
  onResult(query: Q, result: R): void;
  /** A request for the newest query started (the page may show "searching"). */
  onStart?(query: Q): void;
  maxInFlight?: number;
}

export const DEFAULT_MAX_IN_FLIGHT = 2;

export function createSearchScheduler<Q, R>(o: SchedulerOptions<Q, R>): SearchScheduler<Q> {
  const max = o.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  /** Sequence number of the newest submission; answers carry the number they were sent with. */
  let latest = 0;
  /** The newest sequence number whose answer was shown (or cleared). */
  let shown = 0;
  let running = 0;
  let waiting: { seq: number; query: Q } | null = null;
  let current: Q | null = null;
  let stopped = false;

  const send = (seq: number, query: Q): void => {
    running += 1;
    o.onStart?.(query);
    void o
      .run(query)
      .then(
        (result) => {
          // Stale: a newer answer is already on screen (or the box was cleared since).
          if (stopped || seq <= shown) return;
          shown = seq;
          o.onResult(query, result);
        },
        () => undefined,
      )
      .finally(() => {
        running -= 1;
        const next = waiting;
        if (next !== null && !stopped && running < max) {
          waiting = null;
          send(next.seq, next.query);
        }
      });
  };

  const schedule = (query: Q): void => {
    latest += 1;
    if (running < max) send(latest, query);
    else waiting = { seq: latest, query };
  };

  return {
    submit(query) {
      current = query;
      if (query === null) {
        latest += 1;
        shown = latest;
        waiting = null;
        return;
      }
      schedule(query);
    },
    rerun() {
      if (current !== null) schedule(current);
    },
    inFlight: () => running,
    stop() {
      stopped = true;
      waiting = null;
    },
  };
}
