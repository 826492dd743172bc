/**
 * The microphone, opened while an inbound call rings so that answering does not wait for
 * it: getUserMedia takes ~10–100 ms (more on a loaded machine), and the SIP answer cannot go
 * out before the local track exists. Measured in bench/call-setup (docs/benchmarks.md).
 *
 * Nothing is sent while ringing: the stream only feeds a peer connection once the agent
 * answers. The capture indicator does come on at ringing (docs/security.md, "Microphone").
 * Whatever was opened is closed when the call ends, answered or not.
 */
export interface MicPrewarm {
  /** An inbound call rings: start opening the microphone (once per call). */
  warm(): void;
  /** The open stream for the answer (the call now uses it), or null when it is not open yet: the stack then opens its own. */
  take(): MediaStream | null;
  /** A stream the answer had to open itself (not warm in time): closed with the call like a taken one. */
  adopt(stream: MediaStream): void;
  /** The call is over: close the stream, taken or not, and one still opening once it opens. */
  release(): void;
}

type State = { kind: 'idle' } | { kind: 'opening'; round: number } | { kind: 'open'; stream: MediaStream } | { kind: 'taken'; stream: MediaStream };

const stopAll = (stream: MediaStream) => {
  for (const track of stream.getTracks()) track.stop();
};

export function createMicPrewarm(open: () => Promise<MediaStream>): MicPrewarm {
  let state: State = { kind: 'idle' };
  let round = 0;
  return {
    warm() {
      if (state.kind !== 'idle') return;
      round += 1;
      const mine = round;
      state = { kind: 'opening', round: mine };
      open().then(
        (stream) => {
          // Released (or a newer call) meanwhile: nobody will use it.
          if (state.kind !== 'opening' || state.round !== mine) stopAll(stream);
          else state = { kind: 'open', stream };
        },
        () => {
          // Denied or no device: the answer asks again and reports what went wrong.
          if (state.kind === 'opening' && state.round === mine) state = { kind: 'idle' };
        },
      );
    },
    take() {
      if (state.kind !== 'open') return null;
      state = { kind: 'taken', stream: state.stream };
      return state.stream;
    },
    adopt(stream) {
      if (state.kind === 'open' || state.kind === 'taken') stopAll(state.stream);
      state = { kind: 'taken', stream };
    },
    release() {
      if (state.kind === 'open' || state.kind === 'taken') stopAll(state.stream);
      state = { kind: 'idle' };
    },
  };
}
