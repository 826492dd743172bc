import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditEventHash } from './audit-hash.ts';
import { GENESIS_HASH } from './audit.ts';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
  });

  it('sorts by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":2,"a":4,"b":1,"é":3}');
  });

  it('drops undefined object members, keeps strings exactly as JSON escapes them', () => {
    expect(canonicalJson({ a: undefined, b: '示例\n"q"' })).toBe('{"b":"示例\\n\\"q\\""}');
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });

  it('is independent of key insertion order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('auditEventHash', () => {
  const body = {
    workstationId: 'WS-1',
    seq: 1,
    prevHash: GENESIS_HASH,
    time: '2026-01-05T08:00:00.000Z',
    type: 'session.login',
    actor: 'A1001',
    data: { result: 'ok' },
  };

  it('is sha256 hex over the canonical JSON of the seven body fields', () => {
    const expected = createHash('sha256')
      .update('{"actor":"A1001","data":{"result":"ok"},"prevHash":"' + GENESIS_HASH + '","seq":1,"time":"2026-01-05T08:00:00.000Z","type":"session.login","workstationId":"WS-1"}')
      .digest('hex');
    expect(auditEventHash(body)).toBe(expected);
  });

  it('ignores hash and signature fields but changes with any body field', () => {
    const withExtras = { ...body, hash: 'x', signature: 'y' } as typeof body;
    expect(auditEventHash(withExtras)).toBe(auditEventHash(body));
    expect(auditEventHash({ ...body, seq: 2 })).not.toBe(auditEventHash(body));
    expect(auditEventHash({ ...body, data: { result: 'ko' } })).not.toBe(auditEventHash(body));
  });
});
