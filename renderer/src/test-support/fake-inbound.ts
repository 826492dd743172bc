import type { CallerLookupResponse, CustomerTier } from '../../../institution/contract/caller-api.ts';
import { maskCallerNumber, maskIdNumber, maskName } from '../../../institution/contract/caller-mask.ts';
import type { IncomingCallNotice, InvokeRequest, InvokeResponse } from '../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../electron/contract/errors.ts';

/**
 * The inbound half of the fake desk (fake-desk.ts): the screen pop answered from the demo
 * directory the institution seeds (institution/src/seed/demo-customers.ts — the fake-desk
 * contract test holds the two together), masked as the institution masks; and main's
 * desktop notifications, recorded.
 */
export interface FakeCustomer {
  phone: string;
  name: string;
  idNumber: string;
  cardNumber: string | null;
  tier: CustomerTier;
  openTickets: number;
}

/** What institution/src/seed/demo-customers.ts seeds. */
export const DEMO_CUSTOMERS: readonly FakeCustomer[] = [
  { phone: '13912345678', name: '王建明', idNumber: '110105198003151234', cardNumber: '6222020000001234', tier: 'gold', openTickets: 2 },
  { phone: '13800138000', name: '李晓红', idNumber: '310104199107226543', cardNumber: '6222020000005678', tier: 'platinum', openTickets: 0 },
  { phone: '01062345678', name: '张伟', idNumber: '44030419850609001X', cardNumber: null, tier: 'standard', openTickets: 1 },
  { phone: '2001', name: '陈志强', idNumber: '320102197512118765', cardNumber: '6222020000009012', tier: 'diamond', openTickets: 3 },
];

export interface FakeInbound {
  handlers: {
    'phone.lookup-caller': (p: InvokeRequest<'phone.lookup-caller'>) => DeskResult<InvokeResponse<'phone.lookup-caller'>>;
    'notify.incoming-call': (p: InvokeRequest<'notify.incoming-call'>) => DeskResult<InvokeResponse<'notify.incoming-call'>>;
    'notify.incoming-call-ended': (p: InvokeRequest<'notify.incoming-call-ended'>) => DeskResult<InvokeResponse<'notify.incoming-call-ended'>>;
  };
  /** Numbers looked up, in order. */
  lookups: string[];
  /** Notifications main would have shown, in order. */
  notices: IncomingCallNotice[];
  /** How many times the renderer took a notification back (`notify.incoming-call-ended`). */
  noticesEnded(): number;
}

export function createFakeInbound(customers: readonly FakeCustomer[] = DEMO_CUSTOMERS): FakeInbound {
  const lookups: string[] = [];
  const notices: IncomingCallNotice[] = [];
  let ended = 0;
  const lookUp = (number: string): CallerLookupResponse => {
    const national = /^(?:\+86|0086)[0-9]{5,}$/.test(number) ? number.replace(/^(?:\+86|0086)/, '') : number;
    const found = customers.find((c) => c.phone === national);
    return {
      maskedNumber: maskCallerNumber(number),
      customer:
        found === undefined
          ? null
          : { maskedName: maskName(found.name), maskedIdNumber: maskIdNumber(found.idNumber), cardLast4: found.cardNumber?.slice(-4) ?? null, tier: found.tier, openTickets: found.openTickets },
    };
  };
  return {
    lookups,
    notices,
    noticesEnded: () => ended,
    handlers: {
      'phone.lookup-caller': ({ number }) => {
        lookups.push(number);
        return { ok: true, value: lookUp(number) };
      },
      'notify.incoming-call': (notice) => {
        notices.push(notice);
        return { ok: true, value: { shown: true } };
      },
      'notify.incoming-call-ended': () => {
        ended += 1;
        return { ok: true, value: null };
      },
    },
  };
}
