import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, AnchorResponse, ApiError, AuditBatchResponse, AuditWorkstationStatus } from '../../contract/api.ts';
import type { AuditEvent } from '../../contract/audit.ts';
import { GENESIS_HASH } from '../../contract/audit.ts';
import { AUDIT_HEAD_HEADER, formatAuditHeadHeader } from '../../contract/workstation-proof.ts';
import { createTestWorkstation, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution, TestWorkstation } from '../testing/harness.ts';

const GRACE_MS = 5 * 60_000;

/**
 * Rewrites a chain the way someone holding the workstation key would: drops event `drop`,
 * renumbers the rest and re-signs every link from there on. The result is a perfectly
 * valid chain on its own; only an anchor can tell it from the original.
 */
function dropRenumberResign(ws: TestWorkstation, events: AuditEvent[], drop: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (const { hash: _hash, signature: _signature, ...body } of events.filter((e) => e.seq !== drop)) {
    const event = ws.seal({ ...body, seq: out.length + 1, prevHash });
    out.push(event);
    prevHash = event.hash;
  }
  return out;
}

/**
 * The workstation's signed audit head is anchored at the institution (heartbeat and every
 * authenticated call), so undelivered history cannot be rewritten or cut unseen: real
 * server over HTTPS, real SQLite, the attacks from the security review.
 */
describe('audit head anchoring', () => {
  let t: TestInstitution;
  let auditor: string;
  let counter = 0;
  beforeAll(async () => {
    // Long-lived tokens: these tests move the clock by whole delivery windows.
    t = await startTestInstitution({ anchorPolicy: { deliveryGraceMs: GRACE_MS }, tokenTtl: { accessSeconds: 86_400, refreshSeconds: 86_400 } });
    auditor = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  async function enrolled(): Promise<TestWorkstation> {
    counter += 1;
    const ws = createTestWorkstation(`WS-ANCHOR-${counter}`);
    await t.provision(ws);
    return ws;
  }
  const anchor = (json: unknown) => t.client.request('POST', `${API_PREFIX}/workstations/anchor`, { json });
  async function anchored(ws: TestWorkstation, event: AuditEvent, at: number): Promise<AnchorResponse> {
    const response = await anchor(ws.signedHead(event, at));
    expect(response.status, response.text).toBe(200);
    return AnchorResponse.parse(response.json);
  }
  async function deliver(events: AuditEvent[]): Promise<AuditBatchResponse> {
    const response = await t.client.request('POST', `${API_PREFIX}/audit/events`, { json: { events } });
    expect(response.status).toBe(200);
    return AuditBatchResponse.parse(response.json);
  }
  async function view(id: string): Promise<AuditWorkstationStatus> {
    const response = await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${id}`, { token: auditor });
    expect(response.status).toBe(200);
    return AuditWorkstationStatus.parse(response.json);
  }
  const reasons = async (id: string) => (await view(id)).flags.map((f) => f.reason);

  it('without an anchor, drop-renumber-re-sign is invisible (the finding of the review)', async () => {
    const ws = await enrolled();
    const rewritten = dropRenumberResign(ws, ws.chain(6), 3);
    expect((await deliver(rewritten)).rejected).toEqual([]);
    expect(await view(ws.id)).toMatchObject({ headSeq: 5, anchoredSeq: 0, flags: [] });
  });

  it('the rewrite attack (drop, renumber, re-sign) is flagged at the next anchor', async () => {
    const ws = await enrolled();
    const original = ws.chain(6);
    expect(await anchored(ws, original[5] as AuditEvent, 1_000)).toEqual({ anchoredSeq: 6, headSeq: 0 });
    const rewritten = dropRenumberResign(ws, original, 3);
    // The workstation's next heartbeat signs the head it now has: seq 5, later than head 6.
    await anchored(ws, rewritten[4] as AuditEvent, 2_000);
    const flags = (await view(ws.id)).flags;
    expect(flags).toEqual([expect.objectContaining({ seq: 5, reason: 'head-regression' })]);
    expect(flags[0]?.detail).toContain('signed after head 6');
    // Growing the rewritten chain back to the anchored seq does not help: its hash differs.
    const { hash: _h, signature: _s, ...tail } = original[5] as AuditEvent;
    const refill = ws.seal({ ...tail, prevHash: (rewritten[4] as AuditEvent).hash, data: { forged: true } });
    const delivered = await deliver([...rewritten, refill]);
    expect(delivered.rejected).toEqual([{ seq: 6, reason: 'anchor-conflict' }]);
    expect(await reasons(ws.id)).toEqual(['head-regression', 'anchor-conflict']);
  });

  it('a rewritten head at the anchored seq is an anchor-conflict at once, before any delivery', async () => {
    const ws = await enrolled();
    const original = ws.chain(6);
    await anchored(ws, original[5] as AuditEvent, 1_000);
    const { hash: _h, signature: _s, ...body } = original[5] as AuditEvent;
    await anchored(ws, ws.seal({ ...body, data: { rewritten: true } }), 2_000);
    expect(await reasons(ws.id)).toEqual(['anchor-conflict']);
  });

  it('the truncation attack (deliver a prefix, delete the rest) is flagged once the policy window has passed', async () => {
    const ws = await enrolled();
    const events = ws.chain(6);
    await anchored(ws, events[5] as AuditEvent, 1_000);
    expect((await deliver(events.slice(0, 3))).headSeq).toBe(3);
    // Events 4..6 are deleted from the outbox: nothing more is ever delivered. Within the window, no flag.
    await anchored(ws, events[5] as AuditEvent, 2_000);
    expect(await view(ws.id)).toMatchObject({ headSeq: 3, anchoredSeq: 6, flags: [] });
    t.clock.advance(GRACE_MS + 1);
    // The next heartbeat (still signing head 6) finds the deliveries short of it.
    expect(await anchored(ws, events[5] as AuditEvent, 3_000)).toEqual({ anchoredSeq: 6, headSeq: 3 });
    const flags = (await view(ws.id)).flags;
    expect(flags).toEqual([expect.objectContaining({ seq: 6, reason: 'undelivered' })]);
    expect(flags[0]?.detail).toContain('delivered up to 3');
  });

  it('the auditors see an overdue delivery when they look, with no heartbeat needed', async () => {
    const ws = await enrolled();
    const events = ws.chain(4);
    await anchored(ws, events[3] as AuditEvent, 1_000);
    await deliver(events.slice(0, 2));
    expect(await reasons(ws.id)).toEqual([]);
    t.clock.advance(GRACE_MS + 1);
    expect(await reasons(ws.id)).toEqual(['undelivered']);
    expect(await reasons(ws.id)).toEqual(['undelivered']);
  });

  it('an honest workstation raises nothing: late heads, repeated heads, delivery after anchoring', async () => {
    const ws = await enrolled();
    const events = ws.chain(8);
    await anchored(ws, events[5] as AuditEvent, 6_000);
    // A request signed at head 4 before head 6 existed arrives late: not a regression.
    expect(await anchored(ws, events[3] as AuditEvent, 4_000)).toEqual({ anchoredSeq: 6, headSeq: 0 });
    await anchored(ws, events[5] as AuditEvent, 7_000);
    await deliver(events.slice(0, 6));
    await anchored(ws, events[7] as AuditEvent, 8_000);
    await deliver(events.slice(6));
    t.clock.advance(GRACE_MS + 1);
    expect(await view(ws.id)).toMatchObject({ headSeq: 8, anchoredSeq: 8, flags: [] });
  });

  it('anchors the X-Audit-Head of authenticated calls; a forged or malformed one refuses the call', async () => {
    const ws = await enrolled();
    const events = ws.chain(3);
    const { accessToken } = await t.login('A1001', 'Agent#2026', { workstationId: ws.id });
    const me = (head: string) => t.client.request('GET', `${API_PREFIX}/me`, { token: accessToken, headers: { [AUDIT_HEAD_HEADER]: head } });
    const head = ws.signedHead(events[2] as AuditEvent, 1_000);
    expect((await me(formatAuditHeadHeader(head))).status).toBe(200);
    expect(await view(ws.id)).toMatchObject({ anchoredSeq: 3, headSeq: 0 });

    const forged = createTestWorkstation(ws.id).signedHead(events[2] as AuditEvent, 1_000);
    const refused = await me(formatAuditHeadHeader(forged));
    expect(refused.status).toBe(401);
    expect(ApiError.parse(refused.json).error.code).toBe('workstation_proof_invalid');
    expect((await me('3.not-a-head')).status).toBe(400);
  });

  it('refuses a head that does not verify (nothing recorded) and one from an unenrolled workstation', async () => {
    const ws = await enrolled();
    const event = ws.chain(1)[0] as AuditEvent;
    const head = ws.signedHead(event, 1_000);
    const tampered = await anchor({ ...head, at: 1_001 });
    expect(tampered.status).toBe(401);
    expect(ApiError.parse(tampered.json).error.code).toBe('workstation_proof_invalid');
    expect((await view(ws.id)).anchoredSeq).toBe(0);
    const stranger = createTestWorkstation('WS-NEVER-ENROLLED');
    const unknown = await anchor(stranger.signedHead(event, 1_000));
    expect(unknown.status).toBe(403);
    expect(ApiError.parse(unknown.json).error.code).toBe('workstation_not_enrolled');
  });
});
