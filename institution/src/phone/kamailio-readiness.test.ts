/**
 * Readiness pushed from the institution into the SBC's queue, against the real Kamailio of
 * the telephony lab (e2e/lab): the sink on its own, then through `PUT /phone/state` of a real
 * institution server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelephonyLab, type TelephonyLab } from '../../../e2e/lab/telephony.ts';
import { API_PREFIX, ServerEventPage } from '../../contract/api.ts';
import { startTestInstitution, TEST_WORKSTATION_ID, type TestInstitution } from '../testing/harness.ts';
import { createKamailioReadinessSink } from './kamailio-readiness.ts';
import type { ReadinessDeliveryEvent } from './readiness-sink.ts';

const FAST = { retry: { firstMs: 50, maxMs: 200 }, restartCheckMs: 100 };

/** The queue's entry for an operator: its Ready-since, or null when the queue would not ring them. */
async function queueEntry(lab: TelephonyLab, operatorId: string): Promise<number | null> {
  try {
    const result = (await lab.rpc('htable.get', ['ready', operatorId])) as { item?: { value?: number } };
    return result.item?.value ?? null;
  } catch (error) {
    if (/doesn't exist/.test((error as Error).message)) return null;
    throw error;
  }
}

describe('readiness into Kamailio (real lab)', () => {
  let lab: TelephonyLab;
  beforeAll(async () => {
    lab = await startTelephonyLab({ secret: randomBytes(16).toString('hex') });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('ready sets the queue entry with its since, not-ready removes it (also for an operator Kamailio never had)', async () => {
    const sink = createKamailioReadinessSink({ rpcUrl: lab.rpcUrl, ...FAST });
    try {
      sink.ready('R-1', 1_700_000_000);
      sink.notReady('never-ready');
      expect(await sink.settled(5_000)).toBe(true);
      expect(await queueEntry(lab, 'R-1')).toBe(1_700_000_000);
      sink.notReady('R-1');
      expect(await sink.settled(5_000)).toBe(true);
      expect(await queueEntry(lab, 'R-1')).toBeNull();
    } finally {
      await sink.close();
    }
  });

  it('rapid changes: the last one wins', async () => {
    const sink = createKamailioReadinessSink({ rpcUrl: lab.rpcUrl, ...FAST });
    try {
      for (let i = 0; i < 20; i += 1) {
        sink.ready('R-2', 1_000 + i);
        sink.notReady('R-2');
      }
      sink.ready('R-2', 2_000);
      expect(await sink.settled(5_000)).toBe(true);
      expect(await queueEntry(lab, 'R-2')).toBe(2_000);
    } finally {
      await sink.close();
    }
  });

  it('Kamailio down: calls return at once, the failure is reported once, and after the restart every Ready operator is back', async () => {
    const events: ReadinessDeliveryEvent[] = [];
    const sink = createKamailioReadinessSink({ rpcUrl: lab.rpcUrl, ...FAST, onEvent: (event) => events.push(event) });
    try {
      sink.ready('R-3', 3_000);
      expect(await sink.settled(5_000)).toBe(true);
      await lab.killKamailio();
      sink.ready('R-4', 4_000);
      sink.notReady('R-5');
      expect(await sink.settled(300)).toBe(false);
      await expect.poll(() => events.filter((e) => e.kind === 'failed').map((e) => e.kind === 'failed' && e.operatorId), { timeout: 5_000 }).toEqual(['R-4']);
      await lab.restartKamailio();
      // R-3 was delivered before the crash and lost with Kamailio's memory: re-sent as well.
      await expect.poll(() => Promise.all([queueEntry(lab, 'R-3'), queueEntry(lab, 'R-4')]), { timeout: 10_000 }).toEqual([3_000, 4_000]);
      expect(await sink.settled(5_000)).toBe(true);
      expect(events).toContainEqual(expect.objectContaining({ kind: 'recovered', operatorId: 'R-4', change: 'ready' }));
      expect(events.filter((e) => e.kind === 'failed')).toHaveLength(1);
    } finally {
      await sink.close();
    }
  });

  it('a restart between two reports (never seen as down) is noticed by the restart check and the queue refilled', async () => {
    const events: ReadinessDeliveryEvent[] = [];
    const sink = createKamailioReadinessSink({ rpcUrl: lab.rpcUrl, ...FAST, onEvent: (event) => events.push(event) });
    try {
      sink.ready('R-6', 6_000);
      expect(await sink.settled(5_000)).toBe(true);
      // Let the checker (every 100 ms) learn Kamailio's start time first.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await lab.restartKamailio();
      await expect.poll(() => queueEntry(lab, 'R-6'), { timeout: 10_000 }).toBe(6_000);
      expect(events.some((e) => e.kind === 'resynced')).toBe(true);
    } finally {
      await sink.close();
    }
  });

  describe('through PUT /phone/state', () => {
    let t: TestInstitution;
    let token: string;
    let consoleToken: string;
    beforeAll(async () => {
      t = await startTestInstitution({ sipSecret: 'c2VjcmV0LXNoYXJlZC13aXRoLXRoZS1zYmM', sipDomain: lab.domain, sbcRpcUrls: [lab.rpcUrl], sbcReadinessTuning: FAST });
      token = (await t.login('A1001', 'Agent#2026')).accessToken;
      consoleToken = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
    });
    afterAll(async () => {
      await t?.close();
    });
    const report = (json: unknown) => t.client.request('PUT', `${API_PREFIX}/phone/state`, { token, json });
    const serverEvents = async () =>
      ServerEventPage.parse((await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${TEST_WORKSTATION_ID}/server-events?limit=500`, { token: consoleToken })).json).events;

    it('示闲 puts the operator in the queue with the report time; any other state takes them out', async () => {
      expect((await report({ state: 'ready', reasonCode: null, callId: null })).status).toBe(204);
      await expect.poll(() => queueEntry(lab, 'A1001'), { timeout: 5_000 }).toBe(Math.floor(t.clock() / 1000));
      expect((await report({ state: 'ringing', reasonCode: null, callId: 'c-1@x' })).status).toBe(204);
      await expect.poll(() => queueEntry(lab, 'A1001'), { timeout: 5_000 }).toBeNull();
      t.clock.advance(5_000);
      expect((await report({ state: 'ready', reasonCode: null, callId: null })).status).toBe(204);
      // Back at the end of the line: Ready since now, not since the first report.
      await expect.poll(() => queueEntry(lab, 'A1001'), { timeout: 5_000 }).toBe(Math.floor(t.clock() / 1000));
    });

    it('with the SBC down the report still succeeds; the failure and the late delivery are in the server events', async () => {
      await lab.killKamailio();
      try {
        expect((await report({ state: 'not-ready', reasonCode: 'break', callId: null })).status).toBe(204);
        await expect.poll(async () => (await serverEvents()).filter((e) => e.type === 'sbc-readiness-failed').length, { timeout: 5_000 }).toBeGreaterThan(0);
      } finally {
        await lab.restartKamailio();
      }
      await expect.poll(async () => (await serverEvents()).filter((e) => e.type === 'sbc-readiness-delivered').map((e) => e.operatorId), { timeout: 10_000 }).toContain('A1001');
      expect(await queueEntry(lab, 'A1001')).toBeNull();
      const failed = (await serverEvents()).find((e) => e.type === 'sbc-readiness-failed');
      expect(failed?.detail).toMatch(/^127\.0\.0\.1:\d+ not-ready /);
    });
  });
});
