import { describe, expect, it } from 'vitest';
import type { DeskResult } from '../../../../electron/contract/errors.ts';
import type { CallEnd } from './causes.ts';
import { inboundCall, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import { createCallHold, type ActivityBridge } from './call-hold.ts';
import type { PhoneBridge } from './phone-state.ts';
import { createPhoneStore } from './phone-store.ts';

const flush = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

/** Core's side of the two channels: open holds by id; `gate` keeps answers back until opened. */
function fakeCore(o: { refuse?: boolean } = {}) {
  const open = new Set<string>();
  const log: string[] = [];
  let n = 0;
  let gate: Promise<void> | null = null;
  let openGate = () => {};
  const bridge: ActivityBridge = {
    async hold({ reason }) {
      log.push(`hold:${reason}`);
      if (gate) await gate;
      if (o.refuse) return { ok: false, error: { code: 'too_many_holds' } };
      const holdId = `h-${++n}`;
      open.add(holdId);
      return { ok: true, value: { holdId } };
    },
    async release({ holdId }): Promise<DeskResult<null>> {
      log.push(`release:${holdId}`);
      if (gate) await gate;
      return open.delete(holdId) ? { ok: true, value: null } : { ok: false, error: { code: 'bad_request' } };
    },
  };
  return {
    bridge,
    open,
    log,
    closeGate: () => {
      gate = new Promise<void>((r) => (openGate = r));
    },
    openGate: () => {
      gate = null;
      openGate();
    },
  };
}

function phoneWorld(core = fakeCore()) {
  const bridge: PhoneBridge = {
    credentials: () => Promise.resolve({ ok: false, error: { code: 'institution_unreachable' } }),
    reportState: () => Promise.resolve({ ok: true, value: null }),
    codes: () => Promise.resolve({ ok: true, value: { notReadyReasons: [], dispositions: [], wrapUpSeconds: 30 } }),
  };
  let engine: ScriptedEngine | null = null;
  const store = createPhoneStore({ bridge, activity: core.bridge, engine: (emit) => (engine = new ScriptedEngine(emit)), timers: { setTimeout: () => 0, clearTimeout: () => {} } });
  store.getState().start();
  const eng = () => engine as ScriptedEngine;
  return { store, core, eng };
}

describe('call hold: the phone keeps the idle lock off during a call', () => {
  const ends: CallEnd[] = ['local-hangup', 'remote-hangup', 'declined', 'canceled', 'failed', 'media-failed'];
  it.each(ends)('takes one hold when a call rings, keeps it while answered, releases it when the call ends (%s)', async (end) => {
    const w = phoneWorld();
    w.eng().emit({ type: 'call', call: inboundCall() });
    await flush();
    expect([...w.core.open]).toEqual(['h-1']);
    w.eng().emit({ type: 'call', call: inboundCall({ phase: 'active', answeredAt: Date.now() }) });
    await flush();
    expect(w.core.log).toEqual(['hold:call']);
    w.eng().emit({ type: 'call-ended', callId: 'c1@lab', end });
    await flush();
    expect(w.core.open.size).toBe(0);
    expect(w.core.log).toEqual(['hold:call', 'release:h-1']);
  });

  it('takes the hold for an outbound call from dialling on', async () => {
    const w = phoneWorld();
    w.eng().emit({ type: 'call', call: inboundCall({ direction: 'outbound', phase: 'dialing' }) });
    await flush();
    expect(w.core.open.size).toBe(1);
  });

  it('releases the hold when the phone stops (sign-out) during a call', async () => {
    const w = phoneWorld();
    w.eng().emit({ type: 'call', call: inboundCall({ phase: 'active' }) });
    await flush();
    w.store.getState().stop();
    await flush();
    expect(w.core.log).toEqual(['hold:call', 'release:h-1']);
    expect(w.core.open.size).toBe(0);
  });

  it('a call that ends before its hold was granted releases the hold as soon as it is', async () => {
    const w = phoneWorld();
    w.core.closeGate();
    w.eng().emit({ type: 'call', call: inboundCall() });
    w.eng().emit({ type: 'call-ended', callId: 'c1@lab', end: 'canceled' });
    await flush();
    expect(w.core.log).toEqual(['hold:call']);
    w.core.openGate();
    await flush();
    expect(w.core.log).toEqual(['hold:call', 'release:h-1']);
    expect(w.core.open.size).toBe(0);
  });

  it('one hold per call, a fresh one for the next call', async () => {
    const w = phoneWorld();
    for (const id of ['c1@lab', 'c2@lab']) {
      w.eng().emit({ type: 'call', call: inboundCall({ callId: id }) });
      await flush();
      w.eng().emit({ type: 'call-ended', callId: id, end: 'remote-hangup' });
      await flush();
    }
    expect(w.core.log).toEqual(['hold:call', 'release:h-1', 'hold:call', 'release:h-2']);
  });

  it('a refused hold is not retried during that call and the call goes on; the next call asks again', async () => {
    const core = fakeCore({ refuse: true });
    const hold = createCallHold(core.bridge);
    hold.sync(true);
    await flush();
    hold.sync(true);
    await flush();
    expect(core.log).toEqual(['hold:call']);
    hold.sync(false);
    hold.sync(true);
    await flush();
    expect(core.log).toEqual(['hold:call', 'hold:call']);
  });

  it('a bridge that throws counts as refused, and a release that throws still forgets the hold', async () => {
    const hold = createCallHold({ hold: () => Promise.reject(new Error('gone')), release: () => Promise.reject(new Error('gone')) });
    hold.sync(true);
    await flush();
    hold.sync(false);
    await flush();
    const core = fakeCore();
    let throwOnRelease = true;
    const h2 = createCallHold({ hold: core.bridge.hold, release: (a) => (throwOnRelease ? Promise.reject(new Error('x')) : core.bridge.release(a)) });
    h2.sync(true);
    await flush();
    h2.sync(false);
    await flush();
    throwOnRelease = false;
    h2.sync(true);
    await flush();
    expect(core.log).toEqual(['hold:call', 'hold:call']);
  });
});
