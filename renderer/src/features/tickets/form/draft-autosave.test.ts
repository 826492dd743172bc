import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTOSAVE_DELAY_MS, createAutosave } from './draft-autosave.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** A save that stays open until the test lets it finish. */
function gatedSave() {
  const calls: { release(): void }[] = [];
  let running = 0;
  let maxRunning = 0;
  const save = () =>
    new Promise<void>((resolve) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      calls.push({
        release() {
          running -= 1;
          resolve();
        },
      });
    });
  return { save, calls, maxRunning: () => maxRunning };
}

describe('draft autosave', () => {
  it('saves once after the pause, however many keystrokes came before it', async () => {
    vi.useFakeTimers();
    const save = vi.fn(() => Promise.resolve());
    const autosave = createAutosave(save);
    for (let i = 0; i < 5; i += 1) {
      autosave.schedule();
      await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    }
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('runs one save at a time; a change during a save is saved right after it', async () => {
    const gate = gatedSave();
    const autosave = createAutosave(gate.save);
    const first = autosave.flush();
    const second = autosave.flush();
    const third = autosave.flush();
    await Promise.resolve();
    expect(gate.calls).toHaveLength(1);
    gate.calls[0]?.release();
    await vi.waitFor(() => expect(gate.calls).toHaveLength(2));
    gate.calls[1]?.release();
    await Promise.all([first, second, third]);
    expect(gate.calls).toHaveLength(2);
    expect(gate.maxRunning()).toBe(1);
  });

  it('settle() drops a pending save and waits for the running one; stop() ends saving for good', async () => {
    vi.useFakeTimers();
    const save = vi.fn(() => Promise.resolve());
    const autosave = createAutosave(save);
    autosave.schedule();
    await autosave.settle();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(save).not.toHaveBeenCalled();
    autosave.stop();
    autosave.schedule();
    await autosave.flush();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(save).not.toHaveBeenCalled();
  });
});
