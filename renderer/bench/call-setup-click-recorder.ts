/**
 * BENCHMARK ONLY — never shipped: bench/call-setup-click.ts bundles this and adds it to the desk's
 * page as an init script (it runs before the desk's own code). For each click on the answer
 * button (接听) it records when the click was dispatched (capture phase on the document, before
 * React's listener runs the handler), when the microphone went onto a sender
 * (`RTCRtpSender.replaceTrack`, early media's answer) and when a media element was unmuted (the
 * agent hears the caller). performance.now() milliseconds.
 */
import type { ClickMarks } from './call-setup-api.ts';

/** Marks per click on the answer button, on `globalThis.answerMarks`. */
function recordAnswerClicks(): void {
  const marks: ClickMarks[] = [];
  (globalThis as unknown as { answerMarks: ClickMarks[] }).answerMarks = marks;
  // Capture phase on the document: before React's own listener on its root runs the handler.
  document.addEventListener(
    'click',
    (event) => {
      if (event.target instanceof Element && event.target.closest('[data-testid="phone-answer"]')) marks.push({ click: performance.now() });
    },
    true,
  );
  const replaceTrack = RTCRtpSender.prototype.replaceTrack;
  RTCRtpSender.prototype.replaceTrack = function (this: RTCRtpSender, track: MediaStreamTrack | null) {
    const last = marks.at(-1);
    if (last && last.replace === undefined && track !== null) last.replace = performance.now();
    return replaceTrack.call(this, track);
  };
  const muted = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'muted');
  if (!muted?.get || !muted.set) return;
  const { get, set } = muted;
  Object.defineProperty(HTMLMediaElement.prototype, 'muted', {
    configurable: true,
    get(this: HTMLMediaElement) {
      return get.call(this);
    },
    set(this: HTMLMediaElement, value: boolean) {
      const last = marks.at(-1);
      if (last && last.unmute === undefined && value === false && get.call(this) === true) last.unmute = performance.now();
      set.call(this, value);
    },
  });
}

recordAnswerClicks();
