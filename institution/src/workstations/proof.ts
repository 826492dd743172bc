import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { bodyDigest } from '../../contract/audit-hash.ts';
import { PROOF_HEADER, parseProofHeader, proofMessage } from '../../contract/workstation-proof.ts';
import { ApiFailure } from '../errors.ts';
import type { ChallengeStore } from './challenges.ts';

export interface ProofDeps {
  challenges: ChallengeStore;
  /** The enrolled key of a workstation, or null when it is not enrolled. */
  publicKeyOf(workstationId: string): Promise<KeyObject | null>;
}

export interface ProofExpectation {
  /** The API path the request was sent to (`/api/v1/auth/login`): a proof for one route is useless on another. */
  path: string;
  /** The parsed JSON body: the proof covers its canonical digest, so nothing in it can be swapped. */
  body: unknown;
  /** When the request already names its workstation (login), the proof must come from that one. */
  workstationId?: string;
}

/** Thrown for a request that names a workstation but cannot prove it holds its key. */
export class ProofRefused extends ApiFailure {
  /** The workstation the proof claimed, when it could be read (for the institution's own record). */
  readonly claimedWorkstationId: string | null;
  constructor(code: 'workstation_proof_required' | 'workstation_proof_invalid', message: string, claimedWorkstationId: string | null) {
    super(code, message);
    this.claimedWorkstationId = claimedWorkstationId;
  }
}

function signatureValid(key: KeyObject, message: Buffer, signature: string): boolean {
  try {
    return verify(null, message, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Checks `X-Workstation-Proof`: the enrolled workstation's Ed25519 signature over the
 * request (method, path, workstation, nonce, body digest), with a nonce from
 * `POST /auth/challenge` that is spent here. The signature is checked BEFORE the nonce is
 * spent, so nobody without the key can burn a workstation's nonces. Returns the proven
 * workstation id; throws ProofRefused (401) or workstation_not_enrolled (403).
 */
export async function verifyWorkstationProof(deps: ProofDeps, headers: Record<string, unknown>, expected: ProofExpectation): Promise<string> {
  const raw = headers[PROOF_HEADER];
  if (raw === undefined) throw new ProofRefused('workstation_proof_required', 'this request needs the workstation proof (X-Workstation-Proof)', expected.workstationId ?? null);
  const proof = parseProofHeader(raw);
  if (proof === null) throw new ProofRefused('workstation_proof_invalid', 'the workstation proof is malformed', expected.workstationId ?? null);
  if (expected.workstationId !== undefined && proof.workstationId !== expected.workstationId) {
    throw new ProofRefused('workstation_proof_invalid', 'the workstation proof comes from another workstation', expected.workstationId);
  }
  const key = await deps.publicKeyOf(proof.workstationId);
  if (key === null) throw new ApiFailure('workstation_not_enrolled', 'this workstation is not enrolled with the institution');
  const message = Buffer.from(proofMessage({ method: 'POST', path: expected.path, workstationId: proof.workstationId, nonce: proof.nonce, bodyDigest: bodyDigest(expected.body) }), 'utf8');
  if (!signatureValid(key, message, proof.signature)) {
    throw new ProofRefused('workstation_proof_invalid', 'the workstation proof does not verify', proof.workstationId);
  }
  if (!(await deps.challenges.consume(proof.workstationId, proof.nonce))) {
    throw new ProofRefused('workstation_proof_invalid', 'the challenge is unknown, expired or already used', proof.workstationId);
  }
  return proof.workstationId;
}
