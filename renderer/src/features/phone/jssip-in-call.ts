import type { DTMFOptions } from 'jssip/lib/RTCSession';
import type { DtmfTransport, EngineEvent, PhoneEngine } from './engine.ts';
import type { EngineDevices } from './engine-devices.ts';
import { updateLeg, type Leg, type LegHost } from './jssip-leg.ts';
import { sampleLeg } from './jssip-media.ts';
import type { Calls } from './jssip-transfer.ts';

export interface InCallContext {
  calls: Calls;
  host: LegHost;
  emit(event: EngineEvent): void;
  setLegHeld(leg: Leg, held: boolean, after?: () => void): void;
  devices: EngineDevices;
  /** The peer connections whose sender carries the microphone (not a call still sending its ringback). */
  livePcs(): RTCPeerConnection[];
  /** Every element that plays a far end (the main call's, the consultation's): the speaker choice applies to all. */
  audioElements: readonly HTMLAudioElement[];
  /** The default when sendDtmf names none. */
  dtmfTransport: DtmfTransport;
}

export type InCallCommands = Pick<PhoneEngine, 'setMuted' | 'setHeld' | 'sendDtmf' | 'setInputDevice' | 'setOutputDevice'>;

/**
 * The PhoneEngine commands an agent uses during a call (jssip-engine.ts spreads them in, as it
 * does the transfer commands): mute (every answered leg, or the microphone feeding a conference's
 * mixes), hold, DTMF, and the microphone / speaker switch mid-call. Each samples the media
 * after acting (jssip-media.ts) so the indicators follow the media, not the buttons.
 */
export function inCallCommands(ctx: InCallContext): InCallCommands {
  const { calls, host, emit, devices } = ctx;
  return {
    setMuted(muted) {
      if (calls.mixer) {
        // Conference: the microphone feeds both mixes; JsSIP's mute would silence the mixes.
        calls.mixer.mic.enabled = !muted;
        for (const leg of [calls.main, calls.consult]) if (leg) updateLeg(leg, host, { muteRequested: muted });
        if (calls.main) void sampleLeg(calls.main, host);
        return;
      }
      if (!calls.main || calls.main.call.answeredAt === null) return;
      // While consulting the agent talks on the consultation: mute covers every answered leg.
      for (const leg of [calls.main, calls.consult]) {
        if (!leg || leg.call.answeredAt === null) continue;
        if (muted) leg.session.mute({ audio: true });
        else leg.session.unmute({ audio: true });
        updateLeg(leg, host, { muteRequested: muted });
        void sampleLeg(leg, host);
      }
    },
    setHeld(held) {
      if (calls.main && !calls.mixer && calls.consult === null) ctx.setLegHeld(calls.main, held);
    },
    sendDtmf(tone, transport) {
      const leg = calls.consult ?? calls.main;
      if (!leg || leg.call.phase !== 'active') return;
      try {
        leg.session.sendDTMF(tone, { duration: 100, interToneGap: 70, transportType: ((transport ?? ctx.dtmfTransport) === 'info' ? 'INFO' : 'RFC2833') as DTMFOptions['transportType'] });
      } catch {
        emit({ type: 'problem', problem: 'dtmf-failed' });
      }
    },
    setInputDevice(id) {
      // In a conference the senders carry the mixes, not the microphone: it stays until the conference ends.
      if (calls.mixer) {
        emit({ type: 'problem', problem: 'device-switch-failed' });
        return;
      }
      void devices.switchInput(id, ctx.livePcs()).then((switched) => {
        if (!switched) emit({ type: 'problem', problem: 'device-switch-failed' });
        for (const leg of [calls.main, calls.consult]) if (leg) void sampleLeg(leg, host);
      });
    },
    setOutputDevice(id) {
      void devices.setOutput(id, [...ctx.audioElements]).then((routed) => {
        if (!routed) emit({ type: 'problem', problem: 'device-switch-failed' });
      });
    },
  };
}
