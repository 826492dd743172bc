import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStateReport, PhoneCodes, SipCredentials } from '../../../../electron/contract/phone.ts';
import type { DeskResult } from '../../../../electron/contract/errors.ts';
import { inboundCall as call, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import type { PhoneBridge } from './phone-state.ts';
import { createPhoneStore } from './phone-store.ts';

/**
 * The store's own logic against OUR engine interface (engine.ts), through a scripted
 * engine (test-support/scripted-engine.ts) that records what the store asked and lets the
 * test speak for the SIP side.
 */

const CODES: PhoneCodes = {
  notReadyReasons: [{ code: 'break', label: { 'zh-CN': '小休', 'en-US': 'Short break' } }],
  dispositions: [],
  wrapUpSeconds: 30,
};

function credentialsAt(now: number, ttlMs = 10 * 60_000): SipCredentials {
  const expiresAt = now + ttlMs;
  return {
    username: `${Math.floor(expiresAt / 1000)}:A1001`,
    password: `pw-${now}`,
    expiresAt,
    uri: 'sip:A1001@lab.channeldesk.test',
    servers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }],
  };
}

function world(options: { credentials?: () => DeskResult<SipCredentials> } = {}) {
  const reports: AgentStateReport[] = [];
  let credentialCalls = 0;
  const bridge: PhoneBridge = {
    credentials: () => {
      credentialCalls += 1;
      return Promise.resolve(options.credentials?.() ?? { ok: true, value: credentialsAt(Date.now()) });
    },
    reportState: (report) => {
      reports.push(report);
      return Promise.resolve({ ok: true, value: null });
    },
    codes: () => Promise.resolve({ ok: true, value: CODES }),
  };
  let engine: ScriptedEngine | null = null;
  const store = createPhoneStore({
    bridge,
    engine: (emit) => (engine = new ScriptedEngine(emit)),
  });
  const eng = () => {
    if (!engine) throw new Error('no engine yet');
    return engine;
  };
  return { store, reports, eng, credentialCalls: () => credentialCalls };
}

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => vi.useRealTimers());

describe('phone store', () => {
  it('registers with fresh credentials and reports every agent-state change in order', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    expect(w.eng().calls).toEqual(['start']);
    expect(w.store.getState().codes).toEqual(CODES);
    expect(w.store.getState().registration.status).toBe('registering');

    w.eng().emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
    w.store.getState().setAvailability({ kind: 'ready' });
    w.store.getState().setAvailability({ kind: 'not-ready', reasonCode: 'break' });
    await flush();
    expect(w.reports.map((r) => r.state)).toEqual(['offline', 'ready', 'not-ready']);
    expect(w.reports[2]?.reasonCode).toBe('break');
    expect(w.store.getState().reported?.state).toBe('not-ready');
  });

  it('refuses a not-ready reason the institution does not list', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    w.store.getState().setAvailability({ kind: 'not-ready', reasonCode: 'nap' });
    expect(w.store.getState().problem).toBe('reason-required');
    expect(w.store.getState().availability).toEqual({ kind: 'unset' });
  });

  it('renews the credentials before they expire and re-registers with them', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    expect(w.credentialCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(7.5 * 60_000 - 1);
    expect(w.credentialCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(w.credentialCalls()).toBe(2);
    expect(w.eng().calls).toEqual(['start', 'renew']);
    const [first, second] = w.eng().credentials;
    expect(second?.expiresAt).toBeGreaterThan(first?.expiresAt ?? Infinity);
  });

  it('says so and stops trying when the profile names no SBC', async () => {
    const w = world({ credentials: () => ({ ok: false, error: { code: 'permission_denied' } }) });
    w.store.getState().start();
    await flush();
    expect(w.store.getState().registration).toEqual({ status: 'unregistered', problem: 'not-permitted' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(w.credentialCalls()).toBe(1);
  });

  it('retries an unreachable institution with backoff, then registers', async () => {
    let fail = true;
    const w = world({ credentials: () => (fail ? { ok: false, error: { code: 'institution_unreachable' } } : { ok: true, value: credentialsAt(Date.now()) }) });
    w.store.getState().start();
    await flush();
    expect(w.store.getState().registration).toEqual({ status: 'unregistered', problem: 'credentials' });
    fail = false;
    await vi.advanceTimersByTimeAsync(2_000);
    await flush();
    expect(w.eng().calls).toEqual(['start']);
  });

  it('a refused REGISTER fetches new credentials; a lost connection is left to the stack', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    w.eng().emit({ type: 'registration', registration: { status: 'unregistered', problem: 'network' } });
    w.eng().emit({ type: 'registration', registration: { status: 'registering', server: 'wss://127.0.0.1:7443' } });
    expect(w.store.getState().registration).toEqual({ status: 'registering', server: 'wss://127.0.0.1:7443', lastProblem: 'network' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(w.credentialCalls()).toBe(1);

    w.eng().emit({ type: 'registration', registration: { status: 'unregistered', problem: 'rejected' } });
    await vi.advanceTimersByTimeAsync(2_000);
    await flush();
    expect(w.credentialCalls()).toBe(2);
    expect(w.eng().calls).toEqual(['start', 'renew']);
  });

  it('an inbound call: ringing, on-call and wrap-up reported with its call id, then back to the agent’s choice', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    w.eng().emit({ type: 'registration', registration: { status: 'registered', server: 's' } });
    w.store.getState().setAvailability({ kind: 'ready' });
    w.eng().emit({ type: 'call', call: call() });
    w.store.getState().answer();
    w.eng().emit({ type: 'call', call: call({ phase: 'active', answeredAt: Date.now() }) });
    w.eng().emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    await flush();
    expect(w.eng().calls).toContain('answer');
    expect(w.reports.map((r) => `${r.state}:${r.callId ?? ''}`)).toEqual(['offline:', 'ready:', 'ringing:c1@lab', 'on-call:c1@lab', 'wrap-up:c1@lab']);
    // This institution lists no dispositions, so wrap-up finishes without one (after-call.test.ts has the rest).
    w.store.getState().finishWrapUp();
    await flush();
    expect(w.reports.map((r) => r.state).slice(-1)).toEqual(['ready']);
    expect(w.store.getState().call).toBeNull();
    expect(w.store.getState().lastEnd).toEqual({ end: 'remote-hangup', remote: '2001' });
  });

  it('checks the number before dialing', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    w.store.getState().setNumber('12x');
    w.store.getState().dial();
    expect(w.store.getState().problem).toBe('number-invalid');
    w.store.getState().setNumber('');
    w.store.getState().dial();
    expect(w.store.getState().problem).toBe('number-empty');
    w.store.getState().setNumber('138 0013 8000');
    w.store.getState().dial();
    expect(w.store.getState().problem).toBeNull();
    expect(w.eng().calls).toEqual(['start', 'call 13800138000']);
    w.store.getState().dtmf('x');
    expect(w.store.getState().problem).toBe('dtmf-invalid');
  });

  it('mute and hold indicators come from the media samples, not the buttons', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    w.eng().emit({ type: 'call', call: call({ phase: 'active', answeredAt: Date.now() }) });
    w.store.getState().toggleMute();
    expect(w.eng().calls).toContain('mute true');
    w.eng().emit({ type: 'call', call: call({ phase: 'active', answeredAt: Date.now(), muteRequested: true }) });
    expect(w.store.getState().call?.mute).toBe('muting');
    w.eng().emit({ type: 'media', callId: 'c1@lab', indicators: { mic: 'muted', inbound: 'flowing', outbound: 'flowing' } });
    expect(w.store.getState().call?.mute).toBe('muted');

    w.eng().emit({ type: 'call', call: call({ phase: 'active', answeredAt: Date.now(), muteRequested: true, holdRequested: true }) });
    expect(w.store.getState().call?.hold).toBe('holding');
    w.eng().emit({ type: 'call', call: call({ phase: 'active', answeredAt: Date.now(), muteRequested: true, holdRequested: true, holdActive: true }) });
    expect(w.store.getState().call?.hold).toBe('held');
    // A sample from another call changes nothing.
    w.eng().emit({ type: 'media', callId: 'other', indicators: { mic: 'live', inbound: 'flowing', outbound: 'flowing' } });
    expect(w.store.getState().call?.hold).toBe('held');
  });

  it('stop() stops the engine and every timer, and forgets the session', async () => {
    const w = world();
    w.store.getState().start();
    await flush();
    w.store.getState().stop();
    expect(w.eng().calls).toEqual(['start', 'stop']);
    expect(w.store.getState().registration).toEqual({ status: 'off' });
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(w.credentialCalls()).toBe(1);
  });
});
