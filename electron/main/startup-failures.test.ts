import { describe, expect, it } from 'vitest';
import type { ProfileErrorCode } from '../core/profile/verify.ts';
import type { WorkstationConfigErrorCode } from './config.ts';
import type { KeyStoreErrorCode } from './key-provider.ts';
import { STARTUP_FAILURES, startupFailureCause, startupFailureText, type StartupStage } from './startup-failures.ts';

/**
 * Every code start-up can fail with maps to its own two-language sentence for IT. The code
 * lists below are checked against the error types at compile time (a new code in
 * config.ts, key-provider.ts or verify.ts breaks `tsc -b` here until it is listed, and the
 * table's Record type then demands a sentence for it).
 */
type Exhaustive<Listed, All> = [All] extends [Listed] ? true : never;
const configCodes = ['config_missing', 'config_invalid', 'config_not_allowed', 'profile_unreadable', 'keys_unreadable', 'ca_unreadable', 'client_certificate_unreadable'] as const;
const profileCodes = ['malformed', 'unknown-key', 'bad-signature', 'expired', 'not-yet-valid', 'rollback', 'invalid-content'] as const;
const keyStoreCodes = ['keystore_unavailable', 'keystore_plaintext'] as const;
const outboxCodes = ['key-unwrap-failed', 'bad-data-key'] as const;
const complete: [
  Exhaustive<(typeof configCodes)[number], WorkstationConfigErrorCode>,
  Exhaustive<(typeof profileCodes)[number], ProfileErrorCode>,
  Exhaustive<(typeof keyStoreCodes)[number], KeyStoreErrorCode>,
] = [true, true, true];

const known: Array<[StartupStage, string]> = [
  ['command-line', 'forbidden_switch:remote-debugging-port,env:SSLKEYLOGFILE'],
  ...configCodes.map((c): [StartupStage, string] => ['config', c]),
  ...[...profileCodes, ...keyStoreCodes, ...outboxCodes].map((c): [StartupStage, string] => ['core', c]),
  ['core', 'SQLITE_CANTOPEN'],
  ['core', 'EACCES'],
  ['window', 'Error'],
];

const HAN = /\p{Script=Han}/u;

describe('start-up failure sentences', () => {
  it('lists every typed code', () => {
    expect(complete).toEqual([true, true, true]);
  });

  it.each(Object.entries(STARTUP_FAILURES))('%s has a Chinese and an English sentence that tell IT what to do', (_cause, s) => {
    expect(s['zh-CN']).toMatch(HAN);
    expect(s['zh-CN']).toMatch(/请 IT/);
    expect(s['en-US']).not.toMatch(HAN);
    expect(s['en-US']).toMatch(/IT: /);
  });

  it('gives every cause its own sentences', () => {
    const english = Object.values(STARTUP_FAILURES).map((s) => s['en-US']);
    const chinese = Object.values(STARTUP_FAILURES).map((s) => s['zh-CN']);
    expect(new Set(english).size).toBe(english.length);
    expect(new Set(chinese).size).toBe(chinese.length);
  });

  it.each(known)('%s: %s has a sentence of its own, not the fallback', (stage, code) => {
    expect(startupFailureCause(stage, code)).not.toBe('unexpected');
  });

  it('maps each typed code to itself in its own stage only', () => {
    for (const code of [...configCodes]) expect(startupFailureCause('config', code)).toBe(code);
    for (const code of [...profileCodes, ...keyStoreCodes, ...outboxCodes]) expect(startupFailureCause('core', code)).toBe(code);
    expect(startupFailureCause('command-line', 'forbidden_switch:inspect')).toBe('forbidden_switch');
    expect(startupFailureCause('core', 'forbidden_switch')).toBe('unexpected');
    expect(startupFailureCause('core', 'TypeError')).toBe('unexpected');
    expect(startupFailureCause('unexpected', 'expired')).toBe('unexpected');
    expect(startupFailureCause('core', 'toString')).toBe('unexpected');
  });

  it('writes Chinese first, then English, then the code for the ticket', () => {
    const text = startupFailureText('core', 'expired');
    const lines = text.split('\n');
    expect(lines[0]).toBe(`ChannelDesk 无法启动。${STARTUP_FAILURES.expired['zh-CN']}`);
    expect(lines[1]).toBe(`ChannelDesk cannot start. ${STARTUP_FAILURES.expired['en-US']}`);
    expect(lines.at(-1)).toBe('代码 / Code: core: expired');
  });
});
