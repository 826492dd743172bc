import type { Kysely } from 'kysely';
import { CustomerTier, maskCallerNumber, maskIdNumber, maskName } from '../../contract/caller-api.ts';
import type { CallerLookupResponse } from '../../contract/caller-api.ts';
import type { Database } from '../db/schema.ts';

/** A customer as the institution holds it (seeding and tests); only `lookUp`'s masked view ever leaves. */
export interface CustomerRecord {
  id: string;
  /** Normalised: digits with an optional leading +, as the desk sends CallerNumber. */
  phone: string;
  name: string;
  idNumber: string;
  cardNumber: string | null;
  tier: CustomerTier;
  openTickets: number;
}

/**
 * The number as the directory files it: a mainland number dialled with the country code
 * (+86 / 0086) is the same customer as without it.
 */
export function directoryNumber(number: string): string {
  if (/^\+86[0-9]{5,}$/.test(number)) return number.slice(3);
  if (/^0086[0-9]{5,}$/.test(number)) return number.slice(4);
  return number;
}

/** The screen pop's customer directory: looked up by number, answered masked. */
export function createCallerDirectory(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    /** The customer behind `number` (a CallerNumber), masked; customer null when nobody has it. */
    async lookUp(number: string): Promise<CallerLookupResponse> {
      const row = await db.selectFrom('customers').selectAll().where('phone', '=', directoryNumber(number)).executeTakeFirst();
      const maskedNumber = maskCallerNumber(number);
      if (row === undefined) return { maskedNumber, customer: null };
      return {
        maskedNumber,
        customer: {
          maskedName: maskName(row.name),
          maskedIdNumber: maskIdNumber(row.id_number),
          cardLast4: row.card_number === null ? null : row.card_number.slice(-4),
          // A row edited by hand into an unknown tier reads as standard rather than failing the pop.
          tier: CustomerTier.catch('standard').parse(row.tier),
          openTickets: Math.max(0, Math.min(9_999, row.open_tickets)),
        },
      };
    },

    /** Adds customers whose id is not there yet (seeding is idempotent). */
    async add(customers: readonly CustomerRecord[]): Promise<void> {
      for (const c of customers) {
        await db
          .insertInto('customers')
          .values({ id: c.id, phone: directoryNumber(c.phone), name: c.name, id_number: c.idNumber, card_number: c.cardNumber, tier: c.tier, open_tickets: c.openTickets })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
  };
}

export type CallerDirectory = ReturnType<typeof createCallerDirectory>;
