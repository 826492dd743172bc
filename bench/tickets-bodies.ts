/**
 * Ticket bodies for bench/tickets.bench.ts, built the way a desk builds them: sensitive fields
 * sealed (ticket-crypto.ts, WebCrypto) to the ticket key the institution publishes in its
 * signed site profile, a fresh envelope per field and ticket.
 */
import { API_PREFIX } from '../institution/contract/api.ts';
import { SignedSiteProfile, SiteProfile } from '../institution/contract/site-profile.ts';
import type { CreateTicketRequest } from '../institution/contract/ticket-api.ts';
import { importTicketPublicKey, sealField, type WebKey } from '../institution/contract/ticket-crypto.ts';
import { getText, type HttpsTarget } from './tickets-load.ts';

/** Luhn-valid card and a GB 11643-valid resident ID (the demo's test values). */
export const BENCH_CARD = '6222021234567890128';
export const BENCH_ID = '11010519491231002X';

export interface TicketKey {
  kid: string;
  publicKey: WebKey;
  /** SPKI base64url, as the profile carries it (the Chromium page imports it again). */
  spki: string;
}

/** The ticket key from the institution's signed site profile. */
export async function fetchTicketKey(target: HttpsTarget): Promise<TicketKey> {
  const { status, text } = await getText(target, `${API_PREFIX}/site-profile`);
  if (status !== 200) throw new Error(`GET /site-profile: HTTP ${status}`);
  const tickets = SiteProfile.parse(SignedSiteProfile.parse(JSON.parse(text)).profile).tickets;
  if (tickets === undefined) throw new Error('the site profile carries no ticket key');
  return { kid: tickets.keyId, publicKey: await importTicketPublicKey(tickets.publicKey), spki: tickets.publicKey };
}

/** bank-card-loss v1: card number and resident ID sealed (hint: last 4), five plain fields. */
export async function cardLossBody(key: TicketKey, createdAt: Date): Promise<CreateTicketRequest> {
  const recipient = { kid: key.kid, publicKey: key.publicKey };
  const binding = (pointer: string) => ({ typeId: 'bank-card-loss', typeVersion: 1, pointer });
  return {
    typeId: 'bank-card-loss',
    typeVersion: 1,
    createdAt: createdAt.toISOString(),
    data: {
      cardNumber: await sealField(BENCH_CARD, recipient, binding('/cardNumber'), BENCH_CARD.slice(-4)),
      holderName: '王小明',
      idNumber: await sealField(BENCH_ID, recipient, binding('/idNumber'), BENCH_ID.slice(-4)),
      mobile: '13800138000',
      lostOn: '2026-11-29',
      freezeNow: true,
      notes: '客户来电称银行卡于地铁遗失，要求立即冻结。',
    },
  };
}

/** bank-appointment v1: no sensitive field (the baseline: same route, schema checks, insert). */
export function appointmentBody(createdAt: Date): CreateTicketRequest {
  return {
    typeId: 'bank-appointment',
    typeVersion: 1,
    createdAt: createdAt.toISOString(),
    data: { customerName: '李四', mobile: '13900139000', service: 'wealth-advice', branch: '北京西单支行', date: '2026-12-08', slot: 'am' },
  };
}
