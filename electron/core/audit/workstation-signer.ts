import { sign, type KeyObject } from 'node:crypto';
import type { AnchorRequest } from '../../../institution/contract/api.ts';
import { bodyDigest } from '../../../institution/contract/audit-hash.ts';
import { auditHeadMessage, formatAuditHeadHeader, formatProofHeader, proofMessage } from '../../../institution/contract/workstation-proof.ts';
import type { WorkstationAuth } from '../api/workstation-auth.ts';
import { AuditError } from './errors.ts';

/**
 * Everything the workstation key signs besides audit events: the proof that a login,
 * refresh or unlock comes from this enrolled workstation, and the signed head of its audit
 * chain that the institution anchors. The wire formats live in the contract
 * (institution/contract/workstation-proof.ts); the key never leaves this module's closure.
 */
export interface WorkstationSigner {
  readonly workstationId: string;
  /** `X-Workstation-Proof` for a POST of `body` to the API `path` with a challenge `nonce`. */
  prove(input: { path: string; nonce: string; body: unknown }): string;
  /** The chain's head, signed now; null while the chain is empty (nothing to anchor). */
  signedHead(): AnchorRequest | null;
  /** The same head as the `X-Audit-Head` header value; null while the chain is empty. */
  auditHeadHeader(): string | null;
}

export interface WorkstationSignerOptions {
  workstationId: string;
  signingKey: KeyObject;
  /** The audit chain's current head (AuditChain.head). */
  head(): { seq: number; hash: string };
  now(): number;
}

export function createWorkstationSigner(o: WorkstationSignerOptions): WorkstationSigner {
  if (o.signingKey.type !== 'private' || o.signingKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditError('bad-key', 'the signing key must be an Ed25519 private key');
  }
  const signText = (text: string): string => sign(null, Buffer.from(text, 'utf8'), o.signingKey).toString('base64');
  // The institution reads a lower head signed LATER than a higher one as a rewritten chain,
  // so signing times never go backwards within a run, even if the wall clock does.
  let lastAt = 0;

  const signedHead = (): AnchorRequest | null => {
    const { seq, hash } = o.head();
    if (seq < 1) return null;
    lastAt = Math.max(lastAt, Math.floor(o.now()));
    const at = lastAt;
    return { workstationId: o.workstationId, seq, hash, at, signature: signText(auditHeadMessage({ workstationId: o.workstationId, seq, hash, at })) };
  };

  return {
    workstationId: o.workstationId,
    prove({ path, nonce, body }) {
      const signature = signText(proofMessage({ method: 'POST', path, workstationId: o.workstationId, nonce, bodyDigest: bodyDigest(body) }));
      return formatProofHeader({ workstationId: o.workstationId, nonce, signature });
    },
    signedHead,
    auditHeadHeader() {
      const head = signedHead();
      return head === null ? null : formatAuditHeadHeader(head);
    },
  };
}

/** What the API client needs of a signer, for a desktop running the profile with `profileSerial`. */
export function signerAuth(signer: WorkstationSigner, profileSerial: number): WorkstationAuth {
  return { workstationId: signer.workstationId, profileSerial, prove: (input) => signer.prove(input), auditHead: () => signer.auditHeadHeader() };
}
