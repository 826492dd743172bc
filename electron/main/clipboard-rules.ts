import { Policy } from '../../institution/contract/site-profile.ts';
import { clipboardRulesOf, type ClipboardRules } from '../contract/protected-area.ts';
import type { DeskCorePort } from './electron-deps.ts';

/**
 * The clipboard rules in force for main's input guard: the signed profile's policy to begin
 * with, then every policy the desk core announces (`policy.changed`: GET /me at sign-in, the
 * institution's `policy` pushes). The core validated each policy already; a payload that is
 * not one keeps the rules as they were rather than falling back to the permissive default.
 */
export interface ClipboardRulesSource {
  current(): ClipboardRules;
  stop(): void;
}

export function followClipboardPolicy(core: Pick<DeskCorePort, 'profile' | 'subscribe'>): ClipboardRulesSource {
  let rules = clipboardRulesOf(core.profile.policy);
  const stop = core.subscribe('policy.changed', (payload) => {
    const parsed = Policy.safeParse(payload);
    if (parsed.success) rules = clipboardRulesOf(parsed.data);
  });
  return { current: () => rules, stop };
}
