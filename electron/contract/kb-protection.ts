import { z } from 'zod';
import { KbArticleId, KbVersionNumber } from '../../institution/contract/kb-api.ts';
import { INPUT_AREAS } from './protected-area.ts';

/**
 * Protected viewing of the knowledge base: what a blocked copy-out attempt reports
 * (`kb.report-blocked`) and what the preload's trusted observer tells main about where the
 * operator's input is (`desk-guard:input-area`, outside the desk table so page script has
 * no way to send it). Ids and kinds only, never article content.
 */

/** What was tried. */
export const KB_BLOCKED_ATTEMPTS = ['copy', 'cut', 'select-all', 'select', 'context-menu', 'drag', 'print', 'save'] as const;
/** How: the input or API that carried the attempt (distinct audit records per way). */
export const KB_BLOCKED_VIAS = [
  'keyboard',
  'keyboard-insert',
  'keyboard-delete',
  'mouse',
  'double-click',
  'exec-command',
  'clipboard-event',
  'clipboard-api',
  'selection-api',
  'image',
  'link',
  'text',
  'window-print',
  'print-media',
] as const;
export type KbBlockedAttemptKind = (typeof KB_BLOCKED_ATTEMPTS)[number];
export type KbBlockedVia = (typeof KB_BLOCKED_VIAS)[number];

/** `kb.report-blocked`: audited as `kb.protection-blocked` (rate-limited like the security records). */
export const KbBlockedAttempt = z
  .object({
    attempt: z.enum(KB_BLOCKED_ATTEMPTS),
    via: z.enum(KB_BLOCKED_VIAS),
    articleId: KbArticleId,
    version: KbVersionNumber,
  })
  .strict();
export type KbBlockedAttempt = z.infer<typeof KbBlockedAttempt>;

/** The dedicated IPC channel of the preload's input-area observer (electron/preload/input-area-observer.ts). */
export const INPUT_AREA_CHANNEL = 'desk-guard:input-area';

/** What the observer reports on every focus or selection change. */
export const InputAreaReport = z
  .object({
    area: z.enum(INPUT_AREAS),
    selectionProtected: z.boolean(),
    /** The protected article on screen, if any (for the audit record of a key main blocks there). */
    article: z.object({ articleId: KbArticleId, version: KbVersionNumber }).strict().nullable(),
  })
  .strict();
export type InputAreaReport = z.infer<typeof InputAreaReport>;
