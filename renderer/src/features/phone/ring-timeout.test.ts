import { describe, expect, it } from 'vitest';
import { isRingTimeoutReason } from './causes.ts';

describe('isRingTimeoutReason (a CANCEL’s Reason header)', () => {
  it('is the SBC’s ring timeout: SIP cause 480, with or without text', () => {
    expect(isRingTimeoutReason('SIP;cause=480')).toBe(true);
    expect(isRingTimeoutReason('SIP ; cause = 480 ; text="RONA"')).toBe(true);
    expect(isRingTimeoutReason('sip;text="RONA";cause=480')).toBe(true);
  });
  it('is not a caller’s CANCEL: none, Q.850, another SIP cause', () => {
    for (const reason of [null, '', 'Q.850;cause=16', 'Q.850;cause=480', 'SIP;cause=487;text="ORIGINATOR_CANCEL"', 'SIP;cause=200;text="Call completed elsewhere"', 'SIP;cause=4800', 'SIP;cause=48']) {
      expect(isRingTimeoutReason(reason), String(reason)).toBe(false);
    }
  });
});
