import { describe, expect, it } from 'vitest';
import { MAX_SESSION_EXPIRES_SECONDS, parseMinSe, sessionRetryInterval, SESSION_TIMERS_EXPIRES_SECONDS } from './session-timers.ts';

const failed = (status: number | undefined, minSe: string | null | undefined, retried = false) =>
  sessionRetryInterval({ status, minSe, asked: SESSION_TIMERS_EXPIRES_SECONDS, retried });

describe('parseMinSe', () => {
  it('reads delta-seconds with or without parameters and whitespace', () => {
    expect(parseMinSe('3600')).toBe(3600);
    expect(parseMinSe(' 3600 ')).toBe(3600);
    expect(parseMinSe('3600;foo=bar')).toBe(3600);
  });
  it('refuses anything else', () => {
    for (const value of [null, undefined, '', 'abc', '-5', '36.5', '3600 x', '99999999999', '0x10']) expect(parseMinSe(value), String(value)).toBeNull();
  });
});

describe('sessionRetryInterval', () => {
  it('retries a 422 with the far end’s Min-SE', () => {
    expect(failed(422, '3600')).toBe(3600);
    expect(failed(422, String(MAX_SESSION_EXPIRES_SECONDS))).toBe(MAX_SESSION_EXPIRES_SECONDS);
  });
  it('only once per call', () => {
    expect(failed(422, '3600', true)).toBeNull();
  });
  it('not beyond the bound', () => {
    expect(failed(422, String(MAX_SESSION_EXPIRES_SECONDS + 1))).toBeNull();
    expect(failed(422, '86400')).toBeNull();
  });
  it('not when the Min-SE is missing, unparsable or not above what was asked', () => {
    expect(failed(422, null)).toBeNull();
    expect(failed(422, 'soon')).toBeNull();
    expect(failed(422, '1800')).toBeNull();
    expect(failed(422, '90')).toBeNull();
  });
  it('not for any other failure', () => {
    for (const status of [undefined, 408, 420, 421, 480, 486, 488, 500, 603]) expect(failed(status, '3600'), String(status)).toBeNull();
  });
});
