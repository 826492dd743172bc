import { useCallback } from 'react';
import { useSession, useStores } from '../../state/context.tsx';
import { recordUiAction } from '../../state/audit.ts';
import { useIdleLock } from './use-idle-lock.ts';
import { useLockShortcut } from './use-lock-shortcut.ts';

/** Runs while a session is open: idle lock by institution policy, and the manual shortcut. */
export function LockGuard({ active }: { active: boolean }) {
  const { desk, now } = useStores();
  const lock = useSession((s) => s.lock);
  const idleSeconds = useSession((s) => s.policy?.idleLockSeconds ?? null);

  const lockForIdle = useCallback(async () => {
    const result = await lock();
    if (result.ok) await recordUiAction(desk, { action: 'idle-locked', detail: '' });
  }, [lock, desk]);

  useIdleLock({
    enabled: active && idleSeconds !== null,
    idleSeconds: idleSeconds ?? 0,
    onIdle: () => void lockForIdle(),
    now,
    target: window,
  });
  useLockShortcut(active, () => void lock(), window);
  return null;
}
