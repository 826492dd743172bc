import type { LoginRequest } from '../../../institution/contract/api.ts';
import { AUDIT_HEAD_HEADER, PROOF_HEADER } from '../../../institution/contract/workstation-proof.ts';

/**
 * What the client needs from the workstation to prove itself, injected by desk-core (the
 * key stays with the audit chain's signer, electron/core/audit/workstation-signer.ts).
 * Without it the client sends no proof and no audit head, and the institution refuses its
 * logins (`workstation_proof_required`): only the fake-server unit tests run that way.
 */
export interface WorkstationAuth {
  workstationId: string;
  /** Serial of the verified site profile this desktop runs, reported at login. */
  profileSerial: number;
  /** `X-Workstation-Proof` value for a POST of `body` to the API `path` with the challenge `nonce`. */
  prove(input: { path: string; nonce: string; body: unknown }): string;
  /** `X-Audit-Head` value sent on every call of a session; null while the chain is empty. */
  auditHead?(): string | null;
}

/** A login as the session keeper asks for it: the client adds the profile serial it runs. */
export type LoginAttempt = Omit<LoginRequest, 'profileSerial'> & { profileSerial?: number };

export function loginBody(req: LoginAttempt, auth: WorkstationAuth | undefined): LoginAttempt {
  const profileSerial = req.profileSerial ?? auth?.profileSerial;
  return profileSerial === undefined ? req : { ...req, profileSerial };
}

export function proofHeaders(auth: WorkstationAuth, path: string, nonce: string, body: unknown): Record<string, string> {
  return { [PROOF_HEADER]: auth.prove({ path, nonce, body }) };
}

/** The audit head for a call made with a session's token; signing must never break the call. */
export function auditHeadHeaders(auth: WorkstationAuth | undefined): Record<string, string> {
  let head: string | null;
  try {
    head = auth?.auditHead?.() ?? null;
  } catch {
    head = null;
  }
  return head === null ? {} : { [AUDIT_HEAD_HEADER]: head };
}
