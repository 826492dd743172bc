import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../core/desk-core.harness.ts';
import { run, useBootWorld } from './testing/boot-world.ts';

/** IT's one-time code leaves workstation.json at the first start; core, holding it encrypted, still enrolls. */
const boot = useBootWorld();

describe('the enrollment code at start-up', () => {
  it('is removed from workstation.json once core holds it, and the workstation is enrolled with it', async () => {
    const w = await boot.world();
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
