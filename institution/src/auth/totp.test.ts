import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotp, totpCode, totpCodeForSecret, totpStep, verifyTotp } from './totp.ts';
import type { TotpAlgorithm } from './totp.ts';

// RFC 6238 Appendix B: T0 = 0, X = 30 s, 8 digits, ASCII seeds of 20/32/64 bytes.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [number, string, TotpAlgorithm][] = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1111111111, '67062674', 'sha256'],
  [1111111111, '99943326', 'sha512'],
  [1234567890, '89005924', 'sha1'],
  [1234567890, '91819424', 'sha256'],
  [1234567890, '93441116', 'sha512'],
  [2000000000, '69279037', 'sha1'],
  [2000000000, '90698825', 'sha256'],
  [2000000000, '38618901', 'sha512'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('T=%i gives %s with %s', (seconds, expected, algorithm) => {
    expect(totpCode(SEEDS[algorithm], seconds * 1000, { stepSeconds: 30, digits: 8, algorithm })).toBe(expected);
  });

  it('HOTP matches RFC 4226 Appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SEEDS.sha1, BigInt(i), 6, 'sha1'))).toEqual(expected);
  });

  it('base32 round-trips and decodes the usual demo secret', () => {
    expect(base32Decode('JBSWY3DPEHPK3PXP').toString('latin1')).toBe('Hello!\xde\xad\xbe\xef');
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    const secret = generateTotpSecret();
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(base32Decode('jbsw y3dp ehpk 3pxp====')).toEqual(base32Decode('JBSWY3DPEHPK3PXP'));
    expect(() => base32Decode('ABC1')).toThrow(RangeError);
  });

  it('accepts the current step and one step either side, nothing further', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const t = 1_767_600_000_000;
    const step = totpStep(t);
    expect(verifyTotp(secret, totpCodeForSecret(secret, t), t, null)).toBe(step);
    expect(verifyTotp(secret, totpCodeForSecret(secret, t - 30_000), t, null)).toBe(step - 1);
    expect(verifyTotp(secret, totpCodeForSecret(secret, t + 30_000), t, null)).toBe(step + 1);
    expect(verifyTotp(secret, totpCodeForSecret(secret, t - 60_000), t, null)).toBeNull();
    expect(verifyTotp(secret, totpCodeForSecret(secret, t + 60_000), t, null)).toBeNull();
  });

  it('refuses a code from a step already used (replay)', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const t = 1_767_600_000_000;
    const code = totpCodeForSecret(secret, t);
    const used = verifyTotp(secret, code, t, null);
    expect(used).not.toBeNull();
    expect(verifyTotp(secret, code, t, used)).toBeNull();
    expect(verifyTotp(secret, totpCodeForSecret(secret, t + 30_000), t + 30_000, used)).toBe((used ?? 0) + 1);
  });
});
