import type { Leg, LegHost } from './jssip-leg.ts';
import { emitQuality } from './jssip-quality.ts';
import { mediaIndicators, type MediaSample } from './media.ts';
import type { StatLike } from './quality.ts';

/**
 * A call leg's media wiring: its RTCPeerConnection's remote track and ICE gathering, and
 * about once a second a sample of the sender's track and the RTP counters (media.ts), so
 * mute and hold indicators follow the media, not the buttons.
 */

export async function sampleLeg(leg: Leg, host: LegHost): Promise<void> {
  const pc = leg.pc;
  if (!pc || !host.isLive(leg)) return;
  const sender = pc.getSenders().find((s) => s.track?.kind === 'audio');
  const mic = host.micTrack(leg) ?? sender?.track ?? null;
  let packetsSent = 0;
  let packetsReceived = 0;
  let energyReceived = 0;
  const stats: StatLike[] = [];
  try {
    const report = await pc.getStats();
    report.forEach((stat: { type?: string; kind?: string; packetsSent?: number; packetsReceived?: number; totalAudioEnergy?: number }) => {
      stats.push(stat as StatLike);
      if (stat.kind !== 'audio') return;
      if (stat.type === 'outbound-rtp') packetsSent += stat.packetsSent ?? 0;
      if (stat.type === 'inbound-rtp') {
        packetsReceived += stat.packetsReceived ?? 0;
        energyReceived += stat.totalAudioEnergy ?? 0;
      }
    });
  } catch {
    return; // closed meanwhile
  }
  if (!host.isLive(leg)) return;
  const next: MediaSample = { at: host.now(), senderEnabled: mic ? mic.enabled : null, packetsSent, packetsReceived, energyReceived };
  const indicators = mediaIndicators(leg.lastSample, next);
  leg.lastSample = next;
  host.emit({ type: 'media', callId: leg.call.callId, indicators });
  emitQuality(leg, host, stats);
}

export function startSampling(leg: Leg, host: LegHost): void {
  if (leg.sampler !== null) return;
  // The sample is async; a slow one is skipped over, never queued.
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    void sampleLeg(leg, host).finally(() => {
      busy = false;
    });
  };
  leg.sampler = setInterval(tick, host.sampleMs);
  tick();
}

export function stopSampling(leg: Leg): void {
  if (leg.sampler !== null) clearInterval(leg.sampler);
  leg.sampler = null;
}

export function wirePeerConnection(leg: Leg, pc: RTCPeerConnection, host: LegHost): void {
  if (leg.pc === pc) return;
  leg.pc = pc;
  pc.addEventListener('track', (event) => {
    if (event.track.kind !== 'audio' || !host.isLive(leg)) return;
    host.remoteTrack(leg, event.streams[0] ?? new MediaStream([event.track]));
  });
  pc.addEventListener('icegatheringstatechange', () => {
    if (pc.iceGatheringState === 'gathering') leg.gate.gathering();
    else if (pc.iceGatheringState === 'complete') leg.gate.complete();
  });
}
