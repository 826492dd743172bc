/**
 * One `task` at a time, no request lost: a call while it runs asks for exactly one more run
 * after it (however many calls came), and every caller's promise settles when the runs it
 * joined are over. Used where a push, a keystroke or a timer may ask again mid-flight — a list
 * re-read, a draft save — so two runs never race and the newest state always lands last.
 */
export interface CoalescedRun {
  run(): Promise<void>;
  /** Forgets a pending "once more" (the running one still finishes). */
  dropPending(): void;
  /** The run under way, if any. */
  current(): Promise<void> | null;
}

/** `keepGoing()` false stops the "once more" loop (the owner stopped or was closed). */
export function createCoalescedRun(task: () => Promise<void>, keepGoing: () => boolean = () => true): CoalescedRun {
  let running: Promise<void> | null = null;
  let again = false;
  return {
    run() {
      if (running !== null) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await task();
        } while (again && keepGoing());
      })().finally(() => {
        running = null;
      });
      return running;
    },
    dropPending() {
      again = false;
    },
    current: () => running,
  };
}
