import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestInstitution, type TestInstitution } from '../core/desk-core.harness.ts';
import { FakeBrowserWindow } from './testing/fake-electron.ts';
import { run, world } from './testing/boot-world.ts';

/** IT's one-time code leaves workstation.json at the first start; core, holding it encrypted, still enrolls. */
let institution: TestInstitution;
const cleanups: Array<() => void | Promise<void>> = [];
beforeAll(async () => {
  institution = await startTestInstitution();
});
afterAll(async () => institution?.close());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  FakeBrowserWindow.created = [];
  FakeBrowserWindow.calls = undefined;
});

describe('the enrollment code at start-up', () => {
  it('is removed from workstation.json once core holds it, and the workstation is enrolled with it', async () => {
    const w = await world({ institution, caPem: institution.server.caCertPem, cleanups });
    const configPath = path.join(w.app.getPath('userData'), 'workstation.json');
    const before = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    expect(typeof before['enrollmentCode']).toBe('string');
    const started = await run(w);
    if (!started) throw new Error('main did not start');
    const after = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    expect(after).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'enrollmentCode')));
    expect(readFileSync(configPath, 'utf8')).not.toContain(String(before['enrollmentCode']));
    await eventually(async () => {
      const info = await started.core.dispatch('session.info', undefined);
      return info.ok && (info.value as { enrollment: string }).enrollment === 'enrolled' ? true : undefined;
    }, 'enrolled with the code core kept');
  });
});
