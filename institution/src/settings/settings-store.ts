import type { Kysely } from 'kysely';
import { Policy } from '../../contract/site-profile.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

export interface InstitutionIdentity {
  id: string;
  name: { 'zh-CN': string; 'en-US': string };
}

export interface InstitutionSettings {
  identity: InstitutionIdentity;
  policy: Policy;
  profileSerial: number;
  profileFingerprint: string;
  /** Workstations running an older site profile cannot sign in (0: no minimum). */
  minProfileSerial: number;
}

export const DEFAULT_IDENTITY: InstitutionIdentity = { id: 'institution', name: { 'zh-CN': '机构', 'en-US': 'Institution' } };
export const DEFAULT_POLICY: Policy = { idleLockSeconds: 300, watermark: true };

/** The single settings row: who the institution is, its policy, and the profile serial. */
export function createSettingsStore(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;

  async function ensureRow(): Promise<void> {
    await db
      .insertInto('institution_settings')
      .values({
        id: 1,
        institution_id: DEFAULT_IDENTITY.id,
        name_zh: DEFAULT_IDENTITY.name['zh-CN'],
        name_en: DEFAULT_IDENTITY.name['en-US'],
        policy: JSON.stringify(DEFAULT_POLICY),
        profile_serial: 0,
        profile_fingerprint: '',
        updated_at: now(),
        min_profile_serial: 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async function read(): Promise<InstitutionSettings> {
    const select = () => db.selectFrom('institution_settings').selectAll().where('id', '=', 1).executeTakeFirst();
    // Write only the first time: reads stay reads (no WAL write per request).
    let row = await select();
    if (row === undefined) {
      await ensureRow();
      row = await select();
    }
    if (row === undefined) throw new Error('institution settings row is missing');
    const policy = Policy.safeParse(JSON.parse(row.policy));
    return {
      identity: { id: row.institution_id, name: { 'zh-CN': row.name_zh, 'en-US': row.name_en } },
      policy: policy.success ? policy.data : DEFAULT_POLICY,
      profileSerial: row.profile_serial,
      profileFingerprint: row.profile_fingerprint,
      minProfileSerial: row.min_profile_serial,
    };
  }

  return {
    read,

    async policy(): Promise<Policy> {
      return (await read()).policy;
    },

    async setPolicy(policy: Policy): Promise<void> {
      await ensureRow();
      await db.updateTable('institution_settings').set({ policy: JSON.stringify(Policy.parse(policy)), updated_at: now() }).where('id', '=', 1).execute();
    },

    /** The admin's floor for `LoginRequest.profileSerial` (the CLI's `set-min-profile-serial`). */
    async setMinProfileSerial(serial: number): Promise<void> {
      if (!Number.isSafeInteger(serial) || serial < 0) throw new RangeError('the minimum profile serial must be a non-negative integer');
      await ensureRow();
      await db.updateTable('institution_settings').set({ min_profile_serial: serial, updated_at: now() }).where('id', '=', 1).execute();
    },

    async setIdentity(identity: InstitutionIdentity): Promise<void> {
      await ensureRow();
      await db
        .updateTable('institution_settings')
        .set({ institution_id: identity.id, name_zh: identity.name['zh-CN'], name_en: identity.name['en-US'], updated_at: now() })
        .where('id', '=', 1)
        .execute();
    },

    /**
     * Returns the profile serial for content with `fingerprint`, bumping it when the content
     * changed since the last profile, so a workstation sees every change as a newer serial.
     */
    async serialFor(fingerprint: string): Promise<number> {
      await ensureRow();
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('institution_settings').select(['profile_serial', 'profile_fingerprint']).where('id', '=', 1).executeTakeFirstOrThrow();
        if (row.profile_fingerprint === fingerprint && row.profile_serial > 0) return row.profile_serial;
        const serial = row.profile_serial + 1;
        await trx.updateTable('institution_settings').set({ profile_serial: serial, profile_fingerprint: fingerprint }).where('id', '=', 1).execute();
        return serial;
      });
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
