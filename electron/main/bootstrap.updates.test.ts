import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../contract/updates.ts';
import { makeUpdateKey } from '../core/updates/testing/release-fixture.ts';
import type { UpdateInstaller } from '../core/updates/updater.ts';
import { run, useBootWorld } from './testing/boot-world.ts';
import { loadUpdateKeys } from './update-keys.ts';

/**
 * Main's updater wiring with fake Electron and the real core: the update keys come from the
 * bundle's keys file only; without it the desk starts with the updater disabled.
 */
const boot = useBootWorld();
const installer: UpdateInstaller = { install: () => Promise.resolve() };

function keysFile(content: string | null): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'update-keys-'));
  boot.cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'update-keys.json');
  if (content !== null) writeFileSync(file, content);
  return file;
}

async function statusAfterStart(keysPath: string): Promise<{ status: UpdateStatus; logs: string[] }> {
  const w = await boot.world();
  w.options = { ...w.options, updates: { keysPath, installer } };
  const started = await run(w);
  expect(w.errors).toEqual([]);
  if (started === undefined) throw new Error('did not start');
  const result = await started.core.dispatch('update.status', undefined);
  if (!result.ok) throw new Error(result.error.code);
  return { status: result.value as UpdateStatus, logs: w.logs };
}

describe('bootstrap: signed updates', () => {
  it('with the bundle\'s update keys the updater runs', async () => {
    const { status } = await statusAfterStart(keysFile(JSON.stringify(makeUpdateKey().trusted)));
    expect(status.state).toBe('idle');
  });

  it('without them (missing, not JSON, empty, not strings) the desk still starts, the updater disabled and logged', async () => {
    for (const content of [null, 'not json', '{}', '{"k":1}']) {
      const { status, logs } = await statusAfterStart(keysFile(content));
      expect(status.state).toBe('disabled');
      expect(logs).toContain('channeldesk: no pinned update keys; signed updates are disabled');
    }
  });

  it('loadUpdateKeys accepts keyId → PEM maps only', () => {
    expect(loadUpdateKeys('x', () => '{"it-1":"-----BEGIN PUBLIC KEY-----"}')).toEqual({ 'it-1': '-----BEGIN PUBLIC KEY-----' });
    expect(loadUpdateKeys('x', () => '[]')).toBeNull();
    expect(loadUpdateKeys('x', () => {
      throw new Error('ENOENT');
    })).toBeNull();
  });
});
