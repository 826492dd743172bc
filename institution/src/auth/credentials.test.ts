import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, TEST_SCRYPT } from '../testing/harness.ts';
import type { TestClock } from '../testing/harness.ts';
import { openDatabase } from '../db/open-database.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { ApiFailure } from '../errors.ts';
import { findOperator, insertOperator, setOperatorDisabled } from '../operators/operator-store.ts';
import { createCredentialChecker } from './credentials.ts';
import type { CredentialChecker } from './credentials.ts';
import { hashPassword, verifyPassword } from './password.ts';

const PASSWORD = 'Right#2026';
const MAX = 5;

/** Real scrypt behind a gate: counts the checks that start, and holds them until opened. */
function gatedVerifier() {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const state = { started: 0 };
  return {
    state,
    open: () => open(),
    async verify(password: string, stored: string): Promise<boolean> {
      state.started += 1;
      await gate;
      return verifyPassword(password, stored);
    },
  };
}

/** Waits (bounded) for a condition that other promises are about to make true. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
}

type Outcome = 'ok' | string;

function outcomeOf(promise: Promise<unknown>, sink: Outcome[]): Promise<Outcome> {
  return promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof ApiFailure ? error.code : 'unexpected'),
  ).then((outcome) => {
    sink.push(outcome);
    return outcome;
  });
}

const tally = (outcomes: Outcome[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
};

describe('credential checks under concurrency', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let clock: TestClock;
  let gated: ReturnType<typeof gatedVerifier>;
  let checker: CredentialChecker;
  let counter = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'institution-credentials-'));
    handle = await openDatabase(join(dir, 'test.sqlite'));
    clock = createTestClock();
  });
  afterEach(() => gated.open());
  afterAll(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function freshOperator(totpSecret: string | null = null): Promise<string> {
    counter += 1;
    const id = `OP${counter}`;
    const passwordHash = await hashPassword(PASSWORD, TEST_SCRYPT);
    await insertOperator(handle.db, { id, displayName: id, passwordHash, roles: ['agent'], team: null, totpSecret }, clock());
    gated = gatedVerifier();
    checker = createCredentialChecker({ db: handle.db, now: clock, scrypt: TEST_SCRYPT, lockout: { maxFailures: MAX, lockMinutes: 15 }, passwordVerifier: gated.verify });
    return id;
  }

  const attempt = (operatorId: string, password: string) => checker.check({ operatorId, password, checkTotp: false });

  it('a burst of 50 wrong guesses gets exactly maxFailures password checks; the right password after them is locked out', async () => {
    const id = await freshOperator();
    const outcomes: Outcome[] = [];
    const wrong = Array.from({ length: 50 }, (_, i) => outcomeOf(attempt(id, `wrong-${i}`), outcomes));
    // All 50 have reserved: maxFailures are inside scrypt, the rest were refused without it.
    await eventually(() => outcomes.length === 50 - MAX && gated.state.started === MAX);
    expect(tally(outcomes)).toEqual({ account_locked: 50 - MAX });
    expect(gated.state.started).toBe(MAX);

    // The right password while those checks are still running: refused, and never checked.
    const right = await outcomeOf(attempt(id, PASSWORD), []);
    expect(right).toBe('account_locked');
    expect(gated.state.started).toBe(MAX);

    gated.open();
    await Promise.all(wrong);
    // The guess that reached the threshold reports the lock it set.
    expect(tally(outcomes)).toEqual({ invalid_credentials: MAX - 1, account_locked: 50 - MAX + 1 });
    expect((await findOperator(handle.db, id))?.locked_until).toBe(clock() + 15 * 60_000);
  });

  it('the right password reserved before the lock may log in, but does not lift a lock that later guesses set', async () => {
    const id = await freshOperator();
    const outcomes: Outcome[] = [];
    const early = [outcomeOf(attempt(id, 'wrong-a'), outcomes), outcomeOf(attempt(id, 'wrong-b'), outcomes)];
    await eventually(() => gated.state.started === 2);
    const right = outcomeOf(attempt(id, PASSWORD), []);
    await eventually(() => gated.state.started === 3);
    const late = Array.from({ length: 10 }, (_, i) => outcomeOf(attempt(id, `late-${i}`), outcomes));
    await eventually(() => outcomes.length === 8);
    expect(gated.state.started).toBe(MAX);

    gated.open();
    expect(await right).toBe('ok');
    await Promise.all([...early, ...late]);
    expect(tally(outcomes)).toEqual({ invalid_credentials: MAX - 2, account_locked: 8 + 1 });
    // The lock set by the 5th reservation stands: the success came before it, not after.
    expect(await outcomeOf(attempt(id, PASSWORD), [])).toBe('account_locked');
    expect(gated.state.started).toBe(MAX);
  });

  it('a success that is the latest attempt resets the count; a lock expiry restarts it', async () => {
    const id = await freshOperator();
    gated.open();
    for (let i = 0; i < MAX - 1; i += 1) expect(await outcomeOf(attempt(id, 'nope'), [])).toBe('invalid_credentials');
    expect(await outcomeOf(attempt(id, PASSWORD), [])).toBe('ok');
    for (let i = 0; i < MAX - 1; i += 1) expect(await outcomeOf(attempt(id, 'nope'), [])).toBe('invalid_credentials');
    expect(await outcomeOf(attempt(id, 'nope'), [])).toBe('account_locked');
    clock.advance(15 * 60_000);
    expect(await outcomeOf(attempt(id, 'nope'), [])).toBe('invalid_credentials');
    expect((await findOperator(handle.db, id))?.failed_attempts).toBe(1);
  });

  it('the right password without a TOTP code, or on a disabled account, is not counted as a failure', async () => {
    const id = await freshOperator('JBSWY3DPEHPK3PXP');
    gated.open();
    const login = (password: string) => outcomeOf(checker.check({ operatorId: id, password, checkTotp: true }), []);
    for (let i = 0; i < MAX - 1; i += 1) expect(await login('nope')).toBe('invalid_credentials');
    for (let i = 0; i < 3; i += 1) expect(await login(PASSWORD)).toBe('totp_required');
    await setOperatorDisabled(handle.db, id, true);
    for (let i = 0; i < 3; i += 1) expect(await login(PASSWORD)).toBe('account_disabled');
    expect((await findOperator(handle.db, id))?.failed_attempts).toBe(MAX - 1);
    expect(await login('nope')).toBe('account_locked');
  });

  it('an unknown operator reads as invalid credentials, like a wrong password', async () => {
    await freshOperator();
    gated.open();
    expect(await outcomeOf(attempt('NOBODY', 'x'), [])).toBe('invalid_credentials');
  });
});
