import { describe, expect, it } from 'vitest';
import { NO_MEDIA } from '../phone/media.ts';
import type { PhoneData } from '../phone/phone-state.ts';
import { currentTicketCall } from './call-context.ts';
import { isNewTicketShortcut } from './new-ticket-shortcut.ts';

const AT = Date.parse('2026-11-30T08:00:00.000Z');
const call = (answeredAt: number | null): PhoneData['call'] => ({
  callId: 'c-1@sbc',
  direction: 'inbound',
  remote: '13800138000',
  phase: answeredAt === null ? 'ringing' : 'active',
  answeredAt,
  muteRequested: false,
  holdRequested: false,
  holdActive: false,
  media: NO_MEDIA,
  hold: 'off',
  mute: 'off',
} as unknown as PhoneData['call']);
const quality = (callId: string, mos: number | null): PhoneData['quality'] => ({ callId, sample: { at: AT, rttMs: 20, jitterMs: 1, lossPercent: 0, mos }, warnings: [] });

describe('the call a new ticket carries', () => {
  it('is the call that is up: id, caller masked to its last four, answer time, MOS of the last sample', () => {
    expect(currentTicketCall({ call: call(AT), wrapUp: null, quality: quality('c-1@sbc', 4.1234) })).toEqual({
      callId: 'c-1@sbc',
      callerMasked: '*******8000',
      startedAt: '2026-11-30T08:00:00.000Z',
      mos: 4.12,
    });
  });

  it('leaves out what is not known yet (a ringing call has no answer time, no MOS of another call)', () => {
    expect(currentTicketCall({ call: call(null), wrapUp: null, quality: quality('other', 3) })).toEqual({ callId: 'c-1@sbc', callerMasked: '*******8000' });
  });

  it('is the call in wrap-up once it ended (as the call log masked it), with when it ended', () => {
    const wrapUp = { callId: 'c-2', remote: '*******8000', startedAt: AT + 60_000, deadline: AT + 90_000, extended: false, overdue: false, disposition: null };
    expect(currentTicketCall({ call: null, wrapUp, quality: quality('c-2', 3.5) })).toEqual({ callId: 'c-2', callerMasked: '*******8000', endedAt: '2026-11-30T08:01:00.000Z', mos: 3.5 });
  });

  it('is nothing without a call', () => {
    expect(currentTicketCall({ call: null, wrapUp: null, quality: null })).toBeNull();
  });
});

describe('the new-ticket shortcut', () => {
  const key = (code: string, mods: Partial<KeyboardEvent> = {}) => ({ ctrlKey: true, altKey: true, metaKey: false, shiftKey: false, code, ...mods });
  it('is Ctrl+Alt+N by physical key, nothing else', () => {
    expect(isNewTicketShortcut(key('KeyN'))).toBe(true);
    expect(isNewTicketShortcut(key('KeyN', { shiftKey: true }))).toBe(false);
    expect(isNewTicketShortcut(key('KeyN', { altKey: false }))).toBe(false);
    expect(isNewTicketShortcut(key('KeyL'))).toBe(false);
  });
});
