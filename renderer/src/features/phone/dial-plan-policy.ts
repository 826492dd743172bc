import { compilePlan, type CompiledPattern } from '../../../../institution/contract/dial-pattern.ts';
import type { DialPlanPolicy } from '../../../../institution/contract/dial-plan.ts';

/**
 * The policy's dial plan, compiled once per plan the institution sends (policy.get /
 * policy.changed replace the object): the phone checks every number against it before
 * dialing. No plan in the policy: every well-formed number may be dialled.
 */
export function dialPlanReader(plan: () => DialPlanPolicy | undefined): () => readonly CompiledPattern[] | null {
  let source: DialPlanPolicy | undefined;
  let compiled: readonly CompiledPattern[] | null = null;
  return () => {
    const current = plan();
    if (current !== source) {
      source = current;
      compiled = current === undefined ? null : compilePlan(current);
    }
    return compiled;
  };
}
