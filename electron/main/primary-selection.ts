import { PRIMARY_SELECTION_CHANNEL } from '../contract/primary-selection.ts';
import { senderProblem, type InvokeEvent, type IpcMainPort } from './bridge/ipc-main.ts';
import type { SecurityAudit } from './security-events.ts';

/**
 * Linux only: empties the selection clipboard (X11 PRIMARY, Wayland's primary selection) when
 * the preload's observer says text is selected where copy-out is refused. Chromium's browser
 * process put that text there on the selection change, before the observer's `selectionchange`
 * ran; the report arrives over the same frame's IPC, after it, and `writeText('', 'selection')`
 * makes the desk the owner of an empty selection, so a middle-click elsewhere pastes nothing.
 *
 * What remains (docs/security.md, "Protected viewing"): the text sits in the buffer for one
 * renderer task plus one IPC hop; an X11 client that watches selection ownership (a clipboard
 * manager that keeps PRIMARY history) can fetch it inside that window. Nothing here is audited:
 * selecting is not an attempt to copy, and a drag selects on every frame.
 *
 * The sender is checked like every desk call (our webContents, top frame, app://desk). The
 * request carries nothing; arguments are ignored, since emptying the buffer is always safe.
 */
export interface SelectionClipboardPort {
  writeText(text: string, type?: 'selection' | 'clipboard'): void;
}

export interface PrimarySelectionOptions {
  clipboard: SelectionClipboardPort;
  isOwnContents(contents: unknown): boolean;
  audit: SecurityAudit;
}

export function registerPrimarySelectionGuard(ipcMain: IpcMainPort, o: PrimarySelectionOptions): void {
  ipcMain.handle(PRIMARY_SELECTION_CHANNEL, async (event: InvokeEvent) => {
    const problem = senderProblem(event, o.isOwnContents);
    if (problem !== null) {
      o.audit({ kind: 'ipc-forbidden-sender', url: event.senderFrame?.url ?? '', detail: `${PRIMARY_SELECTION_CHANNEL}:${problem}` });
      return false;
    }
    o.clipboard.writeText('', 'selection');
    return true;
  });
}
