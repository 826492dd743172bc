import { z } from 'zod';

/**
 * One link of a workstation's audit chain. `hash` = sha256 over the canonical JSON of
 * every field but `hash` and `signature`; `signature` = Ed25519 by the workstation key
 * over the hash. `prevHash` of the first event is GENESIS_HASH.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const AuditEventBody = z
  .object({
    workstationId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    seq: z.number().int().min(1),
    prevHash: z.string().regex(/^[0-9a-f]{64}$/),
    time: z.iso.datetime(),
    type: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/).max(80),
    /** Operator id, or null for workstation-level events (e.g. before login). */
    actor: z.string().max(64).nullable(),
    data: z.record(z.string().max(64), z.union([z.string().max(2048), z.number(), z.boolean(), z.null()])),
  })
  .strict();
export type AuditEventBody = z.infer<typeof AuditEventBody>;

export const AuditEvent = AuditEventBody.extend({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
}).strict();
export type AuditEvent = z.infer<typeof AuditEvent>;
