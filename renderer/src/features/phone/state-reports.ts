import type { DeskResult } from '../../../../electron/contract/errors.ts';
import type { AgentStateReport } from '../../../../electron/contract/phone.ts';
import { sameReport } from './agent-state.ts';

/**
 * Agent-state reports to the institution (phone-store.ts): every change, in order, one at a time,
 * so a supervisor's view never sees them out of order; an unchanged state is not sent again.
 */
export interface StateReporter {
  /** Queues `next` unless it equals the last one queued; `queued` runs before it is sent. */
  offer(next: AgentStateReport, queued?: (report: AgentStateReport) => void): void;
  /** Forgets the queue and the last report (the phone stopped). */
  reset(): void;
}

export interface StateReportOutcomes {
  acknowledged(report: AgentStateReport): void;
  /** The institution holds Ready until mandatory knowledge-base reads are acknowledged (409 kb_mandatory_pending). */
  readyHeld(): void;
  failed(): void;
}

export function createStateReporter(send: (report: AgentStateReport) => Promise<DeskResult<null>>, outcomes: StateReportOutcomes): StateReporter {
  const queue: AgentStateReport[] = [];
  let lastQueued: AgentStateReport | null = null;
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    while (queue.length > 0) {
      const report = queue.shift() as AgentStateReport;
      const result = await send(report);
      if (result.ok) outcomes.acknowledged(report);
      else if (result.error.code === 'kb_mandatory_pending' && report.state === 'ready') outcomes.readyHeld();
      else outcomes.failed();
    }
    draining = false;
  };
  return {
    offer(next, queued) {
      if (sameReport(lastQueued, next)) return;
      lastQueued = next;
      queue.push(next);
      queued?.(next);
      void drain();
    },
    reset() {
      queue.length = 0;
      lastQueued = null;
    },
  };
}
