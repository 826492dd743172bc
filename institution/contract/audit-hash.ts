import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { AuditEventBody } from './audit.ts';

/** sha256 over the canonical JSON of the event body: the link both producer and verifier compute. */
export function auditEventHash(body: AuditEventBody): string {
  const { workstationId, seq, prevHash, time, type, actor, data } = body;
  return createHash('sha256')
    .update(canonicalJson({ workstationId, seq, prevHash, time, type, actor, data }))
    .digest('hex');
}

/** sha256 hex of the canonical JSON of a request body: what a workstation proof binds the request to. */
export function bodyDigest(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body ?? null)).digest('hex');
}
