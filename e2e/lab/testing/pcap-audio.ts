/**
 * TEST ONLY — writes the audio a plain-RTP SIPp caller plays (`play_pcap_audio`): a libpcap
 * file of Ethernet/IPv4/UDP/RTP packets carrying G.711 μ-law (PCMU, payload type 0), 20 ms
 * per packet. SIPp takes the RTP from each packet, paced by the capture times, and sends it
 * to the media address of the far end's SDP (ports and addresses in the file do not matter).
 *
 * The audio is tone bursts of changing pitch, like the desk's fake microphone: easy to tell
 * from silence with an analyser, and not a steady sine some paths treat as noise.
 */

const SAMPLE_RATE = 8_000;
const SAMPLES_PER_PACKET = 160;
const PAYLOAD_TYPE_PCMU = 0;

/** ITU-T G.711 μ-law of one 16-bit linear sample. */
export function muLaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32_635;
  let value = Math.max(-32_768, Math.min(32_767, Math.round(sample)));
  const sign = value < 0 ? 0x80 : 0;
  if (value < 0) value = -value;
  value = Math.min(value, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (value & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (value >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** `seconds` of μ-law tone bursts: 200 ms on, 50 ms off, pitch changing each burst. */
export function toneBurstsPcmu(seconds: number, amplitude = 0.3): Buffer {
  const pitches = [440, 620, 880, 520];
  const samples = Math.round(seconds * SAMPLE_RATE);
  const out = Buffer.alloc(samples);
  for (let i = 0; i < samples; i += 1) {
    const slot = Math.floor(i / (SAMPLE_RATE / 4));
    const on = i % (SAMPLE_RATE / 4) < SAMPLE_RATE / 5;
    const hz = pitches[slot % pitches.length] ?? 440;
    out[i] = muLaw(on ? Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE) * amplitude * 32_767 : 0);
  }
  return out;
}

function ipv4Checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

/** One captured frame: Ethernet II, IPv4 127.0.0.1 → 127.0.0.1, UDP (checksum 0 = none), RTP. */
function frame(rtp: Buffer): Buffer {
  const ethernet = Buffer.alloc(14);
  ethernet.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + 8 + rtp.length, 2);
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9);
  ip.writeUInt32BE(0x7f000001, 12);
  ip.writeUInt32BE(0x7f000001, 16);
  ip.writeUInt16BE(ipv4Checksum(ip), 10);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(40_000, 0);
  udp.writeUInt16BE(40_002, 2);
  udp.writeUInt16BE(8 + rtp.length, 4);
  return Buffer.concat([ethernet, ip, udp, rtp]);
}

/** A pcap (microsecond timestamps, link type Ethernet) of `audio` (μ-law) as RTP, 20 ms per packet. */
export function pcmuPcap(audio: Buffer, ssrc = 0x1234_5678): Buffer {
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65_535, 16);
  global.writeUInt32LE(1, 20);
  const parts: Buffer[] = [global];
  const packets = Math.floor(audio.length / SAMPLES_PER_PACKET);
  for (let n = 0; n < packets; n += 1) {
    const rtp = Buffer.alloc(12 + SAMPLES_PER_PACKET);
    rtp.writeUInt8(0x80, 0);
    rtp.writeUInt8((n === 0 ? 0x80 : 0) | PAYLOAD_TYPE_PCMU, 1);
    rtp.writeUInt16BE(n & 0xffff, 2);
    rtp.writeUInt32BE((n * SAMPLES_PER_PACKET) >>> 0, 4);
    rtp.writeUInt32BE(ssrc, 8);
    audio.copy(rtp, 12, n * SAMPLES_PER_PACKET, (n + 1) * SAMPLES_PER_PACKET);
    const data = frame(rtp);
    const record = Buffer.alloc(16);
    const micros = n * 20_000;
    record.writeUInt32LE(Math.floor(micros / 1_000_000), 0);
    record.writeUInt32LE(micros % 1_000_000, 4);
    record.writeUInt32LE(data.length, 8);
    record.writeUInt32LE(data.length, 12);
    parts.push(record, data);
  }
  return Buffer.concat(parts);
}
