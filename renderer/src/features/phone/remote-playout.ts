/**
 * Puts a call's far-end audio on its `<audio>` element. `silent` (early media, the call still
 * rings): the element plays MUTED — Chromium pulls a remote track's jitter buffer and decoder only
 * while a playing media element holds it, and starting that at the answer cost ≈ 130 ms; muted,
 * WebRTC applies an output gain of 0 (its inbound `totalAudioEnergy` stays 0: nothing reaches the
 * speaker). The answer then only unmutes. docs/security.md, *Early media*, states what this decodes.
 *
 * Returns whether the element started playing a new stream (false: the same stream, only the
 * mute changed — reassigning `srcObject` would restart the element's player).
 */
export interface PlayoutElement {
  srcObject: MediaProvider | null;
  muted: boolean;
  play(): Promise<void>;
}

export function playRemote(element: PlayoutElement, stream: MediaStream, silent: boolean, blocked: () => void): boolean {
  // Muted before the stream is attached, so not one frame is audible.
  element.muted = silent;
  if (element.srcObject === stream) return false;
  element.srcObject = stream;
  element.play().catch(() => {
    // A play() cut short because the element was given another stream or none (the call ended
    // while ringing: stopRemote) rejects too, with an AbortError; only a refusal of THIS stream
    // means the far end cannot be heard.
    if (element.srcObject === stream) blocked();
  });
  return true;
}

/** The call is over: nothing on the element, and no mute left for the next call. */
export function stopRemote(element: PlayoutElement): void {
  element.srcObject = null;
  element.muted = false;
}
