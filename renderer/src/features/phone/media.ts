/**
 * Mute and hold indicators from the media itself, not from the buttons: the engine samples
 * the audio sender's track and the RTP counters about once a second, and these pure
 * functions turn two samples into what the call card shows. So the card never says 静音 or
 * 保持 while the microphone still reaches the customer.
 */
export interface MediaSample {
  /** ms, the sample's clock. */
  at: number;
  /** The audio sender's track: enabled (audio goes out), disabled (silence goes out), or none. */
  senderEnabled: boolean | null;
  packetsSent: number;
  packetsReceived: number;
  /** inbound-rtp totalAudioEnergy (Chromium), 0 when not reported. */
  energyReceived: number;
}

export type Flow = 'flowing' | 'stalled' | 'unknown';

export interface MediaIndicators {
  /** What the customer hears of the agent: live, muted (the track sends silence), or no track. */
  mic: 'live' | 'muted' | 'none';
  /** RTP from the far end, between the last two samples. */
  inbound: Flow;
  /** RTP to the far end (packets go out even when muted: silence). */
  outbound: Flow;
}

export const NO_MEDIA: MediaIndicators = Object.freeze({ mic: 'none', inbound: 'unknown', outbound: 'unknown' });

function flow(previous: number | undefined, next: number): Flow {
  if (previous === undefined) return 'unknown';
  return next > previous ? 'flowing' : 'stalled';
}

export function mediaIndicators(previous: MediaSample | null, next: MediaSample): MediaIndicators {
  return {
    mic: next.senderEnabled === null ? 'none' : next.senderEnabled ? 'live' : 'muted',
    inbound: flow(previous?.packetsReceived, next.packetsReceived),
    outbound: flow(previous?.packetsSent, next.packetsSent),
  };
}

/**
 * Hold as the card shows it. `requested`: the agent asked for hold (and not since for
 * resume); `confirmed`: the far end accepted the re-INVITE. Held only when both hold and
 * the microphone is really silenced; resuming until the re-INVITE is through and the
 * microphone is live again.
 */
export type HoldIndicator = 'none' | 'holding' | 'held' | 'resuming';

export function holdIndicator(requested: boolean, confirmed: boolean, mic: MediaIndicators['mic']): HoldIndicator {
  if (requested) return confirmed && mic === 'muted' ? 'held' : 'holding';
  return confirmed ? 'resuming' : 'none';
}

/**
 * Mute as the card shows it: muted only when the track really sends silence; 'muting' while
 * the agent asked but audio still goes out.
 */
export type MuteIndicator = 'live' | 'muting' | 'muted';

export function muteIndicator(requested: boolean, mic: MediaIndicators['mic']): MuteIndicator {
  if (!requested) return 'live';
  return mic === 'muted' ? 'muted' : 'muting';
}
