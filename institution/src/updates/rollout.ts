import { createHash } from 'node:crypto';
import type { Rollout } from '../../contract/update-api.ts';

/**
 * The per-workstation rollout decision. A workstation's bucket (0–99) is the first four
 * bytes of sha256(workstationId) mod 100: stable across releases and restarts, so the same
 * 10 % get every release first and raising the percentage only ever adds workstations.
 */
export function rolloutBucket(workstationId: string): number {
  return createHash('sha256').update(workstationId, 'utf8').digest().readUInt32BE(0) % 100;
}

export type RolloutDecision = 'offered' | 'staged-out' | 'halted';

export function rolloutDecision(release: { rollout: Rollout; halted: boolean }, workstationId: string, memberOf: readonly string[]): RolloutDecision {
  if (release.halted) return 'halted';
  if (release.rollout.groups.some((g) => memberOf.includes(g))) return 'offered';
  return rolloutBucket(workstationId) < release.rollout.percent ? 'offered' : 'staged-out';
}
