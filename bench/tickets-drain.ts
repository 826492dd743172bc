/**
 * Outbox drain for bench/tickets.bench.ts: N tickets queued in the desk core's outbox while the
 * institution is unreachable, then it becomes reachable → time until all are delivered, and the
 * institution's ids compared with the queued ones (0 lost / 0 duplicated).
 */
export async function runDrainBench(count: number, load: () => string): Promise<void> {
  console.log(`\n— outbox drain of ${count} tickets: not wired yet (waits for the desk's tickets core), load ${load()}`);
}
