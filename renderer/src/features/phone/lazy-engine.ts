import type { EngineEvent, EngineFactory, PhoneEngine } from './engine.ts';

/**
 * An engine whose SIP stack is loaded on first use: `load` is the dynamic import of
 * jssip-engine.ts (phone-context.tsx), so JsSIP is a chunk of its own that the browser
 * fetches only once an operator is signed in and the phone starts, not with the login
 * screen. Until it has loaded, calls are queued in order and replayed on the real engine;
 * a `stop()` before then cancels them and reports the phone stopped, as the real one would.
 *
 * Every PhoneEngine method returns nothing (the engine answers with events), so the
 * forwarding is written once for all of them rather than per method.
 */
export function lazyEngine(load: () => Promise<EngineFactory>): EngineFactory {
  return (emit: (event: EngineEvent) => void): PhoneEngine => {
    let real: PhoneEngine | null = null;
    let stopped = false;
    let failed = false;
    const queued: ((engine: PhoneEngine) => void)[] = [];
    load().then(
      (factory) => {
        if (stopped) return;
        const engine = factory(emit);
        real = engine;
        for (const call of queued.splice(0)) call(engine);
      },
      () => {
        // The chunk did not load (a damaged installation): say so the way a dead SBC is said.
        failed = true;
        queued.length = 0;
        if (!stopped) emit({ type: 'registration', registration: { status: 'unregistered', problem: 'engine-unavailable' } });
      },
    );
    const forward = (name: PropertyKey, args: unknown[]) => {
      const call = (engine: PhoneEngine) => (engine as unknown as Record<PropertyKey, (...a: unknown[]) => void>)[name]?.(...args);
      if (real) return call(real);
      if (stopped || failed) return;
      if (name === 'stop') {
        stopped = true;
        queued.length = 0;
        emit({ type: 'registration', registration: { status: 'unregistered', problem: null } });
        return;
      }
      queued.push(call);
    };
    return new Proxy({} as PhoneEngine, {
      get: (_target, name) => (...args: unknown[]) => forward(name, args),
    });
  };
}
