import type { MainHandlers } from '../../core/ipc/dispatch.ts';
import { createNotifyHandlers, type NotifyFacts } from './notify.ts';
import { createSystemHandlers, type SystemFacts } from './system.ts';

/**
 * Every main-owned channel's handler, one domain file each. The type demands a handler
 * for every channel the table gives to main, so a new main channel without one does not
 * compile. Electron main and the browser test host both build theirs here.
 */
export type MainFacts = SystemFacts & {
  /** Desktop notifications; without them `notify.*` answers `{ shown: false }`. */
  notifications?: NotifyFacts;
};

const NO_NOTIFICATIONS: NotifyFacts = { Notification: null, focusWindow: () => undefined };

export function createMainHandlers(facts: MainFacts): MainHandlers {
  return { ...createSystemHandlers(facts), ...createNotifyHandlers(facts.notifications ?? NO_NOTIFICATIONS) };
}
