import type { PhoneData } from '../phone/phone-state.ts';
import { maskNumber } from '../phone/call-record.ts';

/**
 * What a ticket filed during (or right after) a call carries about it: the wire contract's
 * `TicketCallContext` (institution/contract/ticket-api.ts). The caller is masked the way
 * the phone masks it for the call record (all but the last four characters), so the full
 * number never reaches the ticket.
 */
export interface TicketCall {
  callId: string;
  callerMasked?: string;
  startedAt?: string;
  endedAt?: string;
  mos?: number;
}

type PhoneView = Pick<PhoneData, 'call' | 'wrapUp' | 'quality'>;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The call to attach now: the call that is up (answered or still ringing), else the one in
 * wrap-up (话后整理 — where tickets are usually filed); null when there is neither.
 * `startedAt` is when it was answered; `endedAt` when wrap-up began; the MOS the last
 * quality sample's estimate (1–5, two decimals).
 */
export function currentTicketCall(phone: PhoneView): TicketCall | null {
  const mosOf = (callId: string): number | undefined => {
    const mos = phone.quality?.callId === callId ? phone.quality.sample.mos : null;
    return mos === null || mos === undefined ? undefined : Math.min(5, Math.max(1, Math.round(mos * 100) / 100));
  };
  const call = phone.call;
  if (call !== null) {
    const mos = mosOf(call.callId);
    return {
      callId: call.callId,
      callerMasked: maskNumber(call.remote),
      ...(call.answeredAt === null ? {} : { startedAt: iso(call.answeredAt) }),
      ...(mos === undefined ? {} : { mos }),
    };
  }
  const wrapUp = phone.wrapUp;
  if (wrapUp !== null) {
    const mos = mosOf(wrapUp.callId);
    return {
      callId: wrapUp.callId,
      // The wrap-up shows the far end as the call log holds it: masked already (maskNumber at the call's start).
      callerMasked: wrapUp.remote.slice(0, 64),
      endedAt: iso(wrapUp.startedAt),
      ...(mos === undefined ? {} : { mos }),
    };
  }
  return null;
}
