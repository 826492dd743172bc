import { checkNumber } from './dial.ts';
import type { DtmfTransport, EngineCall, EngineEvent, PhoneEngine, TransferState } from './engine.ts';
import { NO_MEDIA, type MediaIndicators } from './media.ts';

/**
 * The phone store's transfer, consultation, conference and DTMF-method part (phone-store.ts
 * spreads these in): its data, its actions, and how it takes the engine's events.
 */
export interface TransferData<View> {
  /** The consultation call while the customer (`call`) is held, or in the conference. */
  consult: View | null;
  transfer: TransferState;
  /** Customer, consulted party and agent mixed on this desk. */
  conference: boolean;
  /** The transfer target field. */
  transferTarget: string;
  /**
   * How DTMF leaves. A phone setting of this session (the call bar's settings); RFC 4733 unless
   * the agent picks SIP INFO for a far end that needs it. Not persisted: back to RFC 4733 at sign-in.
   */
  dtmfTransport: DtmfTransport;
}

export interface TransferActions {
  setTransferTarget(value: string): void;
  /** Checks the target field (dial.ts) and REFERs the customer there. */
  blindTransfer(): void;
  /** Checks the target field, holds the customer and calls the target. */
  startConsult(): void;
  cancelConsult(): void;
  completeTransfer(): void;
  startConference(): void;
  setDtmfTransport(transport: DtmfTransport): void;
}

export function initialTransferData<View>(): TransferData<View> {
  return { consult: null, transfer: 'idle', conference: false, transferTarget: '', dtmfTransport: 'rfc4733' };
}

type NumberProblem = 'number-empty' | 'number-invalid' | 'number-too-long';

interface StoreAccess<View> {
  get(): TransferData<View>;
  set(patch: Partial<TransferData<View>> & { problem?: NumberProblem | null }): void;
  act(fn: (engine: PhoneEngine) => void): void;
}

export function transferActions<View>({ get, set, act }: StoreAccess<View>): TransferActions {
  const withTarget = (run: (engine: PhoneEngine, number: string) => void) => {
    const check = checkNumber(get().transferTarget);
    if (!check.ok) {
      set({ problem: check.problem === 'empty' ? 'number-empty' : check.problem === 'invalid' ? 'number-invalid' : 'number-too-long' });
      return;
    }
    set({ problem: null, transferTarget: check.number });
    act((engine) => run(engine, check.number));
  };
  return {
    setTransferTarget: (value) => set({ transferTarget: value.slice(0, 64) }),
    blindTransfer: () => withTarget((engine, number) => engine.blindTransfer(number)),
    startConsult: () => withTarget((engine, number) => engine.startConsult(number)),
    cancelConsult: () => act((engine) => engine.cancelConsult()),
    completeTransfer: () => act((engine) => engine.completeTransfer()),
    startConference: () => act((engine) => engine.startConference()),
    setDtmfTransport: (transport) => set({ dtmfTransport: transport }),
  };
}

/**
 * The store's answer to the engine's transfer-side events, or null when the event is not
 * one of them. `viewOf` builds a call view as the store does for the main call.
 */
export function transferPatch<View extends EngineCall & { media: MediaIndicators }>(
  event: EngineEvent,
  current: TransferData<View>,
  viewOf: (call: EngineCall, media: MediaIndicators) => View,
): Partial<TransferData<View>> | null {
  switch (event.type) {
    case 'consult': {
      const before = current.consult;
      return { consult: viewOf(event.call, before && before.callId === event.call.callId ? before.media : NO_MEDIA) };
    }
    case 'consult-ended':
      return current.consult?.callId === event.callId ? { consult: null, conference: false } : null;
    case 'transfer':
      return { transfer: event.state };
    case 'conference':
      return { conference: event.active };
    case 'media':
      return current.consult && current.consult.callId === event.callId ? { consult: viewOf(current.consult, event.indicators) } : null;
    default:
      return null;
  }
}
