import { describe, expect, it } from 'vitest';
import { muLaw, pcmuPcap, toneBurstsPcmu } from './pcap-audio.ts';

describe('the PCMU pcap SIPp plays', () => {
  it('encodes G.711 μ-law like the reference table (silence 0xFF, full scale 0x80 / 0x00)', () => {
    expect([muLaw(0), muLaw(32_767), muLaw(-32_768), muLaw(1_000), muLaw(-1_000)]).toEqual([0xff, 0x80, 0x00, 0xce, 0x4e]);
  });

  it('writes one 20 ms RTP packet (PT 0, consecutive seq and timestamps) per 160 samples, 20 ms apart', () => {
    const pcap = pcmuPcap(toneBurstsPcmu(0.1));
    expect(pcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(pcap.readUInt32LE(20)).toBe(1);
    const packets: { at: number; pt: number; seq: number; ts: number; payload: number }[] = [];
    for (let offset = 24; offset < pcap.length; ) {
      const at = pcap.readUInt32LE(offset) * 1e6 + pcap.readUInt32LE(offset + 4);
      const length = pcap.readUInt32LE(offset + 8);
      const rtp = pcap.subarray(offset + 16 + 42, offset + 16 + length);
      packets.push({ at, pt: (rtp[1] ?? 0) & 0x7f, seq: rtp.readUInt16BE(2), ts: rtp.readUInt32BE(4), payload: rtp.length - 12 });
      offset += 16 + length;
    }
    expect(packets).toEqual([0, 1, 2, 3, 4].map((n) => ({ at: n * 20_000, pt: 0, seq: n, ts: n * 160, payload: 160 })));
  });
});
