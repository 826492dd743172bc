import { describe, expect, it } from 'vitest';
import type { SipCredentials } from '../../../../electron/contract/phone.ts';
import { ScriptedEngine } from '../../test-support/scripted-engine.ts';
import type { EngineEvent, EngineFactory } from './engine.ts';
import { lazyEngine } from './lazy-engine.ts';

const CREDS: SipCredentials = { username: '1:A1001', password: 'cA==', expiresAt: 1, uri: 'sip:A1001@lab', servers: [{ url: 'wss://sbc/ws', weight: 1 }] };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('lazyEngine (the SIP stack loads on first use)', () => {
  it('queues calls until the engine has loaded, then replays them in order; later calls go straight through', async () => {
    const loading = deferred<EngineFactory>();
    const real = new ScriptedEngine();
    const events: EngineEvent[] = [];
    const engine = lazyEngine(() => loading.promise)((e) => events.push(e));
    engine.start(CREDS);
    engine.setMuted(true);
    expect(real.calls).toEqual([]);
    loading.resolve((emit) => {
      real.emit = emit;
      return real as never;
    });
    await settle();
    expect(real.calls).toEqual(['start', 'mute true']);
    expect(real.credentials).toEqual([CREDS]);
    engine.hangup();
    expect(real.calls.at(-1)).toBe('hangup');
    // The real engine's events reach the store's listener.
    real.emit({ type: 'problem', problem: 'hold-busy' });
    expect(events).toEqual([{ type: 'problem', problem: 'hold-busy' }]);
  });

  it('a stop before the engine loaded cancels the queue, reports the phone stopped and never builds the engine', async () => {
    const loading = deferred<EngineFactory>();
    let built = 0;
    const events: EngineEvent[] = [];
    const engine = lazyEngine(() => loading.promise)((e) => events.push(e));
    engine.start(CREDS);
    engine.stop();
    loading.resolve(() => {
      built += 1;
      return new ScriptedEngine() as never;
    });
    await settle();
    expect(built).toBe(0);
    expect(events).toEqual([{ type: 'registration', registration: { status: 'unregistered', problem: null } }]);
  });

  it('a chunk that does not load says engine-unavailable once and drops every call', async () => {
    const events: EngineEvent[] = [];
    const engine = lazyEngine(() => Promise.reject(new Error('chunk 404')))((e) => events.push(e));
    engine.start(CREDS);
    await settle();
    engine.call('2001');
    engine.stop();
    expect(events).toEqual([{ type: 'registration', registration: { status: 'unregistered', problem: 'engine-unavailable' } }]);
  });
});
