/**
 * Test support (not shipped; no vitest): a real desk core driven the way the renderer drives
 * it for tickets — enrolled with IT's code, signed in, the form's draft autosaved
 * (`tickets.draft-save`), then filed (`tickets.submit` with the draft id, so filing and the
 * draft's deletion are one transaction). Used by tickets.faults.test.ts (in process), its
 * child process tickets-fault-fixture.ts and bench/tickets-drain.ts.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DeskInfo } from '../../contract/schemas.ts';
import type { TicketDraft, TicketDrafts, TicketKey, TicketOutbox, TicketSubmitted } from '../../contract/tickets.ts';
import { createDeskCore, type DeskCore, type DeskCoreOptions } from '../desk-core.ts';
import { eventually, testMainHandlers } from '../desk-core.harness.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { FAULT_OPERATOR, FAULT_TYPE, ticketSealer, type InstitutionTrust, type TicketSealer } from './tickets-faults.harness.ts';

export const FAULT_DESK_SECRET = 'tickets-faults-desk-secret';

export interface FaultDeskOptions {
  trust: InstitutionTrust;
  dataDir: string;
  workstationId: string;
  /** IT's one-time code (first start only). */
  enrollmentCode?: string;
  /** Outbox retry backoff (default 50–500 ms: tests must not wait out production's minute); 'production': core's own. */
  deliveryBackoff?: { initialMs: number; maxMs: number } | 'production';
  log?: (message: string) => void;
}

async function call<T>(core: DeskCore, channel: string, payload: unknown): Promise<T> {
  const result = await core.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel} refused: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

export interface FaultDesk {
  core: DeskCore;
  sealer: TicketSealer;
  /**
   * Files ticket `i`; resolves with the core's answer. With `draft` the form's autosave comes
   * first and the submit names it (a crash in between leaves the draft, never half a ticket).
   */
  file(i: number, o?: { draft?: boolean; drafted?: () => void }): Promise<TicketSubmitted>;
  /** Files the operator's leftover drafts (a crash between autosave and submit); their draft ids. */
  fileLeftoverDrafts(): Promise<TicketDraft[]>;
  /** `tickets.outbox`; a screen the idle timer locked meanwhile is unlocked first, as the agent would. */
  outbox(): Promise<TicketOutbox>;
  /** Ticket rows in the outbox on disk (read-only, any session state). */
  queuedRows(): number;
  /** Until this operator's tickets all left the workstation (none waiting, none undeliverable). */
  drained(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens the desk (same data dir → the same workstation after a restart), waits for enrollment, signs in. */
export async function openFaultDesk(o: FaultDeskOptions): Promise<FaultDesk> {
  const options: DeskCoreOptions = {
    dataDir: o.dataDir,
    workstationId: o.workstationId,
    ...(o.enrollmentCode === undefined ? {} : { enrollmentCode: o.enrollmentCode }),
    signedProfile: o.trust.signedProfile,
    trustedProfileKeys: { [o.trust.profileKeyId]: o.trust.profilePublicKeyPem },
    caPem: o.trust.caPem,
    keyProvider: createStaticKeyProvider(FAULT_DESK_SECRET),
    appOrigin: 'app://desk',
    mainHandlers: testMainHandlers,
    enrollmentBackoff: { initialMs: 50, maxMs: 200 },
    ...(o.deliveryBackoff === 'production' ? {} : { deliveryBackoff: o.deliveryBackoff ?? { initialMs: 50, maxMs: 500 } }),
    log: o.log ?? (() => undefined),
  };
  const core = await createDeskCore(options);
  try {
    await eventually(async () => ((await call<DeskInfo>(core, 'session.info', undefined)).enrollment === 'enrolled' ? true : undefined), 'the workstation enrolled', 20_000);
    await call(core, 'session.login', FAULT_OPERATOR);
    // The form fetches the types when it opens (core caches them): filing then works offline.
    await call(core, 'tickets.types', undefined);
    const key = await call<TicketKey>(core, 'tickets.key', undefined);
    if (key === null) throw new Error('the signed profile names no ticket key');
    const sealer = await ticketSealer(key);
    return wrap(core, sealer, o.dataDir);
  } catch (e) {
    await core.close();
    throw e;
  }
}

function wrap(core: DeskCore, sealer: TicketSealer, dataDir: string): FaultDesk {
  const outbox = async (): Promise<TicketOutbox> => {
    const result = await core.dispatch('tickets.outbox', undefined);
    if (result.ok) return result.value as TicketOutbox;
    if (result.error.code !== 'session_locked') throw new Error(`tickets.outbox refused: ${JSON.stringify(result.error)}`);
    await call(core, 'session.unlock', { password: FAULT_OPERATOR.password });
    return call<TicketOutbox>(core, 'tickets.outbox', undefined);
  };
  const queuedRows = (): number => {
    const db = new Database(join(dataDir, 'outbox.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'ticket' OR kind LIKE 'ticket-own:%'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return {
    core,
    sealer,
    async file(i, fo = {}) {
      const data = await sealer.data(i);
      if (fo.draft !== true) return call<TicketSubmitted>(core, 'tickets.submit', { ...FAULT_TYPE, data });
      const draft: TicketDraft = { draftId: randomUUID(), ...FAULT_TYPE, values: data, updatedAt: new Date().toISOString() };
      await call(core, 'tickets.draft-save', draft);
      fo.drafted?.();
      return call<TicketSubmitted>(core, 'tickets.submit', { draftId: draft.draftId, ...FAULT_TYPE, data });
    },
    async fileLeftoverDrafts() {
      const { drafts } = await call<TicketDrafts>(core, 'tickets.drafts', undefined);
      for (const d of drafts) await call(core, 'tickets.submit', { draftId: d.draftId, typeId: d.typeId, typeVersion: d.typeVersion, data: d.values });
      return drafts;
    },
    outbox,
    async drained(timeoutMs) {
      // The rows on disk, every 100 ms: asking more often only takes time from the deliveries
      // (and an idle-locked screen does not stop them: the outbox delivers while locked).
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const left = queuedRows();
        if (left === 0) break;
        if (Date.now() > deadline) throw new Error(`timed out with ${left} tickets still queued`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const box = await outbox();
      if (box.undeliverable.length > 0) throw new Error(`undeliverable tickets: ${JSON.stringify(box.undeliverable.slice(0, 3))}`);
    },
    queuedRows,
    close: () => core.close(),
  };
}
