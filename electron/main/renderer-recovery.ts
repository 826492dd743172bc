import type { FaultEvent } from '../core/audit/security-recorder.ts';
import { APP_ENTRY_URL } from './origin.ts';
import type { ScreenLocker } from './power-events.ts';
import { errorType } from './process-faults.ts';

/**
 * A renderer that dies leaves a blank window; reloading it must never bring back the
 * workspace of an unlocked session (the page may have died mid-call, with the watermark or
 * lock screen half drawn). So, in this order: core locks the session (an unlocked one only;
 * a signed-out session stays signed out), the fault is audited, and only then does our
 * window load the entry page again, which asks core for the session and draws the lock
 * screen or the sign-in page. Any renderer's death locks: failing closed costs the operator
 * a password, an open session left behind costs customer data.
 *
 * A renderer that dies at every load would otherwise reload forever: after
 * `maxReloads` within `windowMs` the window is left as it is and the log says why.
 */
export interface RendererGoneDetails {
  reason: string;
}

export interface ChildProcessGoneDetails {
  type: string;
  reason: string;
}

export interface RecoverableContents {
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
}

export interface ProcessGoneSource<C> {
  on(event: 'render-process-gone', listener: (event: unknown, contents: C, details: RendererGoneDetails) => void): unknown;
  on(event: 'child-process-gone', listener: (event: unknown, details: ChildProcessGoneDetails) => void): unknown;
}

export interface RecoveryOptions<C> {
  core: ScreenLocker & { recordFault(event: FaultEvent): void };
  /** Our own window's contents: only those are reloaded. */
  isOwn(contents: C): boolean;
  /** True once the app is quitting: a renderer ending then is not reloaded. */
  quitting(): boolean;
  log(line: string): void;
  now?: () => number;
  maxReloads?: number;
  windowMs?: number;
}

export function recoverFromProcessLoss<C extends RecoverableContents>(app: ProcessGoneSource<C>, o: RecoveryOptions<C>): void {
  const now = o.now ?? Date.now;
  const maxReloads = o.maxReloads ?? 3;
  const windowMs = o.windowMs ?? 60_000;
  let reloads: number[] = [];

  app.on('render-process-gone', (_event, contents, details) => {
    o.core.lockNow('renderer-gone');
    o.core.recordFault({ kind: 'renderer-gone', detail: details.reason });
    if (!o.isOwn(contents) || contents.isDestroyed() || o.quitting()) return;
    const t = now();
    reloads = reloads.filter((at) => t - at < windowMs);
    if (reloads.length >= maxReloads) {
      o.log(`channeldesk: renderer gone ${reloads.length + 1} times within ${windowMs} ms; not reloading`);
      return;
    }
    reloads.push(t);
    contents.loadURL(APP_ENTRY_URL).catch((error: unknown) => o.log(`channeldesk: reload after renderer loss failed: ${errorType(error)}`));
  });

  app.on('child-process-gone', (_event, details) => {
    // GPU, network or utility processes: Chromium restarts them; the institution should still know.
    o.core.recordFault({ kind: 'child-process-gone', detail: `${details.type}:${details.reason}` });
  });
}
