import type { SipCredentials } from '../../../electron/contract/phone.ts';
import type { EngineCall, EngineEvent, PhoneEngine } from '../features/phone/engine.ts';

/** An inbound call as the engine reports it while it rings (c1@lab from 2001); `over` changes what a step needs. */
export const inboundCall = (over: Partial<EngineCall> = {}): EngineCall => ({
  callId: 'c1@lab',
  direction: 'inbound',
  remote: '2001',
  phase: 'ringing',
  answeredAt: null,
  muteRequested: false,
  holdRequested: false,
  holdActive: false,
  ...over,
});

/**
 * TEST ONLY. OUR engine interface (features/phone/engine.ts) scripted by the test: it
 * records what the store asked of it in `calls` (and the credentials it was handed), and
 * `emit` speaks for the SIP side. What JsSIP really does behind that interface is proven
 * in the browser e2e (e2e/specs/phone-*.spec.ts).
 */
export class ScriptedEngine implements PhoneEngine {
  calls: string[] = [];
  /** What the store last said with setBusy (wrap-up): kept apart from `calls`, which tests compare whole. */
  busy = false;
  credentials: SipCredentials[] = [];
  emit: (event: EngineEvent) => void;
  constructor(emit: (event: EngineEvent) => void = () => undefined) {
    this.emit = emit;
  }
  start(c: SipCredentials) {
    this.calls.push('start');
    this.credentials.push(c);
  }
  renew(c: SipCredentials) {
    this.calls.push('renew');
    this.credentials.push(c);
  }
  stop() {
    this.calls.push('stop');
  }
  setInputDevice(id: string | null) {
    this.calls.push(`input ${id ?? 'default'}`);
  }
  setOutputDevice(id: string | null) {
    this.calls.push(`output ${id ?? 'default'}`);
  }
  call(n: string) {
    this.calls.push(`call ${n}`);
  }
  answer() {
    this.calls.push('answer');
  }
  decline() {
    this.calls.push('decline');
  }
  hangup() {
    this.calls.push('hangup');
  }
  setMuted(m: boolean) {
    this.calls.push(`mute ${m}`);
  }
  setHeld(h: boolean) {
    this.calls.push(`hold ${h}`);
  }
  sendDtmf(t: string, transport?: string) {
    this.calls.push(transport === undefined ? `dtmf ${t}` : `dtmf ${t} ${transport}`);
  }
  blindTransfer(n: string) {
    this.calls.push(`blind ${n}`);
  }
  startConsult(n: string) {
    this.calls.push(`consult ${n}`);
  }
  cancelConsult() {
    this.calls.push('cancel-consult');
  }
  completeTransfer() {
    this.calls.push('complete-transfer');
  }
  startConference() {
    this.calls.push('conference');
  }
  setBusy(busy: boolean) {
    this.busy = busy;
  }
}
