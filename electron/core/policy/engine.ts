import { canonicalJson } from '../../../institution/contract/canonical-json.ts';
import { Policy } from '../../../institution/contract/site-profile.ts';
import type { AuditChain, AuditData } from '../audit/chain.ts';

/**
 * The policy in force on this workstation. The signed site profile gives the baseline
 * (so a workstation that never reached the institution still locks and watermarks);
 * `GET /me` at login and `policy` push events replace it with what the institution
 * says now. Each change is audited and announced to listeners (the renderer).
 */
export type PolicySource = 'profile' | 'me' | 'push';

export interface PolicyEngine {
  current(): Policy;
  /** Returns true if the policy changed. Throws TypeError on a malformed policy. */
  apply(policy: unknown, source: PolicySource): boolean;
  onChange(listener: (policy: Policy) => void): () => void;
}

export interface PolicyEngineOptions {
  baseline: Policy;
  audit: Pick<AuditChain, 'append'>;
  /** The operator in session, for the audit record. */
  actor: () => string | null;
}

/**
 * Every scalar policy field, so the record follows the Policy schema as it grows; the clipboard
 * rules too (flattened: what may leave the desk is the audit's business).
 */
function auditablePolicy(p: Policy): AuditData {
  const out: AuditData = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
  }
  if (p.clipboard) {
    out['clipboard.copyFromOwnFields'] = p.clipboard.copyFromOwnFields;
    out['clipboard.pasteIntoFields'] = p.clipboard.pasteIntoFields;
  }
  return out;
}

export function createPolicyEngine(o: PolicyEngineOptions): PolicyEngine {
  let current = Policy.parse(o.baseline);
  const listeners = new Set<(p: Policy) => void>();
  return {
    current: () => ({ ...current }),
    apply(policy, source) {
      const parsed = Policy.safeParse(policy);
      if (!parsed.success) {
        throw new TypeError(`policy from ${source} is malformed: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      }
      if (canonicalJson(parsed.data) === canonicalJson(current)) return false;
      current = parsed.data;
      o.audit.append('policy.applied', o.actor(), { source, ...auditablePolicy(current) });
      for (const l of listeners) l({ ...current });
      return true;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
