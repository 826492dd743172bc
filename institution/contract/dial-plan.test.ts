import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, compilePlan, dialPlanAllows, DialPlanPolicy, patternMatches, type CompiledPattern } from './dial-plan.ts';

const compiled = (source: string): CompiledPattern => {
  const result = compilePattern(source);
  if (!result.ok) throw new Error(`${source}: ${result.error}`);
  return result.pattern;
};
const matches = (source: string, number: string) => patternMatches(compiled(source), number);

describe('dial patterns', () => {
  it('matches whole numbers only: a service number, mainland mobiles, landlines with an area code', () => {
    expect(matches('95588', '95588')).toBe(true);
    expect(matches('95588', '955881')).toBe(false);
    expect(matches('95588', '9558')).toBe(false);
    expect(matches('1[3-9]XXXXXXXXX', '13912345678')).toBe(true);
    expect(matches('1[3-9]XXXXXXXXX', '12912345678')).toBe(false);
    expect(matches('1[3-9]XXXXXXXXX', '1391234567')).toBe(false);
    expect(matches('0[1-9]X{8,10}', '01012345678')).toBe(true);
    expect(matches('0[1-9]X{8,10}', '075512345678')).toBe(true);
    expect(matches('0[1-9]X{8,10}', '0101234567')).toBe(true);
    expect(matches('0[1-9]X{8,10}', '010123456')).toBe(false);
    expect(matches('0[1-9]X{8,10}', '0012345678')).toBe(false);
    expect(matches('[1-8]XXX', '2001')).toBe(true);
    expect(matches('[0-35-9]', '4')).toBe(false);
    expect(matches('[0-35-9]', '5')).toBe(true);
  });

  it('a leading + is literal and must be on both sides', () => {
    expect(matches('+861[3-9]X{9}', '+8613912345678')).toBe(true);
    expect(matches('+861[3-9]X{9}', '8613912345678')).toBe(false);
    expect(matches('861[3-9]X{9}', '+8613912345678')).toBe(false);
  });

  it('never matches what is not a number', () => {
    for (const n of ['', '+', '12a4', '1 2', '９５５８８', '95588\n']) expect(matches('X{1,20}', n)).toBe(false);
  });

  it('refuses everything outside the subset, with the reason', () => {
    const refused: [string, string][] = [
      ['', 'empty'],
      ['+', 'empty'],
      ['.*', 'bad-character'],
      ['(1|2)+', 'bad-character'],
      ['1+', 'bad-character'],
      ['1*', 'bad-character'],
      ['\\d{3}', 'bad-character'],
      ['x', 'bad-character'],
      ['[a-z]', 'bad-class'],
      ['[9-1]', 'bad-class'],
      ['[]', 'bad-class'],
      ['[^1]', 'bad-class'],
      ['[1-', 'bad-class'],
      ['{3}', 'bad-repeat'],
      ['1{3}', 'bad-repeat'],
      ['X{21}', 'bad-repeat'],
      ['X{3,2}', 'bad-repeat'],
      ['X{0}', 'bad-repeat'],
      ['X{1,}', 'bad-repeat'],
      ['X{2}{3}', 'bad-repeat'],
      ['X{20}X', 'too-many-digits'],
      ['1'.repeat(25), 'too-many-tokens'],
      ['X'.repeat(49), 'too-long'],
    ];
    for (const [source, error] of refused) expect({ source, result: compilePattern(source) }).toEqual({ source, result: { ok: false, error } });
  });

  it('the policy schema refuses hostile patterns and over-long plans', () => {
    for (const allowed of [['(a+)+$'], ['(X|XX)*'], ['[0-9]{1,20}a'], ['9'.repeat(60)], ['95588', 'X{20}X']]) {
      expect({ allowed, ok: DialPlanPolicy.safeParse({ allowed }).success }).toEqual({ allowed, ok: false });
    }
    expect(DialPlanPolicy.safeParse({ allowed: Array(33).fill('95588') }).success).toBe(false);
    expect(DialPlanPolicy.safeParse({ allowed: ['95588', '1[3-9]XXXXXXXXX'], extra: 1 }).success).toBe(false);
    expect(DialPlanPolicy.parse({ allowed: ['95588', '1[3-9]XXXXXXXXX'] })).toEqual({ allowed: ['95588', '1[3-9]XXXXXXXXX'] });
  });

  it('no plan allows every number; an empty plan allows none', () => {
    expect(dialPlanAllows(null, '13912345678')).toBe(true);
    expect(dialPlanAllows(compilePlan({ allowed: [] }), '13912345678')).toBe(false);
    const plan = compilePlan({ allowed: ['95588', '1[3-9]XXXXXXXXX'] });
    expect(dialPlanAllows(plan, '95588')).toBe(true);
    expect(dialPlanAllows(plan, '13912345678')).toBe(true);
    expect(dialPlanAllows(plan, '01012345678')).toBe(false);
  });
});

/** The reference: the same pattern as a regular expression (built from validated patterns only, in the test). */
function asRegExp(source: string): RegExp {
  const body = source
    .replace(/^\+/, '\\+')
    .replace(/X/g, '[0-9]')
    .replace(/\{(\d+),(\d+)\}/g, '{$1,$2}');
  return new RegExp(`^${body}$`);
}

const token = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map(String),
  fc.constant('X'),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => `[${Math.min(a, b)}-${Math.max(a, b)}]`),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 })).map(([min, extra]) => `X{${min},${min + extra}}`),
);
const validPattern = fc.tuple(fc.boolean(), fc.array(token, { minLength: 1, maxLength: 6 })).map(([plus, tokens]) => `${plus ? '+' : ''}${tokens.join('')}`);
const number = fc.tuple(fc.boolean(), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 })).map(([plus, d]) => `${plus ? '+' : ''}${d}`);

describe('dial patterns (fast-check)', () => {
  it('agree with the equivalent regular expression on every number', () => {
    fc.assert(
      fc.property(validPattern, number, (source, n) => {
        const result = compilePattern(source);
        if (!result.ok) return result.error === 'too-many-digits' || result.error === 'too-long';
        expect(patternMatches(result.pattern, n)).toBe(asRegExp(source).test(n));
        return true;
      }),
      { numRuns: 2_000 },
    );
  });

  it('a number built from a pattern matches it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 6 }), (parts) => {
        const source = parts.map(([a, b, n]) => `[${Math.min(a, b)}-${Math.max(a, b)}]{${n}}`).join('');
        const built = parts.map(([a, , n]) => String(a).repeat(n)).join('');
        expect(matches(source, built)).toBe(true);
      }),
    );
  });

  it('any string either compiles into the subset or is refused; compiling and matching never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 30 }), (source, n) => {
        const result = compilePattern(source);
        if (result.ok) {
          expect(source).toMatch(/^\+?(?:[0-9]|X|\[[0-9-]+\]|\{\d{1,2}(?:,\d{1,2})?\})+$/);
          expect(typeof patternMatches(result.pattern, n)).toBe('boolean');
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('hostile inputs stay cheap: the widest pattern against the longest numbers', () => {
    // Six tokens of one to twenty digits each: the most positions a pattern can keep at once.
    const widest = compiled('X{1,20}'.repeat(6));
    let work = 0;
    for (let i = 0; i < 2_000; i += 1) {
      if (patternMatches(widest, '1'.repeat(20))) work += 1;
      patternMatches(widest, `${'1'.repeat(19)}a`);
    }
    expect(work).toBe(2_000);
  });
});
