import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore } from '../outbox/store.ts';
import { takeEnrollmentCode } from './code-custody.ts';

const CODE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function store(dir: string) {
  const s = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('custody-test') });
  cleanups.push(() => s.close());
  return s;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'custody-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every byte core keeps on disk, as one string: the code must not be in it in the clear. */
function diskText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('');
}

describe('enrollment code custody', () => {
  it('keeps the provisioned code encrypted in the store, and hands it back at the next start without the file', async () => {
    const dir = dataDir();
    const first = await store(dir);
    expect(takeEnrollmentCode(first, CODE, false).code()).toBe(CODE);
    first.close();
    cleanups.pop();
    expect(diskText(dir)).not.toContain(CODE);
    const second = await store(dir);
    expect(takeEnrollmentCode(second, undefined, false).code()).toBe(CODE);
  });

  it('forgets the code once spent, and when the workstation is already enrolled', async () => {
    const dir = dataDir();
    const s = await store(dir);
    takeEnrollmentCode(s, CODE, false).spent();
    expect(takeEnrollmentCode(s, undefined, false).code()).toBeUndefined();
    takeEnrollmentCode(s, CODE, false);
    expect(takeEnrollmentCode(s, undefined, true).code()).toBeUndefined();
    expect(s.getSecret('enrollment-code')).toBeNull();
  });

  it('a code handed in again replaces the stored one (IT re-provisioned the workstation)', async () => {
    const s = await store(dataDir());
    takeEnrollmentCode(s, CODE, false);
    const again = 'ZYXWVUTSRQPONMLKJIHGFEDCBA';
    expect(takeEnrollmentCode(s, again, false).code()).toBe(again);
    expect(takeEnrollmentCode(s, undefined, false).code()).toBe(again);
  });
});
