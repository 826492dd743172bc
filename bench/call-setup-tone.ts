/**
 * The bench's fake microphone: a WAV (48 kHz, 16-bit mono) of a tone that changes pitch
 * every 250 ms with no gaps, so "first inbound audio" is the first audio that arrives, not
 * the end of a silent gap (the e2e tone has 50 ms gaps, which would add up to 50 ms of noise).
 * Changing pitch keeps the capture path's noise suppression from treating it as noise.
 */
export function continuousToneWav(seconds: number, amplitude = 0.3): Buffer {
  const rate = 48_000;
  const samples = rate * seconds;
  const pitches = [440, 620, 880, 520];
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    const hz = pitches[Math.floor(i / (rate / 4)) % pitches.length] ?? 440;
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * amplitude * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
