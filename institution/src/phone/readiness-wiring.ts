import type { Kysely } from 'kysely';
import type { ServerEventLog } from '../audit/server-events.ts';
import type { Database } from '../db/schema.ts';
import { createKamailioReadinessSink } from './kamailio-readiness.ts';
import type { PhoneStore } from './phone-store.ts';
import { fanOutReadiness, noReadinessSink, publishAgentState, type ReadinessDeliveryEvent, type ReadinessSink } from './readiness-sink.ts';

export interface ReadinessWiring {
  /** Kamailio JSON-RPC URLs (one per SBC); none: readiness stays in the institution. */
  sbcRpcUrls: readonly string[];
  db: Kysely<Database>;
  phone: PhoneStore;
  serverEvents: ServerEventLog;
  /** One line per delivery problem (serve: stderr). */
  log?: (line: string) => void;
  /** Tests: faster retries and restart checks. */
  tuning?: { retry?: { firstMs: number; maxMs: number }; restartCheckMs?: number };
}

/**
 * The institution's readiness sinks: one Kamailio sink per SBC, delivery problems written to
 * the log and to the workstation's server events (so an auditor sees that the queue may have
 * been wrong for an operator, and when it was right again), and every known agent state pushed
 * once at start (an institution restart must not leave the queues stale).
 */
export function startReadiness(wiring: ReadinessWiring): ReadinessSink {
  if (wiring.sbcRpcUrls.length === 0) return noReadinessSink;
  const { db, serverEvents } = wiring;
  const audit = async (event: ReadinessDeliveryEvent): Promise<void> => {
    if (event.kind === 'resynced') return;
    const row = await db.selectFrom('agent_states').select('workstation_id').where('operator_id', '=', event.operatorId).executeTakeFirst();
    if (row === undefined) return;
    await serverEvents.record({
      workstationId: row.workstation_id,
      type: event.kind === 'failed' ? 'sbc-readiness-failed' : 'sbc-readiness-delivered',
      operatorId: event.operatorId,
      detail: event.kind === 'failed' ? `${event.sbc} ${event.change} ${event.error}` : `${event.sbc} ${event.change} after ${event.attempts} attempts`,
      source: 'sbc',
    });
  };
  const onEvent = (event: ReadinessDeliveryEvent): void => {
    const line =
      event.kind === 'resynced'
        ? `SBC ${event.sbc}: ${event.why === 'restarted' ? 'restarted' : 'reachable again'}, re-sent ${event.readyOperators} Ready operator(s)`
        : event.kind === 'failed'
          ? `SBC ${event.sbc}: could not set ${event.operatorId} ${event.change} (${event.error}); retrying`
          : `SBC ${event.sbc}: ${event.operatorId} ${event.change} delivered after ${event.attempts} attempts`;
    wiring.log?.(line);
    audit(event).catch(() => undefined);
  };
  const sink = fanOutReadiness(wiring.sbcRpcUrls.map((rpcUrl) => createKamailioReadinessSink({ rpcUrl, onEvent, ...wiring.tuning })));
  wiring.phone
    .currentStates()
    .then((states) => {
      for (const state of states) publishAgentState(sink, state.operatorId, state.state, Date.parse(state.since));
    })
    .catch(() => undefined);
  return sink;
}
