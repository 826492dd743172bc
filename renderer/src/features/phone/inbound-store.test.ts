import { describe, expect, it } from 'vitest';
import type { CallerLookup, IncomingCallNotice } from '../../../../electron/contract/channels.ts';
import { IncomingCallNotice as NoticeSchema } from '../../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../../electron/contract/errors.ts';
import { callerNumberOf, createInboundStore, maskedCaller, type InboundCall, type InboundInput } from './inbound-store.ts';
import type { Ringer } from './ringer.ts';

const RINGING: InboundCall = { callId: 'c1', direction: 'inbound', phase: 'ringing', remote: '13912345678' };
const BASE: InboundInput = { call: null, ready: true, locked: false, attended: true, autoAnswer: null, ringerDeviceId: null };
const FOUND: CallerLookup = {
  maskedNumber: '*******5678',
  customer: { maskedName: '王*明', maskedIdNumber: '110***********1234', cardLast4: '1234', tier: 'gold', openTickets: 2 },
};

function world(o: { lookup?: () => Promise<DeskResult<CallerLookup>> } = {}) {
  let t = 1_000;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  const ring: string[] = [];
  const ringer: Ringer & { on: boolean } = {
    on: false,
    start(device) {
      ring.push(`start ${device ?? 'default'}`);
      this.on = true;
    },
    stop() {
      if (this.on) ring.push('stop');
      this.on = false;
    },
    ringing() {
      return this.on;
    },
  };
  const notices: IncomingCallNotice[] = [];
  let ended = 0;
  const lookups: string[] = [];
  let answered = 0;
  const store = createInboundStore({
    ringer,
    lookUp: async ({ number }) => {
      lookups.push(number);
      return o.lookup ? o.lookup() : { ok: true, value: FOUND };
    },
    notify: async (notice) => {
      notices.push(notice);
      return { ok: true, value: { shown: true } };
    },
    endNotice: async () => {
      ended += 1;
      return { ok: true, value: null };
    },
    answer: () => (answered += 1),
    noticeTexts: () => ({ title: '来电', body: '{caller} 来电，点击查看' }),
    now: () => t,
    timers: {
      setTimeout: (run, ms) => {
        timers.set((next += 1), { at: t + ms, run });
        return next;
      },
      clearTimeout: (h) => timers.delete(h as number),
    },
  });
  const advance = (ms: number) => {
    t += ms;
    for (const [id, timer] of [...timers]) {
      if (timer.at <= t) {
        timers.delete(id);
        timer.run();
      }
    }
  };
  const sync = (patch: Partial<InboundInput>) => store.getState().sync({ ...BASE, ...patch });
  return { store, ring, notices, ended: () => ended, lookups, answered: () => answered, advance, sync, pending: () => timers.size };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ringing: the ringtone', () => {
  it('rings on the chosen device from the first ring and stops on answer', () => {
    const w = world();
    w.sync({ call: RINGING, ringerDeviceId: 'ring-2' });
    w.sync({ call: RINGING, ringerDeviceId: 'ring-2' });
    w.sync({ call: { ...RINGING, phase: 'connecting' } });
    expect(w.ring).toEqual(['start ring-2', 'start ring-2', 'stop']);
  });

  it('stops on decline or when the caller gives up (the call is gone)', () => {
    const w = world();
    w.sync({ call: RINGING });
    w.sync({ call: null });
    expect(w.ring).toEqual(['start default', 'stop']);
  });

  it('never rings for an outbound call', () => {
    const w = world();
    w.sync({ call: { ...RINGING, direction: 'outbound', phase: 'progress' } });
    expect(w.ring).toEqual([]);
  });
});

describe('ringing: the desktop notification', () => {
  it('is sent once per call when the window is not attended, with the masked caller and fixed texts only', () => {
    const w = world();
    w.sync({ call: RINGING, attended: false });
    w.sync({ call: RINGING, attended: false });
    expect(w.notices).toEqual([{ title: '来电', body: '{caller} 来电，点击查看', caller: '*******5678' }]);
    expect(NoticeSchema.safeParse(w.notices[0]).success).toBe(true);
  });

  it('is taken back once the call no longer rings (answered, declined, gone), once', () => {
    for (const after of [{ ...RINGING, phase: 'connecting' as const }, null]) {
      const w = world();
      w.sync({ call: RINGING, attended: false });
      expect(w.ended()).toBe(0);
      w.sync({ call: after, attended: false });
      w.sync({ call: after, attended: false });
      expect({ after, ended: w.ended() }).toEqual({ after, ended: 1 });
    }
    // Never shown: nothing to take back.
    const quiet = world();
    quiet.sync({ call: RINGING });
    quiet.sync({ call: null });
    expect(quiet.ended()).toBe(0);
  });

  it('is sent when the screen is locked even with the window focused', () => {
    const w = world();
    w.sync({ call: RINGING, locked: true });
    expect(w.notices).toHaveLength(1);
  });

  it('is not sent while the agent sees the desk, but is once they look away during the ring', () => {
    const w = world();
    w.sync({ call: RINGING });
    expect(w.notices).toEqual([]);
    w.sync({ call: RINGING, attended: false });
    expect(w.notices).toHaveLength(1);
  });
});

describe('the screen pop', () => {
  it('looks the caller up once, shows loading then the masked customer, and clears when the call ends', async () => {
    const w = world();
    w.sync({ call: RINGING });
    expect(w.store.getState().pop).toEqual({ callId: 'c1', caller: '*******5678', status: 'loading' });
    await settle();
    expect(w.store.getState().pop).toEqual({ callId: 'c1', caller: '*******5678', status: 'found', customer: FOUND.customer });
    w.sync({ call: { ...RINGING, phase: 'active' } });
    expect(w.store.getState().pop?.status).toBe('found');
    expect(w.lookups).toEqual(['13912345678']);
    w.sync({ call: null });
    expect(w.store.getState().pop).toBeNull();
  });

  it('says unknown for a number nobody has, failed when the lookup fails, and does not ask for a caller without a number', async () => {
    const unknown = world({ lookup: async () => ({ ok: true, value: { maskedNumber: '*******0000', customer: null } }) });
    unknown.sync({ call: RINGING });
    await settle();
    expect(unknown.store.getState().pop?.status).toBe('unknown');
    const failed = world({ lookup: async () => ({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: 2 } }) });
    failed.sync({ call: RINGING });
    await settle();
    expect(failed.store.getState().pop?.status).toBe('failed');
    const named = world();
    named.sync({ call: { ...RINGING, remote: 'alice' } });
    expect(named.store.getState().pop).toEqual({ callId: 'c1', caller: '***', status: 'no-number' });
    expect(named.lookups).toEqual([]);
  });

  it('an answer that arrives after the call ended is dropped', async () => {
    let resolve: (r: DeskResult<CallerLookup>) => void = () => undefined;
    const w = world({ lookup: () => new Promise((r) => (resolve = r)) });
    w.sync({ call: RINGING });
    w.sync({ call: null });
    resolve({ ok: true, value: FOUND });
    await settle();
    expect(w.store.getState().pop).toBeNull();
  });
});

describe('auto-answer', () => {
  const policy = { enabled: true, delaySeconds: 3 };

  it('answers a ringing call after the delay when the agent is Ready, with the countdown deadline in the state', () => {
    const w = world();
    w.sync({ call: RINGING, autoAnswer: policy });
    expect(w.store.getState().autoAnswer).toEqual({ callId: 'c1', answerAt: 4_000 });
    w.advance(2_999);
    expect(w.answered()).toBe(0);
    w.advance(1);
    expect(w.answered()).toBe(1);
    expect(w.store.getState().autoAnswer).toBeNull();
  });

  it('does nothing when not Ready (示忙 or wrap-up), when off, or for an outbound call', () => {
    for (const patch of [{ ready: false }, { autoAnswer: { enabled: false, delaySeconds: 0 } }, { autoAnswer: null }, { call: { ...RINGING, direction: 'outbound' as const, phase: 'progress' as const } }]) {
      const w = world();
      w.sync({ call: RINGING, autoAnswer: policy, ...patch });
      w.advance(60_000);
      expect({ patch, answered: w.answered(), pending: w.store.getState().autoAnswer }).toEqual({ patch, answered: 0, pending: null });
    }
  });

  it('the agent cancels the countdown: the call keeps ringing and is not answered', () => {
    const w = world();
    w.sync({ call: RINGING, autoAnswer: policy });
    w.store.getState().cancelAutoAnswer();
    w.sync({ call: RINGING, autoAnswer: policy });
    w.advance(10_000);
    expect(w.answered()).toBe(0);
    expect(w.store.getState().autoAnswer).toBeNull();
    expect(w.ring).toEqual(['start default', 'start default']);
    // The next call counts down again.
    w.sync({ call: null, autoAnswer: policy });
    w.sync({ call: { ...RINGING, callId: 'c2' }, autoAnswer: policy });
    expect(w.store.getState().autoAnswer?.callId).toBe('c2');
  });

  it('is called off when the caller gives up, the agent answers first, or goes Not ready during the countdown', () => {
    for (const patch of [{ call: null }, { call: { ...RINGING, phase: 'connecting' as const } }, { call: RINGING, ready: false }]) {
      const w = world();
      w.sync({ call: RINGING, autoAnswer: policy });
      w.sync({ autoAnswer: policy, ...patch });
      w.advance(10_000);
      expect({ patch, answered: w.answered(), timers: w.pending() }).toEqual({ patch, answered: 0, timers: 0 });
    }
  });

  it('a delay of 0 answers at once (on the next turn)', () => {
    const w = world();
    w.sync({ call: RINGING, autoAnswer: { enabled: true, delaySeconds: 0 } });
    w.advance(0);
    expect(w.answered()).toBe(1);
  });

  it('dispose: silent and no answer afterwards', () => {
    const w = world();
    w.sync({ call: RINGING, autoAnswer: policy });
    w.store.getState().dispose();
    w.advance(10_000);
    expect(w.answered()).toBe(0);
    expect(w.ring).toEqual(['start default', 'stop']);
  });
});

describe('the caller as others may see it', () => {
  it('masks all but the last four digits; extensions stay; a SIP name is ***', () => {
    expect(maskedCaller('13912345678')).toBe('*******5678');
    expect(maskedCaller('139 1234 5678')).toBe('*******5678');
    expect(maskedCaller('+8613912345678')).toBe('+*********5678');
    expect(maskedCaller('2001')).toBe('2001');
    expect(maskedCaller('alice')).toBe('***');
    expect(callerNumberOf('(010) 6234-5678')).toBe('01062345678');
    expect(callerNumberOf('alice')).toBeNull();
  });
});
