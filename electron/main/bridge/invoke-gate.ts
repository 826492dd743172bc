import { isInvokeChannel, type InvokeChannel } from '../../contract/channels.ts';
import type { DeskErrorCode, DeskResult } from '../../contract/errors.ts';
import type { SecurityAudit } from '../security-events.ts';

/**
 * What every bridge call passes before the dispatcher sees it, in Electron main and in the
 * browser test host alike (so the two answer a bad call the same way):
 *
 * 1. the sender — the transport says what it found wrong with it (Electron: the frame; the
 *    host: Origin and Sec-Fetch-Site); a stranger is audited and refused before anything of
 *    its call is looked at;
 * 2. the channel — it must be in the table;
 * 3. the arity — one argument at most: the contract's calls take a single payload.
 *
 * Then the dispatcher checks the access rule and the payload's schema (electron/core/ipc).
 */
export interface SenderVerdict {
  /** Null for our own renderer; otherwise a short token saying why not. */
  problem: string | null;
  /** The sender's URL, for the audit record (redacted there). */
  url: string;
}

export interface InvokeGateOptions {
  dispatch(channel: InvokeChannel, payload: unknown): Promise<DeskResult<unknown>>;
  audit: SecurityAudit;
}

export type InvokeGate = (channel: string, args: readonly unknown[], sender: SenderVerdict) => Promise<DeskResult<unknown>>;

const failure = (code: DeskErrorCode): DeskResult<never> => ({ ok: false, error: { code } });

export function createInvokeGate(options: InvokeGateOptions): InvokeGate {
  return async (channel, args, sender) => {
    if (sender.problem !== null) {
      const named = isInvokeChannel(channel) ? channel : 'unknown-channel';
      options.audit({ kind: 'ipc-forbidden-sender', url: sender.url, detail: `${named}:${sender.problem}` });
      return failure('forbidden_sender');
    }
    if (!isInvokeChannel(channel)) return failure('bad_request');
    if (args.length > 1) return failure('bad_request');
    try {
      return await options.dispatch(channel, args[0]);
    } catch {
      // The dispatcher reports failures as values; a throw is a bug and its text stays here.
      return failure('internal');
    }
  };
}
