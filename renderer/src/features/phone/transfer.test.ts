import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhoneCodes, SipCredentials } from '../../../../electron/contract/phone.ts';
import { inboundCall, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import type { PhoneBridge } from './phone-state.ts';
import { createPhoneStore } from './phone-store.ts';
import { consultEndProblem, referOutcomeProblem, referRefusedProblem } from './transfer.ts';

describe('transfer outcomes (transfer.ts)', () => {
  it('names a refused REFER and one that got no answer apart', () => {
    expect(referRefusedProblem(403)).toBe('transfer-rejected');
    expect(referRefusedProblem(405)).toBe('transfer-rejected');
    expect(referRefusedProblem(null)).toBe('transfer-failed');
  });

  it('maps the NOTIFY status line of the transferee’s call to the target', () => {
    expect(referOutcomeProblem(486)).toBe('transfer-target-busy');
    expect(referOutcomeProblem(600)).toBe('transfer-target-busy');
    expect(referOutcomeProblem(603)).toBe('transfer-rejected');
    expect(referOutcomeProblem(480)).toBe('transfer-target-unavailable');
    expect(referOutcomeProblem(404)).toBe('transfer-target-unavailable');
    expect(referOutcomeProblem(408)).toBe('transfer-target-unavailable');
    expect(referOutcomeProblem(500)).toBe('transfer-failed');
    expect(referOutcomeProblem(0)).toBe('transfer-failed');
  });

  it('tells why an unanswered consultation ended, and says nothing after an answered one or the agent’s own cancel', () => {
    expect(consultEndProblem('busy', false)).toBe('transfer-target-busy');
    expect(consultEndProblem('rejected', false)).toBe('transfer-rejected');
    expect(consultEndProblem('no-answer', false)).toBe('transfer-target-unavailable');
    expect(consultEndProblem('media-failed', false)).toBe('transfer-failed');
    expect(consultEndProblem('local-hangup', false)).toBeNull();
    expect(consultEndProblem('remote-hangup', true)).toBeNull();
    expect(consultEndProblem('busy', true)).toBeNull();
  });
});

const CODES: PhoneCodes = { notReadyReasons: [], dispositions: [], wrapUpSeconds: 30 };
const CREDENTIALS: SipCredentials = {
  username: '1900000000:A1001',
  password: 'pw',
  expiresAt: 1_800_000_600_000,
  uri: 'sip:A1001@lab.channeldesk.test',
  servers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }],
};

function phoneWithCall() {
  const bridge: PhoneBridge = {
    credentials: () => Promise.resolve({ ok: true, value: CREDENTIALS }),
    reportState: () => Promise.resolve({ ok: true, value: null }),
    codes: () => Promise.resolve({ ok: true, value: CODES }),
  };
  let engine: ScriptedEngine | null = null;
  const store = createPhoneStore({ bridge, engine: (emit) => (engine = new ScriptedEngine(emit)) });
  store.getState().start();
  const eng = () => {
    if (!engine) throw new Error('no engine');
    return engine;
  };
  eng().emit({ type: 'call', call: inboundCall({ phase: 'active', answeredAt: 1 }) });
  return { store, eng };
}

describe('phone store: transfer, consultation, conference, DTMF method', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(1_800_000_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('checks the transfer target like a dialled number before the engine hears of it', () => {
    const { store, eng } = phoneWithCall();
    store.getState().blindTransfer();
    expect(store.getState().problem).toBe('number-empty');
    store.getState().setTransferTarget('20a2');
    store.getState().startConsult();
    expect(store.getState().problem).toBe('number-invalid');
    expect(eng().calls.filter((c) => c.startsWith('blind') || c.startsWith('consult'))).toEqual([]);

    store.getState().setTransferTarget(' 20-02 ');
    store.getState().blindTransfer();
    expect(store.getState().problem).toBeNull();
    expect(store.getState().transferTarget).toBe('2002');
    store.getState().startConsult();
    expect(eng().calls).toEqual(expect.arrayContaining(['blind 2002', 'consult 2002']));
  });

  it('keeps the consultation call apart from the customer’s, with its own media, until it ends', () => {
    const { store, eng } = phoneWithCall();
    const consult = inboundCall({ callId: 'c2@lab', direction: 'outbound', remote: '2002', phase: 'progress' });
    eng().emit({ type: 'consult', call: consult });
    expect(store.getState().consult).toMatchObject({ callId: 'c2@lab', phase: 'progress', remote: '2002' });
    expect(store.getState().call).toMatchObject({ callId: 'c1@lab', remote: '2001' });

    eng().emit({ type: 'media', callId: 'c2@lab', indicators: { mic: 'live', inbound: 'flowing', outbound: 'flowing' } });
    expect(store.getState().consult?.media.inbound).toBe('flowing');
    expect(store.getState().call?.media.inbound).toBe('unknown');

    eng().emit({ type: 'conference', active: true });
    expect(store.getState().conference).toBe(true);
    eng().emit({ type: 'consult-ended', callId: 'other', end: 'remote-hangup' });
    expect(store.getState().consult).not.toBeNull();
    eng().emit({ type: 'consult-ended', callId: 'c2@lab', end: 'remote-hangup' });
    expect(store.getState().consult).toBeNull();
    expect(store.getState().conference).toBe(false);
  });

  it('follows the transfer state and ends the call as transferred', () => {
    const { store, eng } = phoneWithCall();
    eng().emit({ type: 'transfer', state: 'blind' });
    expect(store.getState().transfer).toBe('blind');
    eng().emit({ type: 'transfer', state: 'idle' });
    eng().emit({ type: 'call-ended', callId: 'c1@lab', end: 'transferred' });
    expect(store.getState().call).toBeNull();
    expect(store.getState().lastEnd).toEqual({ end: 'transferred', remote: '2001' });
  });

  it('sends DTMF with the chosen method (RFC 4733 unless SIP INFO is picked)', () => {
    const { store, eng } = phoneWithCall();
    store.getState().dtmf('5');
    store.getState().setDtmfTransport('info');
    store.getState().dtmf('#');
    expect(eng().calls).toEqual(expect.arrayContaining(['dtmf 5 rfc4733', 'dtmf # info']));
    store.getState().cancelConsult();
    store.getState().completeTransfer();
    store.getState().startConference();
    expect(eng().calls).toEqual(expect.arrayContaining(['cancel-consult', 'complete-transfer', 'conference']));
  });
});
