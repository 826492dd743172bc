/**
 * The three-way conference, mixed on the agent's desktop with WebAudio: the customer (leg A)
 * gets the agent's microphone plus the consulted party's voice, the consulted party (leg B)
 * gets the microphone plus the customer's voice (RTCRtpSender.replaceTrack with a
 * MediaStreamAudioDestinationNode's track); the agent keeps hearing both through the
 * engine's audio elements. No SIP here: it works on the two peer connections.
 *
 * Chromium feeds a remote WebRTC track into WebAudio only while the track is also played by
 * a media element, which the engine does for both legs anyway.
 */
export interface ConferenceMixer {
  /** The agent's microphone feeding both mixes: disable it to mute the agent for both parties. */
  readonly mic: MediaStreamTrack;
  /** Puts the original microphone tracks back on the senders still open and closes the graph. */
  stop(): Promise<void>;
}

function audioSender(pc: RTCPeerConnection): RTCRtpSender | null {
  return pc.getSenders().find((s) => s.track?.kind === 'audio') ?? null;
}

function remoteAudio(pc: RTCPeerConnection): MediaStreamTrack | null {
  return pc.getReceivers().find((r) => r.track.kind === 'audio' && r.track.readyState === 'live')?.track ?? null;
}

export async function startMixer(a: RTCPeerConnection, b: RTCPeerConnection, makeContext: () => AudioContext = () => new AudioContext()): Promise<ConferenceMixer> {
  const senderA = audioSender(a);
  const senderB = audioSender(b);
  const fromA = remoteAudio(a);
  const fromB = remoteAudio(b);
  if (!senderA?.track || !senderB?.track || !fromA || !fromB) throw new Error('both calls need live audio both ways to mix');
  const mic = senderA.track;
  const originalB = senderB.track;
  const context = makeContext();
  try {
    await context.resume();
    const micNode = context.createMediaStreamSource(new MediaStream([mic]));
    const nodeA = context.createMediaStreamSource(new MediaStream([fromA]));
    const nodeB = context.createMediaStreamSource(new MediaStream([fromB]));
    const toA = context.createMediaStreamDestination();
    const toB = context.createMediaStreamDestination();
    micNode.connect(toA);
    micNode.connect(toB);
    nodeB.connect(toA);
    nodeA.connect(toB);
    const [trackA] = toA.stream.getAudioTracks();
    const [trackB] = toB.stream.getAudioTracks();
    if (!trackA || !trackB) throw new Error('WebAudio gave no destination track');
    await senderA.replaceTrack(trackA);
    await senderB.replaceTrack(trackB);
  } catch (error) {
    await senderA.replaceTrack(mic).catch(() => undefined);
    await senderB.replaceTrack(originalB).catch(() => undefined);
    await context.close().catch(() => undefined);
    throw error;
  }
  let stopped = false;
  return {
    mic,
    async stop() {
      if (stopped) return;
      stopped = true;
      // The agent talks to whoever is left with the microphone as it was before the conference.
      mic.enabled = true;
      originalB.enabled = true;
      if (a.signalingState !== 'closed') await senderA.replaceTrack(mic).catch(() => undefined);
      if (b.signalingState !== 'closed') await senderB.replaceTrack(originalB).catch(() => undefined);
      await context.close().catch(() => undefined);
    },
  };
}
