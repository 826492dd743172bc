import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFaultDesk, type FaultDesk } from './tickets-faults.desk.ts';
import { startRestartableInstitution, type RestartableInstitution } from './tickets-faults.harness.ts';

/**
 * A backlog leaves as soon as the institution is back, not when the outbox's own retry comes
 * round. The outbox backs off up to a minute (so an unreachable institution is not hammered);
 * the push stream reconnects within 5 s, and its coming back ends that backoff (desk-core's
 * connection monitor → delivery.nudge). Here the outbox's next retry is set 10 minutes out: a
 * ticket delivered within the test's 60 s can only have gone out because the stream came back.
 */
const WORKSTATION = 'WS-TICKETS-RETURN';
const OUTBOX_RETRY_MS = 10 * 60_000;

let institution: RestartableInstitution;
let deskDir: string;
let desk: FaultDesk | null = null;

beforeAll(async () => {
  institution = await startRestartableInstitution();
  deskDir = mkdtempSync(join(tmpdir(), 'tickets-return-desk-'));
});
afterAll(async () => {
  await desk?.close();
  await institution?.close();
  rmSync(deskDir, { recursive: true, force: true });
});

describe('tickets queued during an outage', () => {
  it('are delivered when the institution returns, without waiting out the outbox backoff', async () => {
    const trust = await institution.trust();
    desk = await openFaultDesk({
      trust,
      dataDir: deskDir,
      workstationId: WORKSTATION,
      enrollmentCode: await institution.register(WORKSTATION),
      deliveryBackoff: { initialMs: OUTBOX_RETRY_MS, maxMs: OUTBOX_RETRY_MS },
    });
    await institution.stop();
    const filed = [await desk.file(0), await desk.file(1)];
    expect(filed.map((f) => f.state)).toEqual(['queued', 'queued']);
    // The first delivery attempt fails at once and the outbox waits its (long) backoff; the push
    // stream has broken too and retries on its own schedule.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await desk.outbox()).waiting).toBe(2);

    const back = Date.now();
    await institution.start();
    await desk.drained(60_000);
    console.log(`tickets return: backlog delivered ${Date.now() - back} ms after the institution returned (outbox backoff ${OUTBOX_RETRY_MS} ms)`);
    expect(institution.storedCount()).toBe(2);
  }, 120_000);
});
