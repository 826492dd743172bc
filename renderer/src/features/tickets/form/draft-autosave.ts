import { createCoalescedRun } from '../../../state/coalesced-run.ts';

/**
 * Autosave of a ticket draft: `schedule()` after each keystroke saves once the agent pauses
 * (300 ms), `flush()` saves now (leaving a field). One save runs at a time; a change during a
 * save is saved right after it, so the last text always reaches disk and two saves never race.
 */
export interface Autosave {
  schedule(): void;
  flush(): Promise<void>;
  /** Cancels a pending save and waits for the running one (before submitting or discarding). */
  settle(): Promise<void>;
  stop(): void;
}

export const AUTOSAVE_DELAY_MS = 300;

export function createAutosave(save: () => Promise<void>, delayMs = AUTOSAVE_DELAY_MS): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const saving = createCoalescedRun(save, () => !stopped);

  const cancelTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const flush = (): Promise<void> => {
    cancelTimer();
    if (stopped) return saving.current() ?? Promise.resolve();
    return saving.run();
  };

  return {
    schedule() {
      if (stopped) return;
      cancelTimer();
      // Fire-and-forget on purpose: save() reports its own outcome into the form's state.
      timer = setTimeout(() => void flush(), delayMs);
    },
    flush,
    async settle() {
      cancelTimer();
      saving.dropPending();
      await saving.current();
    },
    stop() {
      stopped = true;
      cancelTimer();
    },
  };
}
