/**
 * Bounded ICE gathering. The SIP stack would wait for gathering to complete before it sends
 * an offer or an answer — ~120 ms on loopback, 40 s when a STUN/TURN server does not answer.
 * The gate releases the SDP instead once the first usable candidate has arrived and a short
 * grace has passed (so the other host candidates of the same burst make it in), and at the
 * latest at a hard cap. The relay runs ICE itself (rtpengine `ICE=force`): candidates that
 * arrive later are found as peer-reflexive by its checks, so releasing early loses nothing
 * on a working path.
 */
export interface IcePolicy {
  /** After the first usable candidate, how long to wait for the rest of its burst. */
  graceMs: number;
  /** From the start of gathering, the latest moment the SDP goes out (or the call gives up). */
  capMs: number;
}

/** Loopback host candidates come within a few ms of each other; a silent STUN server must not delay the INVITE past 1 s. */
export const DEFAULT_ICE_POLICY: IcePolicy = Object.freeze({ graceMs: 80, capMs: 1_000 });

/** What the gate reads of an RTCIceCandidate (all optional: older engines leave fields null). */
export interface CandidateFacts {
  candidate: string;
  type?: string | null;
  protocol?: string | null;
  address?: string | null;
  component?: string | null;
}

/**
 * Usable: an RTP-component UDP candidate of a known type whose address a relay can reach.
 * An mDNS name (`….local`, what Chromium shows before media permission) is not: the SBC
 * cannot resolve it. TCP candidates are left for the relay to find, never awaited.
 */
export function isUsableCandidate(c: CandidateFacts): boolean {
  if (c.candidate.trim() === '') return false;
  const protocol = (c.protocol ?? '').toLowerCase();
  const type = (c.type ?? '').toLowerCase();
  const component = (c.component ?? 'rtp').toLowerCase();
  const address = (c.address ?? '').toLowerCase();
  if (protocol !== 'udp') return false;
  if (component !== 'rtp') return false;
  if (!['host', 'srflx', 'prflx', 'relay'].includes(type)) return false;
  if (address === '' || address.endsWith('.local')) return false;
  return true;
}

export type IceGatePhase = 'idle' | 'gathering' | 'grace' | 'released' | 'gave-up';
export interface IceGateState {
  phase: IceGatePhase;
  /** Any candidate seen this round (only then can the SDP be released: the stack hands its release hook with a candidate). */
  anyCandidate: boolean;
}
export type IceGateEvent =
  | { kind: 'gathering' }
  | { kind: 'candidate'; usable: boolean }
  | { kind: 'grace-elapsed' }
  | { kind: 'cap-elapsed' };
export type IceGateAction = 'arm-cap' | 'arm-grace' | 'release' | 'give-up';

export const ICE_GATE_IDLE: IceGateState = Object.freeze({ phase: 'idle', anyCandidate: false });

/** The gate's decisions, as a pure step function (the adapter below only runs the timers). */
export function iceGateStep(state: IceGateState, event: IceGateEvent): { state: IceGateState; actions: IceGateAction[] } {
  const done = state.phase === 'released' || state.phase === 'gave-up';
  switch (event.kind) {
    case 'gathering':
      // A new round (first offer/answer, or an ICE restart): start over.
      return { state: { phase: 'gathering', anyCandidate: false }, actions: ['arm-cap'] };
    case 'candidate': {
      if (done) return { state, actions: [] };
      // A candidate before the gathering state change was seen still starts the round.
      const arming: IceGateAction[] = state.phase === 'idle' ? ['arm-cap'] : [];
      if (event.usable && state.phase !== 'grace') {
        return { state: { phase: 'grace', anyCandidate: true }, actions: [...arming, 'arm-grace'] };
      }
      return { state: { phase: state.phase === 'idle' ? 'gathering' : state.phase, anyCandidate: true }, actions: arming };
    }
    case 'grace-elapsed':
      if (state.phase !== 'grace') return { state, actions: [] };
      return { state: { ...state, phase: 'released' }, actions: ['release'] };
    case 'cap-elapsed':
      if (done || state.phase === 'idle') return { state, actions: [] };
      return state.anyCandidate
        ? { state: { ...state, phase: 'released' }, actions: ['release'] }
        : { state: { ...state, phase: 'gave-up' }, actions: ['give-up'] };
  }
}

export interface GateTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IceGate {
  /** The peer connection started gathering (icegatheringstatechange → gathering). */
  gathering(): void;
  /** The stack reported a candidate with its release hook. */
  candidate(facts: CandidateFacts, release: () => void): void;
  /** Gathering completed by itself: nothing left to bound. */
  complete(): void;
  readonly state: IceGateState;
  dispose(): void;
}

/** Runs `iceGateStep` with real (or test) timers; `onGiveUp` ends the call honestly. */
export function createIceGate(policy: IcePolicy, onGiveUp: () => void, timers: GateTimers = globalThis): IceGate {
  let state = ICE_GATE_IDLE;
  let release: (() => void) | null = null;
  let cap: unknown = null;
  let grace: unknown = null;
  const clear = () => {
    if (cap !== null) timers.clearTimeout(cap);
    if (grace !== null) timers.clearTimeout(grace);
    cap = grace = null;
  };
  const apply = (event: IceGateEvent) => {
    const step = iceGateStep(state, event);
    state = step.state;
    for (const action of step.actions) {
      if (action === 'arm-cap') {
        clear();
        cap = timers.setTimeout(() => {
          cap = null;
          apply({ kind: 'cap-elapsed' });
        }, policy.capMs);
      } else if (action === 'arm-grace') {
        if (grace !== null) timers.clearTimeout(grace);
        grace = timers.setTimeout(() => {
          grace = null;
          apply({ kind: 'grace-elapsed' });
        }, policy.graceMs);
      } else if (action === 'release') {
        clear();
        release?.();
      } else {
        clear();
        onGiveUp();
      }
    }
  };
  return {
    gathering: () => {
      release = null;
      apply({ kind: 'gathering' });
    },
    candidate: (facts, hook) => {
      release = hook;
      apply({ kind: 'candidate', usable: isUsableCandidate(facts) });
    },
    complete: () => {
      clear();
      state = { ...state, phase: 'released' };
    },
    get state() {
      return state;
    },
    dispose: () => {
      clear();
      release = null;
    },
  };
}
