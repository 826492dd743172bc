/**
 * Format checkers of ticket fields (`"format": "<name>"` in a ticket type's JSON Schema).
 * Dependency-free on purpose: the institution registers them with ajv, and the renderer runs
 * the very same functions as the agent types (it must stay zod-free at run time; see
 * docs/architecture.md "Import walls"). Each checker takes the string and answers true/false.
 */

/** GB 11643-1999 weights of the first 17 digits (ISO 7064 MOD 11-2). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';
const ID_SHAPE = /^[1-9]\d{5}(\d{8})\d{3}[\dX]$/;

/** The check character of the first 17 digits of a resident ID (0-9 or X). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

/** A calendar date `yyyymmdd` or `yyyy-mm-dd` pieces that exists (no 2月30日). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * Mainland resident ID (居民身份证号码): 18 characters, a six-digit area code not starting
 * with 0, a plausible birth date (1900-01-01 … today, an existing day), a sequence number and
 * the MOD 11-2 check character (upper-case X for 10). `today` is injectable for tests.
 */
export function isResidentId(value: string, today: Date = new Date()): boolean {
  const match = ID_SHAPE.exec(value);
  const birth = match?.[1];
  if (birth === undefined) return false;
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (year < 1900 || !isCalendarDate(year, month, day)) return false;
  const born = Date.UTC(year, month - 1, day);
  if (born > today.getTime()) return false;
  return residentIdCheckChar(value.slice(0, 17)) === value[17];
}

/** The Luhn check digit that completes `digits` (for tests and generators). */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    // Walking from the right of the payload, every first digit is doubled (the check digit comes after).
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Bank card number (银行卡号): 12–19 digits whose last digit is the Luhn check digit. */
export function isBankCard(value: string): boolean {
  if (!/^\d{12,19}$/.test(value)) return false;
  return luhnCheckDigit(value.slice(0, -1)) === value.slice(-1);
}

/** Mainland mobile number: 11 digits, 1 then 3–9 (no +86, no spaces: the form normalizes first). */
export function isMainlandMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/**
 * Mainland landline: area code 0 + 2–3 digits, an optional hyphen, a 7–8 digit local number
 * not starting with 0 or 1, an optional extension after a hyphen (010-12345678-123).
 */
export function isMainlandLandline(value: string): boolean {
  return /^0[1-9]\d{1,2}-?[2-9]\d{6,7}(-\d{1,6})?$/.test(value);
}

/** ISO 4217 codes a ticket amount may carry (active currencies; X-codes for metals/testing left out). */
const CURRENCIES = new Set(
  (
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK ' +
    'DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS ' +
    'KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD ' +
    'OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP ' +
    'TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL'
  ).split(' '),
);

/** An ISO 4217 alphabetic code (CNY, HKD, USD …) of an amount's `currency`. */
export function isCurrencyCode(value: string): boolean {
  return CURRENCIES.has(value);
}

/** A calendar date `yyyy-mm-dd` (RFC 3339 full-date) that exists. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The custom formats by name, as ticket schemas write them. */
export const TICKET_FORMATS = {
  'cn-resident-id': (value: string): boolean => isResidentId(value),
  'bank-card': isBankCard,
  'cn-mobile': isMainlandMobile,
  'cn-landline': isMainlandLandline,
  'currency-code': isCurrencyCode,
  date: isIsoDate,
} as const satisfies Record<string, (value: string) => boolean>;

export type TicketFormatName = keyof typeof TICKET_FORMATS;
