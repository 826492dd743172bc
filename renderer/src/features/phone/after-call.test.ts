import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStateReport, CallRecordArgs, PhoneCodes, SipCredentials } from '../../../../electron/contract/phone.ts';
import { CallRecordArgs as CallRecordSchema } from '../../../../electron/contract/phone.ts';
import { inboundCall as call, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import type { PhoneBridge } from './phone-state.ts';
import { createPhoneStore } from './phone-store.ts';
import type { CallRecordBridge } from './after-call.ts';
import type { QualitySnapshot } from './quality.ts';
import { qualitySample } from './quality.ts';

/**
 * Wrap-up, call quality and call records through the real store, the scripted engine
 * (test-support) and a manual clock (vitest's fake timers and Date): nothing waits.
 */
const CODES: PhoneCodes = {
  notReadyReasons: [{ code: 'break', label: { 'zh-CN': '小休', 'en-US': 'Short break' } }],
  dispositions: [
    { code: 'answered', label: { 'zh-CN': '咨询已解答', 'en-US': 'Enquiry answered' } },
    { code: 'callback', label: { 'zh-CN': '需回访', 'en-US': 'Callback needed' } },
  ],
  wrapUpSeconds: 30,
};
const START = 1_800_000_000_000;

function credentials(): SipCredentials {
  const expiresAt = Date.now() + 600_000;
  return { username: `${Math.floor(expiresAt / 1000)}:A1001`, password: 'pw', expiresAt, uri: 'sip:A1001@lab.channeldesk.test', servers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }] };
}

async function world() {
  const reports: AgentStateReport[] = [];
  const records: CallRecordArgs[] = [];
  const bridge: PhoneBridge = {
    credentials: () => Promise.resolve({ ok: true, value: credentials() }),
    reportState: (report) => {
      reports.push(report);
      return Promise.resolve({ ok: true, value: null });
    },
    codes: () => Promise.resolve({ ok: true, value: CODES }),
  };
  const recordBridge: CallRecordBridge = {
    recordCall: (record) => {
      // What core's channel would accept (electron/contract/phone.ts).
      records.push(CallRecordSchema.parse(record));
      return Promise.resolve({ ok: true, value: null });
    },
  };
  let engine: ScriptedEngine | null = null;
  const store = createPhoneStore({ bridge, records: recordBridge, engine: (emit) => (engine = new ScriptedEngine(emit)) });
  store.getState().start();
  await flush();
  const eng = () => {
    if (!engine) throw new Error('no engine yet');
    return engine;
  };
  eng().emit({ type: 'registration', registration: { status: 'registered', server: 's' } });
  return { store, eng, reports, records, states: () => reports.map((r) => `${r.state}:${r.callId ?? r.reasonCode ?? ''}`) };
}

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

/** Rings, answered after 4 s, talks 60 s, the customer hangs up. */
async function answeredCall(w: Awaited<ReturnType<typeof world>>, remote = '13800138000') {
  w.eng().emit({ type: 'call', call: call({ remote }) });
  vi.advanceTimersByTime(4_000);
  w.store.getState().answer();
  w.eng().emit({ type: 'call', call: call({ remote, phase: 'active', answeredAt: Date.now() }) });
  vi.advanceTimersByTime(60_000);
  w.eng().emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
  await flush();
}

describe('wrap-up (话后整理) in the store', () => {
  it('holds the agent in wrap-up until a disposition is chosen, even past the deadline, then returns to Ready and files the record', async () => {
    const w = await world();
    w.store.getState().setAvailability({ kind: 'ready' });
    await answeredCall(w);

    expect(w.states().slice(-1)).toEqual(['wrap-up:c1@lab']);
    expect(w.eng().busy).toBe(true);
    expect(w.store.getState().wrapUp).toMatchObject({ callId: 'c1@lab', remote: '*******8000', overdue: false, extended: false, deadline: Date.now() + 30_000 });

    // Ready is not reachable without a disposition: finishing fails, choosing Ready only changes what comes after.
    w.store.getState().finishWrapUp();
    expect(w.store.getState().problem).toBe('disposition-required');
    w.store.getState().setAvailability({ kind: 'ready' });
    // Dialing waits too.
    w.store.getState().setNumber('13800138000');
    w.store.getState().dial();
    expect(w.store.getState().problem).toBe('wrap-up-pending');
    expect(w.eng().calls.some((c) => c.startsWith('call '))).toBe(false);

    // The time runs out: overdue, still wrap-up, nothing reported.
    vi.advanceTimersByTime(30_000);
    await flush();
    expect(w.store.getState().wrapUp?.overdue).toBe(true);
    expect(w.states().slice(-1)).toEqual(['wrap-up:c1@lab']);
    expect(w.records).toEqual([]);

    // Extend once (from now, the full time), not twice.
    w.store.getState().extendWrapUp();
    expect(w.store.getState().wrapUp).toMatchObject({ overdue: false, extended: true, deadline: Date.now() + 30_000 });
    w.store.getState().extendWrapUp();
    expect(w.store.getState().problem).toBe('already-extended');

    vi.advanceTimersByTime(5_000);
    w.store.getState().chooseDisposition('callback');
    w.store.getState().finishWrapUp();
    await flush();

    expect(w.store.getState().wrapUp).toBeNull();
    expect(w.store.getState().problem).toBeNull();
    expect(w.eng().busy).toBe(false);
    expect(w.states()).toEqual(['offline:', 'ready:', 'ringing:c1@lab', 'on-call:c1@lab', 'wrap-up:c1@lab', 'ready:']);
    const iso = (ms: number) => new Date(START + ms).toISOString();
    expect(w.records).toEqual([
      {
        callId: 'c1@lab',
        direction: 'inbound',
        remote: '*******8000',
        startedAt: iso(0),
        answeredAt: iso(4_000),
        endedAt: iso(64_000),
        wrapUpEndedAt: iso(99_000),
        ringMs: 4_000,
        talkMs: 60_000,
        wrapUpMs: 35_000,
        wrapUpExtended: true,
        wrapUpOverdue: false,
        end: 'remote-hangup',
        disposition: 'callback',
        states: [
          { state: 'ringing', at: iso(0) },
          { state: 'on-call', at: iso(4_000) },
          { state: 'wrap-up', at: iso(64_000) },
          { state: 'ready', at: iso(99_000) },
        ],
        quality: null,
      },
    ]);
    // The full number is nowhere in what left the phone.
    expect(JSON.stringify(w.records)).not.toContain('13800138000');
  });

  it('returns to Not ready with its reason, and records a late finish as overdue', async () => {
    const w = await world();
    w.store.getState().setAvailability({ kind: 'not-ready', reasonCode: 'break' });
    // An outbound call (the agent may dial while Not ready).
    w.eng().emit({ type: 'call', call: call({ direction: 'outbound', phase: 'dialing', remote: '95588' }) });
    w.eng().emit({ type: 'call', call: call({ direction: 'outbound', phase: 'active', remote: '95588', answeredAt: Date.now() }) });
    vi.advanceTimersByTime(10_000);
    w.eng().emit({ type: 'call-ended', callId: 'c1@lab', end: 'local-hangup' });
    vi.advanceTimersByTime(45_000);
    w.store.getState().chooseDisposition('answered');
    w.store.getState().finishWrapUp();
    await flush();
    expect(w.states().slice(-3)).toEqual(['on-call:c1@lab', 'wrap-up:c1@lab', 'not-ready:break']);
    expect(w.records[0]).toMatchObject({ direction: 'outbound', remote: '*5588', wrapUpOverdue: true, wrapUpExtended: false, wrapUpMs: 45_000, disposition: 'answered' });
  });

  it('files an unanswered call at once, without wrap-up or disposition', async () => {
    const w = await world();
    w.store.getState().setAvailability({ kind: 'ready' });
    w.eng().emit({ type: 'call', call: call() });
    vi.advanceTimersByTime(7_000);
    w.store.getState().decline();
    w.eng().emit({ type: 'call-ended', callId: 'c1@lab', end: 'declined' });
    await flush();
    expect(w.store.getState().wrapUp).toBeNull();
    expect(w.eng().busy).toBe(false);
    expect(w.states().slice(-2)).toEqual(['ringing:c1@lab', 'ready:']);
    expect(w.records).toHaveLength(1);
    expect(w.records[0]).toMatchObject({ remote: '2001', answeredAt: null, wrapUpEndedAt: null, ringMs: 7_000, talkMs: 0, wrapUpMs: 0, end: 'declined', disposition: null });
  });

  it('shows live quality with warnings during the call and sends its summary with the record', async () => {
    const w = await world();
    w.eng().emit({ type: 'call', call: call() });
    w.eng().emit({ type: 'call', call: call({ phase: 'active', answeredAt: Date.now() }) });
    const snap = (at: number, over: Partial<QualitySnapshot>): QualitySnapshot => ({ at, rttMs: 30, jitterMs: 3, packetsLost: 0, packetsReceived: 0, jitterBufferDelayS: null, jitterBufferEmitted: null, codec: 'opus', ...over });
    const snaps = [snap(0, { packetsReceived: 50 }), snap(1_000, { packetsReceived: 100 }), snap(2_000, { rttMs: 500, jitterMs: 45, packetsLost: 10, packetsReceived: 140 })];
    let prev: QualitySnapshot | null = null;
    for (const s of snaps) {
      w.eng().emit({ type: 'quality', callId: 'c1@lab', snapshot: s, sample: qualitySample(prev, s) });
      prev = s;
    }
    // Another leg's sample (a consultation) is not this call's.
    w.eng().emit({ type: 'quality', callId: 'other', snapshot: snap(3_000, {}), sample: qualitySample(null, snap(3_000, {})) });
    expect(w.store.getState().quality?.warnings).toEqual(['rtt', 'jitter', 'loss', 'mos']);
    w.eng().emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    expect(w.store.getState().quality).toBeNull();
    w.store.getState().chooseDisposition('answered');
    w.store.getState().finishWrapUp();
    await flush();
    expect(w.records[0]?.quality).toMatchObject({ samples: 3, jitterMaxMs: 45, rttMaxMs: 500, lossPercent: 6.67 });
    expect(w.records[0]?.quality?.mosMin).toBeLessThan(3.5);
  });

  it('answers an unknown disposition with a problem and stays in wrap-up', async () => {
    const w = await world();
    await answeredCall(w);
    w.store.getState().chooseDisposition('sold-a-loan');
    w.store.getState().finishWrapUp();
    expect(w.store.getState().problem).toBe('disposition-unknown');
    expect(w.store.getState().wrapUp).not.toBeNull();
    expect(w.records).toEqual([]);
  });

  it('a call that becomes the main call during wrap-up (the consultation, after the customer left) ends that wrap-up and files the last call as it stands', async () => {
    const w = await world();
    await answeredCall(w);
    expect(w.store.getState().wrapUp).not.toBeNull();
    w.eng().emit({ type: 'call', call: call({ callId: 'c2@lab', direction: 'outbound', phase: 'active', remote: '2002', answeredAt: Date.now() }) });
    await flush();
    expect(w.store.getState().wrapUp).toBeNull();
    expect(w.eng().busy).toBe(false);
    expect(w.records.map((r) => [r.callId, r.disposition, r.wrapUpEndedAt])).toEqual([['c1@lab', null, null]]);
    expect(w.states().slice(-1)).toEqual(['on-call:c2@lab']);
    // The new call gets its own wrap-up when it ends.
    w.eng().emit({ type: 'call-ended', callId: 'c2@lab', end: 'remote-hangup' });
    expect(w.store.getState().wrapUp?.callId).toBe('c2@lab');
  });
});

