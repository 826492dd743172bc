import type { KbBlockedEvent } from '../audit/security-recorder.ts';
import type { CoreHandlers } from '../ipc/dispatch.ts';

/**
 * `kb.report-blocked`: the page guard (and main's key guard, through the same dispatcher)
 * refused a copy-out attempt over a knowledge-base article. The dispatcher has validated it
 * (kind, way, article id and version — kb-protection.ts; no content can ride along); the
 * security recorder audits it as `kb.protection-blocked` with its limits (at most once per
 * attempt+way+article+version a minute, 30 a minute in all; the next record counts the rest).
 */
export interface KbProtectionOptions {
  recordBlocked(event: KbBlockedEvent): void;
}

export function createKbProtectionHandlers(o: KbProtectionOptions): Pick<CoreHandlers, 'kb.report-blocked'> {
  return {
    'kb.report-blocked': async (attempt) => {
      o.recordBlocked(attempt);
      return null;
    },
  };
}
