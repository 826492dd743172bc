import { describe, expect, it } from 'vitest';
import { createMicPrewarm } from './mic-prewarm.ts';

/** A stream stand-in whose tracks record being stopped (only getTracks and stop are used). */
function fakeStream(): { stream: MediaStream; stopped: () => boolean } {
  let stopped = false;
  const track = { stop: () => void (stopped = true) };
  return { stream: { getTracks: () => [track] } as unknown as MediaStream, stopped: () => stopped };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createMicPrewarm', () => {
  it('opens once while ringing and hands the open stream to the answer; release stops it', async () => {
    const mic = fakeStream();
    let opened = 0;
    const prewarm = createMicPrewarm(() => {
      opened += 1;
      return Promise.resolve(mic.stream);
    });
    prewarm.warm();
    prewarm.warm();
    await flush();
    expect(opened).toBe(1);
    expect(prewarm.take()).toBe(mic.stream);
    // Taken once: a second answer path gets nothing.
    expect(prewarm.take()).toBeNull();
    expect(mic.stopped()).toBe(false);
    prewarm.release();
    expect(mic.stopped()).toBe(true);
  });

  it('not open yet at the answer: null (the stack opens its own); the late stream is closed at release', async () => {
    const mic = fakeStream();
    const pending = deferred<MediaStream>();
    const prewarm = createMicPrewarm(() => pending.promise);
    prewarm.warm();
    expect(prewarm.take()).toBeNull();
    prewarm.release();
    pending.resolve(mic.stream);
    await flush();
    expect(mic.stopped()).toBe(true);
  });

  it('a call that ends unanswered closes the microphone it opened', async () => {
    const mic = fakeStream();
    const prewarm = createMicPrewarm(() => Promise.resolve(mic.stream));
    prewarm.warm();
    await flush();
    prewarm.release();
    expect(mic.stopped()).toBe(true);
    expect(prewarm.take()).toBeNull();
  });

  it('a stream opening for an earlier call is not handed to the next one', async () => {
    const first = fakeStream();
    const second = fakeStream();
    const opens = [deferred<MediaStream>(), deferred<MediaStream>()];
    let n = 0;
    const prewarm = createMicPrewarm(() => opens[n++]!.promise);
    prewarm.warm();
    prewarm.release();
    prewarm.warm();
    opens[0]!.resolve(first.stream);
    opens[1]!.resolve(second.stream);
    await flush();
    expect(first.stopped()).toBe(true);
    expect(prewarm.take()).toBe(second.stream);
  });

  it('a stream the answer opened itself is adopted: closed at release, and a late warm stream is closed too', async () => {
    const late = fakeStream();
    const own = fakeStream();
    const pending = deferred<MediaStream>();
    const prewarm = createMicPrewarm(() => pending.promise);
    prewarm.warm();
    prewarm.adopt(own.stream);
    pending.resolve(late.stream);
    await flush();
    expect(late.stopped()).toBe(true);
    expect(own.stopped()).toBe(false);
    prewarm.release();
    expect(own.stopped()).toBe(true);
  });

  it('denied while ringing: nothing to take, and the next call tries again', async () => {
    let attempts = 0;
    const prewarm = createMicPrewarm(() => {
      attempts += 1;
      return Promise.reject(new Error('NotAllowedError'));
    });
    prewarm.warm();
    await flush();
    expect(prewarm.take()).toBeNull();
    prewarm.warm();
    expect(attempts).toBe(2);
  });
});
