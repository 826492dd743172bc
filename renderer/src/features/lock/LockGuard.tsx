import { useCallback } from 'react';
import { useSession, useStores } from '../../state/context.tsx';
import { useActivityHeartbeat } from './use-activity-heartbeat.ts';
import { useLockShortcut } from './use-lock-shortcut.ts';

/**
 * Runs while a session is open: activity heartbeats for core's idle lock, and the manual
 * shortcut. The renderer never decides an idle lock itself; core locks and announces it
 * (`session.changed`), and the lock screen follows that event.
 */
export function LockGuard({ active }: { active: boolean }) {
  const { desk, now } = useStores();
  const lock = useSession((s) => s.lock);
  const idleSeconds = useSession((s) => s.policy?.idleLockSeconds ?? null);

  // Fire-and-forget: a heartbeat that fails (signed out meanwhile, pipe closed) changes nothing here.
  const report = useCallback(() => {
    desk.activity.report().catch(() => undefined);
  }, [desk]);

  useActivityHeartbeat({ enabled: active && idleSeconds !== null, idleSeconds: idleSeconds ?? 0, report, now, target: window });
  useLockShortcut(active, () => void lock(), window);
  return null;
}
