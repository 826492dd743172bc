/**
 * TEST/DEMO HARNESS ONLY — the browser test host's stand-in for Electron's Notification:
 * main's own `notify.*` handler runs unchanged behind the host's bridge, and what it would
 * have shown on the desktop is recorded here for a spec to read (the host has no desktop).
 */
import type { NotificationPort } from '../../electron/main/handlers/notify.ts';

export interface RecordedNotification {
  title: string;
  body: string;
  silent: boolean;
  /** When main's handler showed it (ms since the epoch). */
  at: number;
  /** Closed by main (a newer call replaced it, or it was clicked). */
  closed: boolean;
}

export function createNotificationRecorder(): { Notification: NotificationPort; shown: RecordedNotification[] } {
  const shown: RecordedNotification[] = [];
  class RecordingNotification {
    static isSupported(): boolean {
      return true;
    }
    private readonly record: RecordedNotification;
    constructor(options: { title: string; body: string; silent: boolean }) {
      this.record = { title: options.title, body: options.body, silent: options.silent, at: 0, closed: false };
    }
    on(): this {
      return this;
    }
    show(): void {
      this.record.at = Date.now();
      shown.push(this.record);
    }
    close(): void {
      this.record.closed = true;
    }
  }
  return { Notification: RecordingNotification, shown };
}
