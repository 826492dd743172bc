import { ChallengeNonce, Ed25519Signature, WorkstationId } from './ids.ts';

/**
 * What a workstation signs with its enrolled Ed25519 key, byte for byte (the UTF-8 of these
 * strings; the body digest is in audit-hash.ts, with the other node:crypto hashes). Both the desktop
 * (signer) and the institution (verifier) build these strings here, so they cannot drift.
 * Every message starts with its own domain label, so a signature made for one purpose
 * (a request proof, an audit head, an audit event hash) can never be replayed as another.
 */

/** Header carrying the proof on login, refresh and re-authentication. */
export const PROOF_HEADER = 'x-workstation-proof';
/** Header carrying the workstation's signed audit-chain head on authenticated calls. */
export const AUDIT_HEAD_HEADER = 'x-audit-head';

export interface ProofInput {
  method: 'POST';
  /** The API path as openapi.yaml names it with the prefix (`/api/v1/auth/login`), never a proxy prefix. */
  path: string;
  workstationId: string;
  nonce: string;
  /** bodyDigest() (audit-hash.ts) of the JSON body sent. */
  bodyDigest: string;
}

/** The text to sign (as UTF-8 bytes). */
export function proofMessage(p: ProofInput): string {
  return ['channeldesk-proof-v1', p.method, p.path, p.workstationId, p.nonce, p.bodyDigest].join('\n');
}

export interface ParsedProof {
  workstationId: string;
  nonce: string;
  signature: string;
}

/** `X-Workstation-Proof: v1 <workstationId> <nonce> <signature base64>` */
export function formatProofHeader(p: ParsedProof): string {
  return `v1 ${p.workstationId} ${p.nonce} ${p.signature}`;
}

export function parseProofHeader(value: unknown): ParsedProof | null {
  if (typeof value !== 'string' || value.length > 300) return null;
  const [version, workstationId, nonce, signature, ...rest] = value.split(' ');
  if (version !== 'v1' || rest.length > 0 || workstationId === undefined || nonce === undefined || signature === undefined) return null;
  if (!WorkstationId.safeParse(workstationId).success || !ChallengeNonce.safeParse(nonce).success || !Ed25519Signature.safeParse(signature).success) return null;
  return { workstationId, nonce, signature };
}

/**
 * The head of a workstation's audit chain, signed. `at` is the workstation's own clock
 * (epoch ms): a genuine chain never shrinks, so a head with a lower seq signed LATER than
 * an anchored one can only come from a rewritten chain, while one signed earlier is just a
 * request that arrived late.
 */
export interface AuditHead {
  workstationId: string;
  seq: number;
  hash: string;
  at: number;
}

/** The text to sign (as UTF-8 bytes). */
export function auditHeadMessage(h: AuditHead): string {
  return ['channeldesk-audit-head-v1', h.workstationId, String(h.seq), h.hash, String(h.at)].join('\n');
}

export interface SignedHeadFields {
  seq: number;
  hash: string;
  at: number;
  signature: string;
}

/** `X-Audit-Head: <seq>.<hash hex>.<at ms>.<signature base64>` (the workstation is the session's). */
export function formatAuditHeadHeader(h: SignedHeadFields): string {
  return `${h.seq}.${h.hash}.${h.at}.${h.signature}`;
}

const AUDIT_HEAD = /^([1-9][0-9]{0,14})\.([0-9a-f]{64})\.([0-9]{1,15})\.([A-Za-z0-9+/]{86}==)$/;

export function parseAuditHeadHeader(value: unknown): SignedHeadFields | null {
  const match = typeof value === 'string' ? AUDIT_HEAD.exec(value) : null;
  if (match === null) return null;
  const [, seq, hash, at, signature] = match as unknown as [string, string, string, string, string];
  return { seq: Number(seq), hash, at: Number(at), signature };
}
