import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import type { RecordArgs } from '../../../electron/contract/channels.ts';

/**
 * Reports a UI action to the workstation audit chain. Fire-and-forget: the core owns
 * delivery (outbox), and a failed report must never break what the user is doing.
 */
export function recordUiAction(desk: DeskApi, args: RecordArgs): Promise<void> {
  return desk.audit.record(args).then(
    () => undefined,
    () => undefined,
  );
}
