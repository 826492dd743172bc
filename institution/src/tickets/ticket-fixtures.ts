/**
 * TEST SUPPORT ONLY. Builds ticket bodies the way the desk will: sensitive fields sealed to
 * the ticket key the test institution publishes in its signed site profile.
 */
import { randomUUID } from 'node:crypto';
import { API_PREFIX } from '../../contract/api.ts';
import { SignedSiteProfile, SiteProfile } from '../../contract/site-profile.ts';
import type { CreateTicketRequest } from '../../contract/ticket-api.ts';
import { importTicketPublicKey, sealField } from '../../contract/ticket-crypto.ts';
import type { SealedField, WebKey } from '../../contract/ticket-crypto.ts';
import type { TestInstitution } from '../testing/harness.ts';
import type { HttpResponse } from '../testing/https-client.ts';

export const VALID_CARD = '6222021234567890128';
export const VALID_ID = '11010519491231002X';

export interface TicketKit {
  kid: string;
  publicKey: WebKey;
  seal(value: string, typeId: string, typeVersion: number, pointer: string, hint?: string): Promise<SealedField>;
  /** A valid bank-card-loss v1 body (card and ID sealed). */
  cardLoss(overrides?: Partial<CreateTicketRequest>, data?: Record<string, unknown>): Promise<CreateTicketRequest>;
  file(token: string, body: unknown, key?: string): Promise<HttpResponse>;
}

export async function ticketKit(t: TestInstitution): Promise<TicketKit> {
  const signed = SignedSiteProfile.parse((await t.client.request('GET', `${API_PREFIX}/site-profile`)).json);
  const tickets = SiteProfile.parse(signed.profile).tickets;
  if (tickets === undefined) throw new Error('the site profile carries no ticket key');
  const publicKey = await importTicketPublicKey(tickets.publicKey);
  const kit: TicketKit = {
    kid: tickets.keyId,
    publicKey,
    seal: (value, typeId, typeVersion, pointer, hint) => sealField(value, { kid: tickets.keyId, publicKey }, { typeId, typeVersion, pointer }, hint),
    async cardLoss(overrides = {}, data = {}) {
      return {
        typeId: 'bank-card-loss',
        typeVersion: 1,
        createdAt: new Date(t.clock()).toISOString(),
        data: {
          cardNumber: await kit.seal(VALID_CARD, 'bank-card-loss', 1, '/cardNumber', '0128'),
          holderName: '王小明',
          idNumber: await kit.seal(VALID_ID, 'bank-card-loss', 1, '/idNumber', '002X'),
          mobile: '13800138000',
          lostOn: '2026-11-29',
          freezeNow: true,
          ...data,
        },
        ...overrides,
      };
    },
    file: (token, body, key = randomUUID()) => t.client.request('POST', `${API_PREFIX}/tickets`, { token, json: body, headers: { 'idempotency-key': key } }),
  };
  return kit;
}
