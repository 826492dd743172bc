import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBankCard, isCurrencyCode, isIsoDate, isMainlandLandline, isMainlandMobile, isResidentId, luhnCheckDigit, residentIdCheckChar } from './ticket-formats.ts';

const TODAY = new Date(Date.UTC(2026, 10, 30));
const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** A resident ID's first 17 characters with an existing birth date between 1900 and 2025. */
const idPayload = fc
  .tuple(fc.integer({ min: 1, max: 9 }), digits(5, 5), fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2025, 11, 31)), noInvalidDate: true }), digits(3, 3))
  .map(([first, area, born, seq]) => `${first}${area}${born.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`);

describe('resident ID (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('accepts published examples and refuses their neighbours', () => {
    expect(isResidentId('11010519491231002X', TODAY)).toBe(true);
    expect(isResidentId('110105194912310021', TODAY)).toBe(false);
    expect(isResidentId('11010519491231002x', TODAY)).toBe(false); // lower-case x: the form upper-cases first
    expect(isResidentId('11010519490231002X', TODAY)).toBe(false); // 2月31日 does not exist (and the check fails)
    expect(isResidentId('1101051949123100', TODAY)).toBe(false);
    expect(isResidentId('01010519491231002X', TODAY)).toBe(false);
  });

  it('refuses a birth date in the future or before 1900 even with a correct check character', () => {
    const future = '11010520300101123';
    expect(isResidentId(future + residentIdCheckChar(future), TODAY)).toBe(false);
    const old = '11010518991231123';
    expect(isResidentId(old + residentIdCheckChar(old), TODAY)).toBe(false);
    const leap = '11010520000229123';
    expect(isResidentId(leap + residentIdCheckChar(leap), TODAY)).toBe(true);
    const notLeap = '11010519000229123';
    expect(isResidentId(notLeap + residentIdCheckChar(notLeap), TODAY)).toBe(false);
  });

  it('property: the computed check character completes a valid ID; any other character does not', () => {
    fc.assert(
      fc.property(idPayload, fc.constantFrom(...'0123456789X'), (payload, other) => {
        const check = residentIdCheckChar(payload);
        expect(isResidentId(payload + check, TODAY)).toBe(true);
        if (other !== check) expect(isResidentId(payload + other, TODAY)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: changing any one of the first 17 digits is caught', () => {
    fc.assert(
      fc.property(idPayload, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (payload, at, delta) => {
        const id = payload + residentIdCheckChar(payload);
        const changed = String((Number(id[at]) + delta) % 10);
        expect(isResidentId(id.slice(0, at) + changed + id.slice(at + 1), TODAY)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bank card (Luhn, 12–19 digits)', () => {
  it('accepts test card numbers and refuses neighbours and wrong lengths', () => {
    expect(isBankCard('4111111111111111')).toBe(true);
    expect(isBankCard('4111111111111112')).toBe(false);
    expect(isBankCard('6222021234567890128')).toBe(luhnCheckDigit('622202123456789012') === '8');
    expect(isBankCard('79927398713')).toBe(false); // valid Luhn, but 11 digits
    expect(isBankCard('4111 1111 1111 1111')).toBe(false);
  });

  it('property: payload + check digit is valid, and every single-digit change is caught', () => {
    fc.assert(
      fc.property(digits(11, 18), fc.nat(), fc.integer({ min: 1, max: 9 }), (payload, where, delta) => {
        const card = payload + luhnCheckDigit(payload);
        expect(isBankCard(card)).toBe(true);
        const at = where % card.length;
        const changed = card.slice(0, at) + String((Number(card[at]) + delta) % 10) + card.slice(at + 1);
        expect(isBankCard(changed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('phones, currencies, dates', () => {
  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['12800138000', false],
    ['1380013800', false],
    ['+8613800138000', false],
  ])('mobile %s → %s', (value, ok) => {
    expect(isMainlandMobile(value)).toBe(ok);
  });

  it.each([
    ['010-62345678', true],
    ['02162345678', true],
    ['0755-8765432', true],
    ['010-62345678-123', true],
    ['010-02345678', false],
    ['10-62345678', false],
    ['010-623456', false], ['010-12345678', false],
  ])('landline %s → %s', (value, ok) => {
    expect(isMainlandLandline(value)).toBe(ok);
  });

  it('currency codes and calendar dates', () => {
    expect(['CNY', 'HKD', 'USD', 'EUR'].every(isCurrencyCode)).toBe(true);
    expect(['cny', 'RMB', 'XXX', ''].some(isCurrencyCode)).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
  });
});
