import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIceGate, ICE_GATE_IDLE, iceGateStep, isUsableCandidate, type IceGateEvent, type IceGateState } from './ice-gate.ts';

const host = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', type: 'host', protocol: 'udp', address: '127.0.0.1', component: 'rtp' };

describe('isUsableCandidate', () => {
  it('takes an RTP UDP host, srflx or relay candidate with a reachable address', () => {
    expect(isUsableCandidate(host)).toBe(true);
    expect(isUsableCandidate({ ...host, type: 'srflx', address: '203.0.113.7' })).toBe(true);
    expect(isUsableCandidate({ ...host, type: 'relay', address: '198.51.100.1' })).toBe(true);
  });

  it('refuses what a relay cannot use: mDNS names, TCP, RTCP, unknown types, empty', () => {
    expect(isUsableCandidate({ ...host, address: '3f1c7c1e-6a1b-4c2e-9f1e-0d4b8c2a1e5f.local' })).toBe(false);
    expect(isUsableCandidate({ ...host, protocol: 'tcp' })).toBe(false);
    expect(isUsableCandidate({ ...host, component: 'rtcp' })).toBe(false);
    expect(isUsableCandidate({ ...host, type: 'weird' })).toBe(false);
    expect(isUsableCandidate({ ...host, candidate: '' })).toBe(false);
    expect(isUsableCandidate({ candidate: 'candidate:x', type: null, protocol: null, address: null, component: null })).toBe(false);
  });
});

function run(events: IceGateEvent[]): { state: IceGateState; actions: string[] } {
  let state = ICE_GATE_IDLE;
  const actions: string[] = [];
  for (const event of events) {
    const step = iceGateStep(state, event);
    state = step.state;
    actions.push(...step.actions);
  }
  return { state, actions };
}

describe('iceGateStep', () => {
  it('first usable candidate arms the grace; its end releases', () => {
    expect(run([{ kind: 'gathering' }, { kind: 'candidate', usable: true }, { kind: 'grace-elapsed' }]).actions).toEqual(['arm-cap', 'arm-grace', 'release']);
  });

  it('more candidates during the grace do not extend it', () => {
    const { actions } = run([{ kind: 'gathering' }, { kind: 'candidate', usable: true }, { kind: 'candidate', usable: true }, { kind: 'candidate', usable: false }]);
    expect(actions).toEqual(['arm-cap', 'arm-grace']);
  });

  it('only unusable candidates: released at the cap', () => {
    expect(run([{ kind: 'gathering' }, { kind: 'candidate', usable: false }, { kind: 'cap-elapsed' }]).actions).toEqual(['arm-cap', 'release']);
  });

  it('no candidate at all by the cap: gives up (the call ends, honestly)', () => {
    const { state, actions } = run([{ kind: 'gathering' }, { kind: 'cap-elapsed' }]);
    expect(actions).toEqual(['arm-cap', 'give-up']);
    expect(state.phase).toBe('gave-up');
  });

  it('releases once: a late grace or cap after release does nothing', () => {
    expect(run([{ kind: 'gathering' }, { kind: 'candidate', usable: true }, { kind: 'grace-elapsed' }, { kind: 'cap-elapsed' }, { kind: 'grace-elapsed' }]).actions).toEqual([
      'arm-cap',
      'arm-grace',
      'release',
    ]);
  });

  it('a candidate seen before the gathering state change still starts the cap', () => {
    expect(run([{ kind: 'candidate', usable: false }]).actions).toEqual(['arm-cap']);
  });

  it('a new gathering round (ICE restart) starts over', () => {
    const { actions } = run([{ kind: 'gathering' }, { kind: 'candidate', usable: true }, { kind: 'grace-elapsed' }, { kind: 'gathering' }, { kind: 'candidate', usable: true }]);
    expect(actions).toEqual(['arm-cap', 'arm-grace', 'release', 'arm-cap', 'arm-grace']);
  });
});

describe('createIceGate (timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('releases the latest hook grace ms after the first usable candidate', () => {
    const giveUp = vi.fn();
    const gate = createIceGate({ graceMs: 80, capMs: 1000 }, giveUp);
    const first = vi.fn();
    const second = vi.fn();
    gate.gathering();
    vi.advanceTimersByTime(300);
    gate.candidate(host, first);
    vi.advanceTimersByTime(50);
    gate.candidate({ ...host, address: '127.0.0.2' }, second);
    vi.advanceTimersByTime(29);
    expect(second).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5000);
    expect(second).toHaveBeenCalledTimes(1);
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('a silent STUN server cannot hold the SDP past the cap', () => {
    const giveUp = vi.fn();
    const release = vi.fn();
    const gate = createIceGate({ graceMs: 80, capMs: 1000 }, giveUp);
    gate.gathering();
    gate.candidate({ ...host, address: 'abc.local' }, release);
    vi.advanceTimersByTime(999);
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(release).toHaveBeenCalledTimes(1);
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('gives up at the cap without any candidate; complete() and dispose() disarm', () => {
    const giveUp = vi.fn();
    const gate = createIceGate({ graceMs: 80, capMs: 1000 }, giveUp);
    gate.gathering();
    vi.advanceTimersByTime(1000);
    expect(giveUp).toHaveBeenCalledTimes(1);

    const quiet = vi.fn();
    const done = createIceGate({ graceMs: 80, capMs: 1000 }, quiet);
    done.gathering();
    done.complete();
    const disposed = createIceGate({ graceMs: 80, capMs: 1000 }, quiet);
    disposed.gathering();
    disposed.dispose();
    vi.advanceTimersByTime(5000);
    expect(quiet).not.toHaveBeenCalled();
  });
});
