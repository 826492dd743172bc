import { z } from 'zod';

/**
 * The updater's state as the renderer sees it (`update.status`, event `update.changed`).
 * Main/core decide everything; the status bar only shows it.
 */
export const UpdateState = z.enum(['disabled', 'idle', 'checking', 'up-to-date', 'downloading', 'ready', 'installing', 'installed', 'refused', 'failed']);
export type UpdateState = z.infer<typeof UpdateState>;

export const UpdateStatus = z
  .object({
    state: UpdateState,
    /** The version concerned (offered, downloading, ready, installed, refused), when known. */
    version: z.string().max(64).nullable(),
    /** While `ready`: what the install waits for — the call (or its wrap-up) to end, or an idle moment / sign-out. */
    waitingFor: z.enum(['call', 'idle']).nullable(),
    /** A short code: why it was refused or failed, or why nothing is offered (staged-out, halted). */
    reason: z.string().max(40).nullable(),
    /** While downloading: bytes so far and in all. */
    progress: z.object({ received: z.number().int().min(0), total: z.number().int().min(0) }).strict().nullable(),
  })
  .strict();
export type UpdateStatus = z.infer<typeof UpdateStatus>;
