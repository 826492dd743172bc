import { z } from 'zod';

/**
 * Identifier and token shapes shared by every part of the wire contract (api.ts re-exports
 * them; audit-api.ts uses them without importing api.ts, so the modules form no cycle).
 */
/** A workstation-proof challenge: 128 random bits, base64url without padding. */
export const ChallengeNonce = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
/** An Ed25519 signature (64 bytes), standard base64 with padding. */
export const Ed25519Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

export const OperatorId = z.string().regex(/^[A-Za-z0-9._-]{1,32}$/);
export const WorkstationId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
