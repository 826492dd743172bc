import { INPUT_AREA_CHANNEL, InputAreaReport, type KbBlockedAttempt } from '../contract/kb-protection.ts';
import { DEFAULT_CLIPBOARD_RULES, UNKNOWN_AREA, type ClipboardRules } from '../contract/protected-area.ts';
import { senderProblem, type InvokeEvent, type IpcMainPort } from './bridge/ipc-main.ts';
import type { InputAreaPort } from './input-guard.ts';
import type { SecurityAudit } from './security-events.ts';

/**
 * Where the operator's input is, per webContents, as the preload's trusted observer reports
 * it (electron/preload/input-area-observer.ts) — the input guard's eyes. The channel is not in
 * the desk table, so `window.desk` has no method for it and page script cannot send it: only
 * the preload holds ipcRenderer. The sender is checked like every desk call (our own
 * webContents, top frame, app://desk), the payload with zod; anything else leaves the area
 * unknown, which blocks copy-out (fail closed).
 *
 * The reply to a report is the clipboard rules in force (the desk core's policy): the
 * observer's own copy, for the `copy`/`cut`/`paste` events it cancels from the isolated world.
 * It also follows `policy.changed`, so a report is never the only way rules reach it.
 */
type AreaReport = ReturnType<InputAreaPort['current']>;
const UNKNOWN: AreaReport = Object.freeze({ ...UNKNOWN_AREA, article: null });

export interface InputAreaTracker extends InputAreaPort {
  set(contents: object, report: AreaReport): void;
}

/** `rules`: the clipboard rules in force, asked on every key (bootstrap follows the core's policy). */
export function createInputAreaTracker(
  reportKb: (attempt: KbBlockedAttempt) => void,
  rules: () => ClipboardRules = () => DEFAULT_CLIPBOARD_RULES,
): InputAreaTracker {
  const areas = new WeakMap<object, AreaReport>();
  return {
    current: (contents) => areas.get(contents) ?? UNKNOWN,
    set: (contents, report) => void areas.set(contents, report),
    rules,
    reportKb,
  };
}

export interface InputAreaChannelOptions {
  tracker: Pick<InputAreaTracker, 'set' | 'rules'>;
  isOwnContents(contents: unknown): boolean;
  audit: SecurityAudit;
}

export function registerInputAreaChannel(ipcMain: IpcMainPort, o: InputAreaChannelOptions): void {
  ipcMain.handle(INPUT_AREA_CHANNEL, async (event: InvokeEvent, ...args: unknown[]) => {
    const problem = senderProblem(event, o.isOwnContents);
    if (problem !== null) {
      o.audit({ kind: 'ipc-forbidden-sender', url: event.senderFrame?.url ?? '', detail: `${INPUT_AREA_CHANNEL}:${problem}` });
      return null;
    }
    const parsed = args.length === 1 ? InputAreaReport.safeParse(args[0]) : null;
    o.tracker.set(event.sender, parsed?.success ? parsed.data : UNKNOWN);
    const { copyFromOwnFields, pasteIntoFields } = o.tracker.rules();
    return { copyFromOwnFields, pasteIntoFields };
  });
}
