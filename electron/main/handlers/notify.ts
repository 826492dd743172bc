import type { IncomingCallNotice, NoticeShown } from '../../contract/channels.ts';
import type { MainHandlers } from '../../core/ipc/dispatch.ts';

/**
 * `notify.*`, owned by main: desktop notifications exist only in Electron's main process.
 * The renderer asks for one when a call rings while the window is not focused or the
 * screen is locked; the ringtone plays in the renderer, so the notification is silent.
 *
 * What it may show is fixed by the channel's schema (contract/inbound.ts): the renderer's
 * fixed texts and the masked caller, never a full number or customer data — a
 * notification can be read on the OS lock screen and in the notification centre by
 * whoever passes by. Clicking it brings the desk's window to the front (the workspace
 * stays behind the lock screen if the desk is locked).
 */
export interface DeskNotification {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
  close(): void;
}

/** The slice of Electron's `Notification` used here. */
export interface NotificationPort {
  new (options: { title: string; body: string; silent: boolean; urgency: 'critical'; timeoutType: 'never' }): DeskNotification;
  isSupported(): boolean;
}

export interface NotifyFacts {
  /** Electron's Notification class (a fake in tests, a recorder in the browser test host); null: none on this system. */
  Notification: NotificationPort | null;
  /** Brings the desk's window to the front (restores it when minimised). */
  focusWindow(): void;
}

/** The notification's body: `{caller}` (there exactly once, the schema checked) becomes the masked caller. */
export function incomingCallBody(notice: IncomingCallNotice): string {
  return notice.body.replace('{caller}', () => notice.caller);
}

export function createNotifyHandlers(facts: NotifyFacts): Pick<MainHandlers, 'notify.incoming-call' | 'notify.incoming-call-ended'> {
  // One ringing call at a time: a newer notification replaces the older one. Kept
  // referenced, too, so its click handler outlives a garbage collection.
  let current: DeskNotification | null = null;
  return {
    'notify.incoming-call': async (notice): Promise<NoticeShown> => {
      const Notification = facts.Notification;
      if (Notification === null || !Notification.isSupported()) return { shown: false };
      current?.close();
      const shown = new Notification({ title: notice.title, body: incomingCallBody(notice), silent: true, urgency: 'critical', timeoutType: 'never' });
      shown.on('click', () => {
        facts.focusWindow();
        shown.close();
      });
      shown.on('close', () => {
        if (current === shown) current = null;
      });
      current = shown;
      shown.show();
      return { shown: true };
    },
    // A call that no longer rings must not stay in the notification centre as if it did.
    'notify.incoming-call-ended': async () => {
      current?.close();
      current = null;
      return null;
    },
  };
}
