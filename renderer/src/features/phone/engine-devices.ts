import { microphoneConstraints, routeTo } from './devices/device-check.ts';

/**
 * The engine's audio devices: which microphone new calls open, and switching the microphone
 * and the speaker of calls already up without dropping them.
 *
 * - Microphone: a new capture of the chosen device replaces the track on every live call's
 *   audio sender (RTCRtpSender.replaceTrack — no renegotiation, the far end hears no gap
 *   beyond a few frames). The new track starts in the old one's enabled state, so a muted
 *   call stays muted (JsSIP's mute is the sender track's `enabled`). The tracks we opened are
 *   stopped once no live call sends them (`release`); JsSIP stops the ones it opened itself.
 * - Speaker: HTMLMediaElement.setSinkId on the remote-audio elements; the choice stays with
 *   the element across calls.
 */
export interface EngineDevices {
  /** getUserMedia constraints for a new call: the chosen microphone (null: the system default). */
  constraints(): MediaStreamConstraints;
  /** Switches live calls to the microphone (null: the system default); false if the device could not be opened. */
  switchInput(id: string | null, connections: readonly RTCPeerConnection[]): Promise<boolean>;
  /** Routes the far end's audio to the speaker (null: the system default). */
  setOutput(id: string | null, elements: readonly HTMLAudioElement[]): Promise<boolean>;
  /** Stops the microphone tracks we opened that no live connection sends any more. */
  release(live: readonly RTCPeerConnection[]): void;
}

const audioSender = (pc: RTCPeerConnection) => pc.getSenders().find((s) => s.track?.kind === 'audio') ?? null;

export function createEngineDevices(media: () => MediaDevices = () => navigator.mediaDevices): EngineDevices {
  let inputId: string | null = null;
  let outputId: string | null = null;
  const opened = new Set<MediaStreamTrack>();
  // Switches run one after another: the last choice wins, never a half-applied mix.
  let queue: Promise<unknown> = Promise.resolve();

  const release = (live: readonly RTCPeerConnection[]) => {
    const sent = new Set(live.flatMap((pc) => pc.getSenders().map((s) => s.track)));
    for (const track of opened) {
      if (sent.has(track)) continue;
      track.stop();
      opened.delete(track);
    }
  };

  const switchNow = async (id: string | null, connections: readonly RTCPeerConnection[]): Promise<boolean> => {
    const senders = connections.flatMap((pc) => {
      const sender = audioSender(pc);
      return sender ? [sender] : [];
    });
    if (senders.length === 0) return true;
    let stream: MediaStream;
    try {
      stream = await media().getUserMedia(microphoneConstraints(id));
    } catch {
      return false; // the device is gone or refused: the call keeps its current microphone
    }
    const [first] = stream.getAudioTracks();
    if (!first) return false;
    const tracks = senders.map((_, i) => (i === 0 ? first : first.clone()));
    try {
      await Promise.all(
        senders.map(async (sender, i) => {
          const track = tracks[i] as MediaStreamTrack;
          const old = sender.track;
          track.enabled = old?.enabled ?? true;
          opened.add(track);
          await sender.replaceTrack(track);
          // The old capture is no longer sent by anyone: close it (the microphone's light goes off).
          if (old && old !== track) old.stop();
        }),
      );
    } catch {
      release(connections);
      return false;
    }
    release(connections);
    return true;
  };

  return {
    // The device store passes only devices that are plugged in (an unplugged one falls back
    // to null, the system default), so the exact constraint does not fail a call.
    constraints: () => microphoneConstraints(inputId),
    switchInput(id, connections) {
      inputId = id;
      const next = queue.then(() => switchNow(id, connections));
      queue = next.catch(() => undefined);
      return next;
    },
    async setOutput(id, elements) {
      outputId = id;
      try {
        await Promise.all(elements.map((element) => routeTo(element, outputId)));
        return true;
      } catch {
        return false;
      }
    },
    release,
  };
}
