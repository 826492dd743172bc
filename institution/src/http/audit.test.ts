import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, AuditBatchResponse, AuditWorkstationStatus } from '../../contract/api.ts';
import type { AuditEvent } from '../../contract/audit.ts';
import { createTestWorkstation, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution, TestWorkstation } from '../testing/harness.ts';

describe('audit ingestion', () => {
  let t: TestInstitution;
  let auditorToken: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestInstitution();
    auditorToken = (await t.login('QA01', 'Quality#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  /** A fresh, enrolled workstation per test so chains never interfere. No session: delivery is authenticated by signatures. */
  async function enrolledWorkstation(): Promise<TestWorkstation> {
    counter += 1;
    const ws = createTestWorkstation(`WS-AUDIT-${counter}`);
    await t.provision(ws);
    return ws;
  }

  async function send(events: AuditEvent[]): Promise<AuditBatchResponse> {
    const response = await t.client.request('POST', `${API_PREFIX}/audit/events`, { json: { events } });
    expect(response.status).toBe(200);
    return AuditBatchResponse.parse(response.json);
  }

  async function status(id: string, query = ''): Promise<AuditWorkstationStatus> {
    const response = await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${id}${query}`, { token: auditorToken });
    expect(response.status).toBe(200);
    return AuditWorkstationStatus.parse(response.json);
  }

  it('stores a valid chain of 5 → headSeq 5, no gaps, nothing flagged', async () => {
    const ws = await enrolledWorkstation();
    const result = await send(ws.chain(5));
    expect(result).toEqual({ acknowledged: [1, 2, 3, 4, 5], headSeq: 5, gaps: [], rejected: [] });
    expect(await status(ws.id)).toEqual({ workstationId: ws.id, headSeq: 5, anchoredSeq: 0, anchoredAt: null, flags: [], nextBefore: null });
  });

  it('acknowledges a resent batch without storing it twice', async () => {
    const ws = await enrolledWorkstation();
    const chain = ws.chain(5);
    await send(chain.slice(0, 3));
    const again = await send(chain);
    expect(again).toEqual({ acknowledged: [1, 2, 3, 4, 5], headSeq: 5, gaps: [], rejected: [] });
    expect(await send(chain)).toEqual(again);
    expect((await status(ws.id)).flags).toEqual([]);
  });

  it('accepts events in any order within a batch (verified in seq order)', async () => {
    const ws = await enrolledWorkstation();
    const result = await send(ws.chain(4).reverse());
    expect(result).toMatchObject({ acknowledged: [1, 2, 3, 4], headSeq: 4, rejected: [] });
  });

  it('a REMOVED event shows as gap 3..3, is flagged, and the late event must link', async () => {
    const ws = await enrolledWorkstation();
    const chain = ws.chain(5);
    const withHole = [chain[0], chain[1], chain[3], chain[4]] as AuditEvent[];
    const result = await send(withHole);
    expect(result).toEqual({ acknowledged: [1, 2, 4, 5], headSeq: 2, gaps: [{ fromSeq: 3, toSeq: 3 }], rejected: [] });
    const flags = (await status(ws.id)).flags;
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ seq: 4, reason: 'gap', detail: 'missing 3..3' });

    // A forged seq 3 (re-signed, but with other content) does not link to the stored seq 4.
    const forged = ws.seal({ ...chain[2]!, data: { forged: true } } as AuditEvent);
    expect((await send([forged])).rejected).toEqual([{ seq: 3, reason: 'broken-link' }]);
    // The real one closes the gap.
    expect(await send([chain[2]!])).toEqual({ acknowledged: [3], headSeq: 5, gaps: [], rejected: [] });
  });

  it('REORDERED events: swapping seq fields breaks the hashes; re-signed, they break the links', async () => {
    const ws = await enrolledWorkstation();
    const chain = ws.chain(5) as [AuditEvent, AuditEvent, AuditEvent, AuditEvent, AuditEvent];
    await send(chain.slice(0, 2));
    const [e3, e4] = [chain[2], chain[3]];
    const swapped = [
      { ...e3, seq: 4, prevHash: e4.prevHash },
      { ...e4, seq: 3, prevHash: e3.prevHash },
    ];
    const first = await send(swapped);
    expect(first.rejected).toEqual([
      { seq: 3, reason: 'bad-hash' },
      { seq: 4, reason: 'bad-hash' },
    ]);
    expect(first.headSeq).toBe(2);

    // Even re-hashed and re-signed with the workstation key, event 4 moved to seq 3 keeps
    // pointing at event 3's hash, so it does not link after the stored event 2.
    const { hash: _h, signature: _s, ...body4 } = e4;
    const moved = ws.seal({ ...body4, seq: 3 });
    expect((await send([moved])).rejected).toEqual([{ seq: 3, reason: 'broken-link' }]);
    const reasons = (await status(ws.id)).flags.map((f) => f.reason);
    expect(reasons).toEqual(['bad-hash', 'bad-hash', 'broken-link']);
    // The genuine chain still completes.
    expect((await send(chain.slice(2))).headSeq).toBe(5);
  });

  it('an ALTERED event (data changed, validly signed hash kept) is rejected as bad-hash and flagged', async () => {
    const ws = await enrolledWorkstation();
    const chain = ws.chain(3);
    const altered = { ...chain[1]!, data: { n: 2, note: 'edited afterwards' } };
    const result = await send([chain[0]!, altered, chain[2]!]);
    expect(result.rejected).toEqual([{ seq: 2, reason: 'bad-hash' }]);
    expect(result.acknowledged).toEqual([1, 3]);
    expect(result.headSeq).toBe(1);
    expect(result.gaps).toEqual([{ fromSeq: 2, toSeq: 2 }]);
    expect((await status(ws.id)).flags.map((f) => [f.seq, f.reason])).toEqual([
      [2, 'bad-hash'],
      [3, 'gap'],
    ]);
  });

  it('a bad signature is rejected as bad-signature', async () => {
    const ws = await enrolledWorkstation();
    const impostor = createTestWorkstation(ws.id);
    const [forged] = impostor.chain(1);
    const result = await send([forged!]);
    expect(result).toEqual({ acknowledged: [], headSeq: 0, gaps: [], rejected: [{ seq: 1, reason: 'bad-signature' }] });
    const garbage = { ...ws.chain(1)[0]!, signature: 'AAAA' };
    expect((await send([garbage])).rejected).toEqual([{ seq: 1, reason: 'bad-signature' }]);
  });

  it('events nobody signed (anyone may POST) are refused without storing a flag, whatever else is wrong with them', async () => {
    const ws = await enrolledWorkstation();
    const genuine = ws.chain(3);
    await send(genuine);
    const impostor = createTestWorkstation(ws.id);
    const junk: AuditEvent[] = [
      // Self-consistent events past the head, signed with another key (they would reveal a gap).
      ...impostor.chain(5).slice(3),
      // Content not matching its hash (would be bad-hash), signed with another key.
      ...impostor.chain(20).slice(10).map((e) => ({ ...e, data: { forged: true } })),
      // Another event at a stored seq (would be a conflict), with a signature that is not Ed25519 at all.
      { ...genuine[1]!, data: { rewritten: true }, signature: 'AAAA' },
      // The genuine content with the impostor's signature of its hash.
      { ...genuine[2]!, signature: impostor.seal({ ...genuine[2]!, seq: 3 }).signature },
    ];
    const result = await send(junk);
    expect(result.acknowledged).toEqual([]);
    expect(result.headSeq).toBe(3);
    expect(result.rejected).toHaveLength(junk.length);
    expect(new Set(result.rejected.map((r) => r.reason))).toEqual(new Set(['bad-signature']));
    expect(await status(ws.id)).toEqual({ workstationId: ws.id, headSeq: 3, anchoredSeq: 0, anchoredAt: null, flags: [], nextBefore: null });
  });

  it('a validly signed hash with other content is flagged bad-hash once, however often it is replayed', async () => {
    const ws = await enrolledWorkstation();
    const chain = ws.chain(3);
    await send(chain.slice(0, 2));
    for (const data of [{ edited: 1 }, { edited: 2 }, { edited: 3 }]) {
      expect((await send([{ ...chain[2]!, data }])).rejected).toEqual([{ seq: 3, reason: 'bad-hash' }]);
    }
    const flags = (await status(ws.id)).flags;
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ seq: 3, reason: 'bad-hash', detail: `signed hash ${chain[2]!.hash} does not match the event content` });
    expect((await send([chain[2]!])).headSeq).toBe(3);
  });

  it('a different event at a stored seq is a conflict', async () => {
    const ws = await enrolledWorkstation();
    const chain = ws.chain(2);
    await send(chain);
    const { hash: _h, signature: _s, ...body } = chain[1]!;
    const rewritten = ws.seal({ ...body, data: { rewritten: true } });
    expect((await send([rewritten])).rejected).toEqual([{ seq: 2, reason: 'conflict' }]);
    expect((await status(ws.id)).flags.map((f) => f.reason)).toEqual(['conflict']);
  });

  it('the first event must start from the genesis hash', async () => {
    const ws = await enrolledWorkstation();
    const { hash: _h, signature: _s, ...body } = ws.chain(1)[0]!;
    const notGenesis = ws.seal({ ...body, prevHash: 'a'.repeat(64) });
    expect((await send([notGenesis])).rejected).toEqual([{ seq: 1, reason: 'broken-link' }]);
  });

  it('a batch mixing workstations is refused whole (400, nothing stored or flagged); an unknown workstation is 403', async () => {
    const ws = await enrolledWorkstation();
    const other = createTestWorkstation('WS-NOT-ENROLLED');
    const mixed = await t.client.request('POST', `${API_PREFIX}/audit/events`, { json: { events: [...ws.chain(1), ...other.chain(2).slice(1)] } });
    expect(mixed.status).toBe(400);
    expect(ApiError.parse(mixed.json).error.code).toBe('bad_request');
    // Even a victim's genuine events under a foreign one: nothing of the batch counts.
    const victimFirst = await t.client.request('POST', `${API_PREFIX}/audit/events`, { json: { events: [...other.chain(1), ...ws.chain(2)] } });
    expect(victimFirst.status).toBe(400);
    expect(await status(ws.id)).toEqual({ workstationId: ws.id, headSeq: 0, anchoredSeq: 0, anchoredAt: null, flags: [], nextBefore: null });
    const unknown = await t.client.request('POST', `${API_PREFIX}/audit/events`, { json: { events: other.chain(1) } });
    expect(unknown.status).toBe(403);
    expect(ApiError.parse(unknown.json).error.code).toBe('forbidden');
  });

  it('pages the flags: newest page first, oldest first within a page, nextBefore until none are left', async () => {
    const ws = await enrolledWorkstation();
    const chain = ws.chain(15);
    // Every odd seq from 3 on reveals a new hole below it: 7 gap flags.
    await send(chain.filter((e) => e.seq % 2 === 1 && e.seq >= 3));
    const all = (await status(ws.id)).flags.map((f) => f.detail);
    expect(all).toEqual(['missing 1..2', 'missing 4..4', 'missing 6..6', 'missing 8..8', 'missing 10..10', 'missing 12..12', 'missing 14..14']);

    const pages: string[][] = [];
    let query = '?limit=3';
    for (let i = 0; i < 10; i += 1) {
      const page = await status(ws.id, query);
      pages.push(page.flags.map((f) => f.detail));
      if (page.nextBefore === null) break;
      query = `?limit=3&before=${page.nextBefore}`;
    }
    expect(pages).toEqual([all.slice(4), all.slice(1, 4), all.slice(0, 1)]);
    expect((await status(ws.id, '?limit=7')).nextBefore).toBeNull();
    expect((await status(ws.id, '?limit=6')).nextBefore).not.toBeNull();
  });

  it('refuses malformed paging parameters with 400', async () => {
    const ws = await enrolledWorkstation();
    for (const query of ['?limit=0', '?limit=501', '?limit=abc', '?limit=1.5', '?before=-1', '?before=', '?limit=1&limit=2', '?offset=3']) {
      const response = await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${ws.id}${query}`, { token: auditorToken });
      expect(response.status, query).toBe(400);
      expect(ApiError.parse(response.json).error.code).toBe('bad_request');
    }
    expect((await status(ws.id, '?limit=500&before=1')).flags).toEqual([]);
  });

  it('the audit view needs audit.read and a known workstation', async () => {
    const agent = await t.login('A1001', 'Agent#2026');
    const denied = await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/WS-AUDIT-1`, { token: agent.accessToken });
    expect(denied.status).toBe(403);
    const missing = await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/WS-NOPE`, { token: auditorToken });
    expect(missing.status).toBe(404);
    const malformed = await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${'x'.repeat(80)}`, { token: auditorToken });
    expect(malformed.status).toBe(400);
  });
});
