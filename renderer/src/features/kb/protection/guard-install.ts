import type { KbBlockedAttempt } from '../../../../../electron/contract/kb-protection.ts';
import { DEFAULT_CLIPBOARD_RULES, type ClipboardRules } from '../../../../../electron/contract/protected-area.ts';
import { installPageGuard, type BlockedReport } from './page-guard.ts';

/**
 * One page guard per window however many protected articles are mounted (a viewer and a
 * preview side by side): the first mount installs it, the last unmount removes it. Reports
 * go to whichever reporter mounted last, and the clipboard rules are asked of it too.
 */
interface Installed {
  users: number;
  uninstall: () => void;
  report: BlockedReport;
  rules: () => ClipboardRules;
}
const installed = new WeakMap<Window, Installed>();

/** Identical reports within this many ms are sent once (core rate-limits again; this spares the IPC). */
const REPEAT_MS = 1_000;

export function acquirePageGuard(
  win: Window,
  report: BlockedReport,
  rules: () => ClipboardRules = () => DEFAULT_CLIPBOARD_RULES,
  now: () => number = () => Date.now(),
): () => void {
  let entry = installed.get(win);
  if (entry) {
    entry.users += 1;
    entry.report = report;
    entry.rules = rules;
  } else {
    const last = new Map<string, number>();
    const forward: BlockedReport = (attempt: KbBlockedAttempt) => {
      const key = `${attempt.attempt} ${attempt.via} ${attempt.articleId} ${attempt.version}`;
      const t = now();
      const previous = last.get(key);
      if (previous !== undefined && t - previous < REPEAT_MS) return;
      if (last.size > 100) last.clear();
      last.set(key, t);
      installed.get(win)?.report(attempt);
    };
    const currentRules = () => (installed.get(win)?.rules ?? rules)();
    entry = { users: 1, report, rules, uninstall: installPageGuard({ window: win, report: forward, rules: currentRules }) };
    installed.set(win, entry);
  }
  const held = entry;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.users -= 1;
    if (held.users === 0) {
      held.uninstall();
      installed.delete(win);
    }
  };
}
