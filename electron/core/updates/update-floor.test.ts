import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore } from '../outbox/store.ts';
import { createUpdateFloor, UPDATE_FLOOR_SETTING } from './update-floor.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the update rollback floor', () => {
  it('survives a restart: the real SQLite store, closed and reopened, keeps the highest version', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'update-floor-'));
    dirs.push(dataDir);
    const keyProvider = createStaticKeyProvider('update-floor-test');
    const first = await openOutboxStore({ dataDir, keyProvider });
    const floor = createUpdateFloor(first, '1.0.0');
    expect(floor.current()).toBe('1.0.0');
    floor.raise('2.1.0');
    floor.raise('2.0.5'); // never lowered
    expect(floor.current()).toBe('2.1.0');
    first.close();

    // The app restarts still running 1.0.0 (the install was handed off, not yet applied).
    const second = await openOutboxStore({ dataDir, keyProvider });
    try {
      expect(createUpdateFloor(second, '1.0.0').current()).toBe('2.1.0');
      expect(second.getSetting(UPDATE_FLOOR_SETTING)).toBe('2.1.0');
      // A newer running version raises it at start.
      expect(createUpdateFloor(second, '2.2.0-rc.1').current()).toBe('2.2.0-rc.1');
    } finally {
      second.close();
    }
  });

  it('ignores a stored value that is not a version (falls back to the running version)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'update-floor-'));
    dirs.push(dataDir);
    const store = await openOutboxStore({ dataDir, keyProvider: createStaticKeyProvider('update-floor-test') });
    try {
      store.setSetting(UPDATE_FLOOR_SETTING, 'garbage');
      expect(createUpdateFloor(store, '1.2.3').current()).toBe('1.2.3');
    } finally {
      store.close();
    }
  });
});
