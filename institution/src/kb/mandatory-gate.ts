import type { Kysely } from 'kysely';
import type { Permission, Role } from '../../contract/api.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { createKbReads } from './kb-reads.ts';
import { createKbStore } from './kb-store.ts';

/**
 * The institution's half of the Ready gate: an operator with unacknowledged mandatory
 * versions may not report `ready` (the desk refuses it first; this holds for any client).
 * Operators who cannot read the knowledge base have no queue, so they are never gated.
 */
export function createMandatoryGate(deps: { db: Kysely<Database>; now: Clock }) {
  const store = createKbStore(deps);
  const reads = createKbReads({ db: deps.db });
  return {
    /** How many mandatory versions the operator still has to acknowledge (0: Ready is allowed). */
    async pendingCount(operatorId: string, roles: readonly Role[], granted: readonly Permission[]): Promise<number> {
      const author = granted.includes('kb.edit');
      if (!author && !granted.includes('kb.read')) return 0;
      return (await reads.pending({ operatorId, roles, author }, await store.spaces())).length;
    },
  };
}

export type MandatoryGate = ReturnType<typeof createMandatoryGate>;
