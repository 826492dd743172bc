import { describe, expect, it } from 'vitest';
import { playRemote, stopRemote, type PlayoutElement } from './remote-playout.ts';

/** An <audio> element as records: what it holds, whether muted, each load (srcObject set) and play(). */
function element(): PlayoutElement & { loads: { stream: MediaProvider | null; mutedAtLoad: boolean }[]; plays: number } {
  let src: MediaProvider | null = null;
  const el = {
    loads: [] as { stream: MediaProvider | null; mutedAtLoad: boolean }[],
    plays: 0,
    muted: false,
    get srcObject() {
      return src;
    },
    set srcObject(value: MediaProvider | null) {
      src = value;
      el.loads.push({ stream: value, mutedAtLoad: el.muted });
    },
    play() {
      el.plays += 1;
      return Promise.resolve();
    },
  };
  return el;
}
const stream = () => ({}) as MediaStream;

describe('remote playout (muted while an early-media call rings)', () => {
  it('ringing: the stream plays on a muted element, muted before it is attached', () => {
    const el = element();
    const caller = stream();
    expect(playRemote(el, caller, true, () => undefined)).toBe(true);
    expect(el.muted).toBe(true);
    expect(el.loads).toEqual([{ stream: caller, mutedAtLoad: true }]);
    expect(el.plays).toBe(1);
  });

  it('answer: the same stream only unmutes — no reload of the element, no second play()', () => {
    const el = element();
    const caller = stream();
    playRemote(el, caller, true, () => undefined);
    expect(playRemote(el, caller, false, () => undefined)).toBe(false);
    expect(el.muted).toBe(false);
    expect(el.loads).toHaveLength(1);
    expect(el.plays).toBe(1);
  });

  it('a plain call (no early media) plays audibly at once, also after a muted one', () => {
    const el = element();
    playRemote(el, stream(), true, () => undefined);
    const next = stream();
    expect(playRemote(el, next, false, () => undefined)).toBe(true);
    expect(el.loads.at(-1)).toEqual({ stream: next, mutedAtLoad: false });
  });

  it('a call that ends while ringing (declined, cancelled, timed out) leaves nothing attached and no mute behind', () => {
    const el = element();
    playRemote(el, stream(), true, () => undefined);
    stopRemote(el);
    expect(el.srcObject).toBeNull();
    expect(el.muted).toBe(false);
  });

  it('a refused play() is reported', async () => {
    const el = { ...element(), play: () => Promise.reject(new Error('NotAllowedError')) };
    let blocked = 0;
    playRemote(el, stream(), false, () => (blocked += 1));
    await Promise.resolve();
    await Promise.resolve();
    expect(blocked).toBe(1);
  });

  it('a play() cut short by the call ending (stopRemote while it starts) is not reported: nothing was refused', async () => {
    let reject: (error: Error) => void = () => undefined;
    const el = { ...element(), play: () => new Promise<void>((_, r) => (reject = r)) };
    let blocked = 0;
    playRemote(el, stream(), true, () => (blocked += 1));
    stopRemote(el);
    reject(new DOMException('The play() request was interrupted by a new load request.', 'AbortError'));
    await Promise.resolve();
    await Promise.resolve();
    expect(blocked).toBe(0);
  });
});
