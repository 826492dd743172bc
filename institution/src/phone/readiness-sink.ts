import type { AgentState } from '../../contract/api.ts';

/**
 * Where the institution pushes who may be rung: the SBC's queue rings only operators it was
 * told are Ready (Kamailio's htable `ready`, see kamailio-readiness.ts). The institution owns
 * readiness; the SBC never changes it.
 *
 * Both calls return at once and never throw: an SBC that cannot be reached must not block or
 * fail the agent's state report. Delivery is retried by the implementation, latest state wins.
 */
export interface ReadinessSink {
  /** The operator is Ready since `sinceUnixSeconds` (the queue rings the longest-Ready first). */
  ready(operatorId: string, sinceUnixSeconds: number): void;
  /** Any other state: the queue must not ring the operator. */
  notReady(operatorId: string): void;
  /** Resolves true once nothing is waiting for delivery, false after `timeoutMs` (tests, shutdown). */
  settled(timeoutMs: number): Promise<boolean>;
  /** Stops retrying and timers; later calls are ignored. */
  close(): Promise<void>;
}

/** What a sink tells its owner about delivery, for the log and the audit trail. */
export type ReadinessDeliveryEvent =
  | { kind: 'failed'; sbc: string; operatorId: string; change: 'ready' | 'not-ready'; error: string }
  | { kind: 'recovered'; sbc: string; operatorId: string; change: 'ready' | 'not-ready'; attempts: number }
  | { kind: 'resynced'; sbc: string; readyOperators: number; why: 'restarted' | 'reachable-again' };

/** Only 示闲 is ringable: ringing, on a call, wrap-up, not ready and offline all take the agent out of the queue. */
export function isRingable(state: AgentState): boolean {
  return state === 'ready';
}

/** Pushes one report: `since` is when the state began (ms since the epoch). */
export function publishAgentState(sink: ReadinessSink, operatorId: string, state: AgentState, sinceMs: number): void {
  if (isRingable(state)) sink.ready(operatorId, Math.floor(sinceMs / 1000));
  else sink.notReady(operatorId);
}

/** No SBC configured: readiness stays in the institution only. */
export const noReadinessSink: ReadinessSink = {
  ready: () => undefined,
  notReady: () => undefined,
  settled: () => Promise.resolve(true),
  close: () => Promise.resolve(),
};

/** Several SBCs (each has its own queue table): every change goes to each. */
export function fanOutReadiness(sinks: readonly ReadinessSink[]): ReadinessSink {
  if (sinks.length === 0) return noReadinessSink;
  if (sinks.length === 1 && sinks[0] !== undefined) return sinks[0];
  return {
    ready: (operatorId, since) => sinks.forEach((sink) => sink.ready(operatorId, since)),
    notReady: (operatorId) => sinks.forEach((sink) => sink.notReady(operatorId)),
    settled: async (timeoutMs) => (await Promise.all(sinks.map((sink) => sink.settled(timeoutMs)))).every(Boolean),
    close: async () => {
      await Promise.all(sinks.map((sink) => sink.close()));
    },
  };
}
