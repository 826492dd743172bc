import { describe, expect, it } from 'vitest';
import { AgentStateReport } from '../../../../electron/contract/phone.ts';
import { agentStateOf, reportableCallId, sameReport } from './agent-state.ts';
import { callEndOf, registrationProblemOf } from './causes.ts';
import { checkNumber, displayNumber, isDtmfTone, targetUri } from './dial.ts';
import { holdIndicator, mediaIndicators, muteIndicator, type MediaSample } from './media.ts';

describe('checkNumber', () => {
  it('accepts digits with an optional +, dropping how people write numbers', () => {
    expect(checkNumber(' 138-0013 8000 ')).toEqual({ ok: true, number: '13800138000' });
    expect(checkNumber('+86 (21) 5555.0100')).toEqual({ ok: true, number: '+862155550100' });
    expect(checkNumber('4000')).toEqual({ ok: true, number: '4000' });
  });

  it('names the problem: empty, not a number, too long', () => {
    expect(checkNumber('  ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkNumber('12a4')).toEqual({ ok: false, problem: 'invalid' });
    expect(checkNumber('1+2')).toEqual({ ok: false, problem: 'invalid' });
    expect(checkNumber('sip:x@evil.example')).toEqual({ ok: false, problem: 'invalid' });
    expect(checkNumber('1'.repeat(21))).toEqual({ ok: false, problem: 'too-long' });
  });

  it('dials in the operator’s own domain', () => {
    expect(targetUri('4000', 'sip:A1001@lab.channeldesk.test')).toBe('sip:4000@lab.channeldesk.test');
    expect(() => targetUri('4000', 'A1001')).toThrow();
  });

  it('DTMF tones are 0-9 * # A-D, one at a time', () => {
    for (const tone of ['0', '9', '*', '#', 'A', 'd']) expect(isDtmfTone(tone)).toBe(true);
    for (const tone of ['', '12', 'E', ' ', '+']) expect(isDtmfTone(tone)).toBe(false);
  });

  it('shows the user part of a SIP URI', () => {
    expect(displayNumber('sip:2001@lab.channeldesk.test')).toBe('2001');
    expect(displayNumber('13800138000')).toBe('13800138000');
  });
});

describe('agentStateOf', () => {
  const ringing = { phase: 'ringing' as const, callId: 'abc@host' };
  const active = { phase: 'active' as const, callId: 'abc@host' };

  it('a call wins over the chosen state and the registration', () => {
    expect(agentStateOf(true, ringing, { kind: 'not-ready', reasonCode: 'break' })).toEqual({ state: 'ringing', reasonCode: null, callId: 'abc@host' });
    expect(agentStateOf(false, active, { kind: 'ready' })).toEqual({ state: 'on-call', reasonCode: null, callId: 'abc@host' });
    expect(agentStateOf(true, { phase: 'dialing', callId: 'x' }, { kind: 'ready' }).state).toBe('on-call');
  });

  it('unregistered or nothing chosen yet is offline; otherwise the choice', () => {
    expect(agentStateOf(false, null, { kind: 'ready' }).state).toBe('offline');
    expect(agentStateOf(true, null, { kind: 'unset' }).state).toBe('offline');
    expect(agentStateOf(true, null, { kind: 'ready' })).toEqual({ state: 'ready', reasonCode: null, callId: null });
    expect(agentStateOf(true, null, { kind: 'not-ready', reasonCode: 'meal' })).toEqual({ state: 'not-ready', reasonCode: 'meal', callId: null });
  });

  it('every report it makes passes the contract’s schema', () => {
    const calls = [null, ringing, active, { phase: 'ringing' as const, callId: 'weird id/with:colons;tag=1' }];
    const choices = [{ kind: 'unset' as const }, { kind: 'ready' as const }, { kind: 'not-ready' as const, reasonCode: 'training' }];
    for (const registered of [true, false]) {
      for (const call of calls) for (const choice of choices) expect(AgentStateReport.safeParse(agentStateOf(registered, call, choice)).success).toBe(true);
    }
  });

  it('call ids keep the report alphabet and length', () => {
    expect(reportableCallId('a b/c:d')).toBe('a-b-c-d');
    expect(reportableCallId('x'.repeat(300))).toHaveLength(128);
    expect(reportableCallId('')).toBe('unknown');
  });

  it('sameReport compares all three fields', () => {
    const r = { state: 'ready' as const, reasonCode: null, callId: null };
    expect(sameReport(null, r)).toBe(false);
    expect(sameReport(r, { ...r })).toBe(true);
    expect(sameReport(r, { state: 'not-ready', reasonCode: 'break', callId: null })).toBe(false);
  });
});

describe('causes', () => {
  it('registration problems from status codes and causes', () => {
    expect(registrationProblemOf('Rejected', 403)).toBe('rejected');
    expect(registrationProblemOf('Authentication Error', 401)).toBe('auth');
    expect(registrationProblemOf('Request Timeout', undefined)).toBe('timeout');
    expect(registrationProblemOf('Connection Error', undefined)).toBe('network');
    expect(registrationProblemOf('SIP Failure Code', 500)).toBe('server');
  });

  it('call ends by who ended it', () => {
    expect(callEndOf('Terminated', 'local', true)).toBe('local-hangup');
    expect(callEndOf('Terminated', 'remote', true)).toBe('remote-hangup');
    expect(callEndOf('Rejected', 'local', false)).toBe('declined');
    expect(callEndOf('Rejected', 'remote', false)).toBe('rejected');
    expect(callEndOf('Canceled', 'remote', false)).toBe('canceled');
    expect(callEndOf('Canceled', 'local', false)).toBe('local-hangup');
    expect(callEndOf('Busy', 'remote', false)).toBe('busy');
    expect(callEndOf('Unavailable', 'remote', false)).toBe('unavailable');
    expect(callEndOf('Not Found', 'remote', false)).toBe('not-found');
    expect(callEndOf('Incompatible SDP', 'remote', false)).toBe('media-failed');
    expect(callEndOf('User Denied Media Access', 'local', false)).toBe('microphone-denied');
    expect(callEndOf('Connection Error', 'system', true)).toBe('network');
    expect(callEndOf('Something new', 'system', false)).toBe('failed');
  });
});

describe('media indicators', () => {
  const sample = (over: Partial<MediaSample>): MediaSample => ({ at: 0, senderEnabled: true, packetsSent: 0, packetsReceived: 0, energyReceived: 0, ...over });

  it('mic follows the sender track; flows follow the RTP counters', () => {
    expect(mediaIndicators(null, sample({}))).toEqual({ mic: 'live', inbound: 'unknown', outbound: 'unknown' });
    expect(mediaIndicators(sample({ packetsSent: 10, packetsReceived: 10 }), sample({ senderEnabled: false, packetsSent: 60, packetsReceived: 10 }))).toEqual({
      mic: 'muted',
      inbound: 'stalled',
      outbound: 'flowing',
    });
    expect(mediaIndicators(null, sample({ senderEnabled: null })).mic).toBe('none');
  });

  it('held only when the far end agreed and the mic is really silent', () => {
    expect(holdIndicator(true, false, 'muted')).toBe('holding');
    expect(holdIndicator(true, true, 'live')).toBe('holding');
    expect(holdIndicator(true, true, 'muted')).toBe('held');
    expect(holdIndicator(false, true, 'muted')).toBe('resuming');
    expect(holdIndicator(false, false, 'live')).toBe('none');
  });

  it('muted only when the track sends silence', () => {
    expect(muteIndicator(false, 'muted')).toBe('live');
    expect(muteIndicator(true, 'live')).toBe('muting');
    expect(muteIndicator(true, 'muted')).toBe('muted');
  });
});
