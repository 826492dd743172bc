/** What the desk core stops when it closes, in the order it stops them. */
export interface ShutDownParts {
  enroller: { stop(): void; state(): string };
  /** Timers that end at once: the anchor heartbeat, the reachability probe, the idle lock, the updater. */
  stopAtOnce: (() => void)[];
  keeper: { shutdown(): Promise<void> };
  delivery: { flushNow(): Promise<unknown>; stop(): Promise<unknown> };
  unsubscribes: (() => void)[];
  store: { close(): void };
}

/**
 * Quitting must not hang on an unreachable institution. Tokens are dropped at once
 * (shutdown ends the session locally first); the server logout and one last audit
 * flush get a bounded time. Rows caught mid-delivery are simply resent next start:
 * the institution acknowledges re-sent events without storing them twice.
 */
export async function shutDownDeskCore(p: ShutDownParts, boundMs: number): Promise<void> {
  p.enroller.stop();
  for (const stop of p.stopAtOnce) stop();
  await within(p.keeper.shutdown(), boundMs);
  if (p.enroller.state() === 'enrolled') await within(p.delivery.flushNow(), boundMs);
  await within(p.delivery.stop(), boundMs);
  for (const u of p.unsubscribes) u();
  p.store.close();
}

/** Waits for `p` (errors ignored) or `ms`, whichever comes first. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
