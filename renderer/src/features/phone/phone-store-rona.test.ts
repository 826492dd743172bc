import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStateReport, PhoneCodes } from '../../../../electron/contract/phone.ts';
import { inboundCall as call, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import type { CallEnd } from './causes.ts';
import { createPhoneStore } from './phone-store.ts';

/** Ring-no-answer in the store: an 'unanswered' end takes a Ready agent out with the institution's RONA reason. */

const BREAK = { code: 'break', label: { 'zh-CN': '小休', 'en-US': 'Short break' } };
const RONA = { code: 'rona', label: { 'zh-CN': '未接来电', 'en-US': 'Missed call' } };

async function ringThenEnd(end: CallEnd, reasons: PhoneCodes['notReadyReasons']) {
  const reports: AgentStateReport[] = [];
  let engine: ScriptedEngine | null = null;
  const store = createPhoneStore({
    bridge: {
      credentials: () =>
        Promise.resolve({ ok: true, value: { username: '1900000000:A1001', password: 'pw', expiresAt: Date.now() + 600_000, uri: 'sip:A1001@lab.channeldesk.test', servers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }] } }),
      reportState: (report) => {
        reports.push(report);
        return Promise.resolve({ ok: true, value: null });
      },
      codes: () => Promise.resolve({ ok: true, value: { notReadyReasons: reasons, dispositions: [], wrapUpSeconds: 30 } }),
    },
    engine: (emit) => (engine = new ScriptedEngine(emit)),
  });
  store.getState().start();
  await flush();
  const eng = engine as unknown as ScriptedEngine;
  eng.emit({ type: 'registration', registration: { status: 'registered', server: 's' } });
  store.getState().setAvailability({ kind: 'ready' });
  eng.emit({ type: 'call', call: call() });
  eng.emit({ type: 'call-ended', callId: 'c1@lab', end });
  await flush();
  return { store, reports: reports.map((r) => `${r.state}:${r.reasonCode ?? ''}`) };
}

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => vi.useRealTimers());

describe('ring-no-answer (phone store)', () => {
  it('a ring the SBC timed out makes a Ready agent 示忙 with the RONA reason, reported straight after 振铃, and says so', async () => {
    const { store, reports } = await ringThenEnd('unanswered', [BREAK, RONA]);
    expect(reports).toEqual(['offline:', 'ready:', 'ringing:', 'not-ready:rona']);
    expect(store.getState().availability).toEqual({ kind: 'not-ready', reasonCode: 'rona' });
    expect(store.getState().problem).toBe('rona-not-ready');
    expect(store.getState().lastEnd?.end).toBe('unanswered');
  });
  it('a caller’s CANCEL leaves the agent Ready', async () => {
    const { store, reports } = await ringThenEnd('canceled', [BREAK, RONA]);
    expect(reports).toEqual(['offline:', 'ready:', 'ringing:', 'ready:']);
    expect(store.getState().availability).toEqual({ kind: 'ready' });
    expect(store.getState().problem).toBeNull();
  });
  it('an institution without a RONA reason: the agent stays Ready (nothing to report the absence with)', async () => {
    const { store, reports } = await ringThenEnd('unanswered', [BREAK]);
    expect(reports.at(-1)).toBe('ready:');
    expect(store.getState().availability).toEqual({ kind: 'ready' });
  });
});
