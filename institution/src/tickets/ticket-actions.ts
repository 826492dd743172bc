import type { Kysely } from 'kysely';
import type { TicketStatus } from '../../contract/ticket-api.ts';
import { checkEnvelopeShape } from '../../contract/ticket-crypto.ts';
import type { ServerEventLog } from '../audit/server-events.ts';
import type { StaffActionLog } from '../audit/staff-actions.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { findOperator, toOperator } from '../operators/operator-store.ts';
import type { TicketKeyRing } from './ticket-key.ts';
import type { TicketRow, TicketStore } from './ticket-store.ts';
import { canTransition, extendedDueAt, isRecused } from './ticket-workflow.ts';

/** Who acts, from where (for the history and the audit logs). */
export interface TicketActor {
  operatorId: string;
  permissions: readonly string[];
  workstationId: string | null;
  source: string;
}

/**
 * What processors do to a ticket: status transitions by the table, assignment, complaint
 * extensions and reveal. Each checks recusal (the person a complaint is about never handles
 * it) and is written to the ticket's history; reveals and refused reveals also go to the
 * staff-action log and, at a workstation, its server events.
 */
export function createTicketActions(deps: {
  db: Kysely<Database>;
  now: Clock;
  store: TicketStore;
  keys: TicketKeyRing;
  staffActions: StaffActionLog;
  serverEvents: ServerEventLog;
  /** Tests only: awaited between checking a change and writing it, so concurrent requests overlap there. */
  beforeWrite?: () => Promise<void>;
}) {
  const { db, store } = deps;

  function requireHandler(row: TicketRow, actor: TicketActor): void {
    if (!actor.permissions.includes('tickets.process')) throw new ApiFailure('forbidden', 'permission tickets.process is required');
    if (isRecused(row, actor.operatorId)) throw new ApiFailure('forbidden', 'recused: the complaint is about you');
  }

  async function mayHandle(operatorId: string, row: TicketRow): Promise<boolean> {
    const found = await findOperator(db, operatorId);
    if (found === undefined) return false;
    const operator = toOperator(found);
    return !operator.disabled && operator.permissions.includes('tickets.process') && !isRecused(row, operatorId);
  }

  async function audit(actor: TicketActor, type: 'ticket-revealed' | 'ticket-reveal-refused', ticketId: string, detail: string): Promise<void> {
    await store.record(ticketId, { operatorId: actor.operatorId, kind: type, detail });
    await deps.staffActions.record({ type, operatorId: actor.operatorId, workstationId: actor.workstationId, subject: `ticket:${ticketId}`, detail, source: actor.source });
    if (actor.workstationId !== null) await deps.serverEvents.record({ workstationId: actor.workstationId, type, operatorId: actor.operatorId, detail: `${ticketId} ${detail}`, source: actor.source });
  }

  return {
    async transition(row: TicketRow, actor: TicketActor, to: TicketStatus, note: string | undefined): Promise<TicketRow> {
      requireHandler(row, actor);
      const from = row.status as TicketStatus;
      if (!canTransition(from, to)) throw new ApiFailure('conflict', `a ticket cannot go from ${from} to ${to}`);
      await deps.beforeWrite?.();
      return store.update(row, { status: to }, { operatorId: actor.operatorId, kind: 'status', detail: `${from}→${to}${note === undefined ? '' : ` ${note}`}` });
    },

    async assign(row: TicketRow, actor: TicketActor, assignee: string | null): Promise<TicketRow> {
      requireHandler(row, actor);
      if (assignee !== null && isRecused(row, assignee)) throw new ApiFailure('conflict', 'recusal: the complaint is about this operator');
      if (assignee !== null && !(await mayHandle(assignee, row))) throw new ApiFailure('conflict', 'the assignee cannot process tickets');
      await deps.beforeWrite?.();
      return store.update(row, { assignee }, { operatorId: actor.operatorId, kind: 'assigned', detail: assignee ?? '-' });
    },

    /** First extension: 30 days after filing. Second: 60 days, approved by another processor. */
    async extend(row: TicketRow, actor: TicketActor, reason: string, approvedBy: string | undefined): Promise<TicketRow> {
      requireHandler(row, actor);
      if (row.due_at === null) throw new ApiFailure('conflict', 'only complaints have a due date');
      if (row.extensions >= 2) throw new ApiFailure('conflict', 'a complaint can be extended twice at most');
      const next = (row.extensions + 1) as 1 | 2;
      if (next === 2) {
        if (approvedBy === undefined) throw new ApiFailure('conflict', 'the second extension needs an approver');
        if (approvedBy === actor.operatorId) throw new ApiFailure('conflict', 'the approver must be someone else');
        if (!(await mayHandle(approvedBy, row))) throw new ApiFailure('conflict', 'the approver cannot process this ticket');
      }
      await deps.beforeWrite?.();
      return store.update(
        row,
        { due_at: extendedDueAt(row.created_at, next), extensions: next, approved_by: next === 2 ? (approvedBy ?? null) : null },
        { operatorId: actor.operatorId, kind: 'extended', detail: `${next} ${reason}` },
      );
    },

    /** The plaintext of one sealed field, for a permitted actor with a reason; audited either way. */
    async reveal(row: TicketRow, actor: TicketActor, pointer: string, reason: string): Promise<string> {
      const detail = `${pointer} ${reason}`.slice(0, 200);
      if (!actor.permissions.includes('tickets.reveal') || isRecused(row, actor.operatorId)) {
        await audit(actor, 'ticket-reveal-refused', row.id, detail);
        throw new ApiFailure('forbidden', 'permission tickets.reveal is required');
      }
      const envelope = valueAt(JSON.parse(row.data) as unknown, pointer);
      const shape = checkEnvelopeShape(envelope);
      if (!shape.ok) throw new ApiFailure('not_found', 'no sealed field at this pointer');
      if (!deps.keys.byKid.has(shape.envelope.kid)) throw new ApiFailure('conflict', 'the key that sealed this field is no longer held');
      let value: string;
      try {
        value = deps.keys.open(shape.envelope, { typeId: row.type_id, typeVersion: row.type_version, pointer });
      } catch {
        // Authenticated at intake; failing now means the stored row was altered.
        throw new ApiFailure('conflict', 'the sealed field does not open');
      }
      await audit(actor, 'ticket-revealed', row.id, detail);
      return value;
    },
  };
}

/** The value at a JSON pointer (undefined when any step is missing). */
export function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export type TicketActions = ReturnType<typeof createTicketActions>;
