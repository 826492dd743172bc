import type { Kysely } from 'kysely';
import { compareSemver } from '../../contract/semver.ts';
import { Rollout, UpdateRolloutRequest, type ReleaseSummary, type UpdateResultRequest } from '../../contract/update-api.ts';
import { UpdateManifest, type SignedUpdateManifest } from '../../contract/update-manifest.ts';
import { isoTime, type Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { rolloutDecision, type RolloutDecision } from './rollout.ts';

/**
 * Releases, their rollout and what desks reported. The server does not verify the
 * manifest's signature (desks do, against their pinned key: the server is not trusted
 * with that); it only checks that the manifest is well-formed and that every artifact it
 * names has been uploaded with that size and hash, so it never offers what it cannot serve.
 */
export interface ReleaseRow {
  channel: string;
  version: string;
  signed: SignedUpdateManifest;
  rollout: Rollout;
  halted: boolean;
}

function toRow(r: Database['update_releases']): ReleaseRow {
  return {
    channel: r.channel,
    version: r.version,
    signed: JSON.parse(r.signed) as SignedUpdateManifest,
    rollout: { percent: r.rollout_percent, groups: JSON.parse(r.rollout_groups) as string[] },
    halted: r.halted === 1,
  };
}

export function createReleaseStore(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;

  async function newestFirst(channel: string): Promise<ReleaseRow[]> {
    const rows = await db.selectFrom('update_releases').selectAll().where('channel', '=', channel).execute();
    return rows.map(toRow).sort((a, b) => compareSemver(b.version, a.version));
  }

  return {
    async recordArtifact(sha512: string, size: number, by: string): Promise<void> {
      await db
        .insertInto('update_artifacts')
        .values({ sha512, size, uploaded_by: by, uploaded_at: now() })
        .onConflict((oc) => oc.column('sha512').doNothing())
        .execute();
    },

    async publish(signed: SignedUpdateManifest, rollout: Rollout, by: string): Promise<ReleaseSummary> {
      const parsed = UpdateManifest.safeParse(signed.manifest);
      if (!parsed.success) throw new ApiFailure('bad_request', 'the manifest is not a valid update manifest');
      const manifest = parsed.data;
      for (const artifact of manifest.artifacts) {
        const stored = await db.selectFrom('update_artifacts').select('size').where('sha512', '=', artifact.sha512).executeTakeFirst();
        if (stored === undefined) throw new ApiFailure('conflict', `artifact for ${artifact.platform} has not been uploaded`);
        if (Number(stored.size) !== artifact.size) throw new ApiFailure('conflict', `artifact for ${artifact.platform} has another size`);
        if (artifact.url !== `/api/v1/updates/artifacts/${artifact.sha512}`) throw new ApiFailure('bad_request', 'artifact url must be its sha512 path');
      }
      const exists = await db.selectFrom('update_releases').select('version').where('channel', '=', manifest.channel).where('version', '=', manifest.version).executeTakeFirst();
      if (exists !== undefined) throw new ApiFailure('conflict', `release ${manifest.version} is already published on ${manifest.channel}`);
      await db
        .insertInto('update_releases')
        .values({
          channel: manifest.channel,
          version: manifest.version,
          signed: JSON.stringify(signed),
          rollout_percent: rollout.percent,
          rollout_groups: JSON.stringify(rollout.groups),
          halted: 0,
          published_by: by,
          published_at: now(),
        })
        .execute();
      return (await this.summary(manifest.channel, manifest.version)) as ReleaseSummary;
    },

    async setRollout(channel: string, version: string, change: UpdateRolloutRequest): Promise<ReleaseSummary> {
      const row = await db.selectFrom('update_releases').selectAll().where('channel', '=', channel).where('version', '=', version).executeTakeFirst();
      if (row === undefined) throw new ApiFailure('not_found', 'no such release');
      await db
        .updateTable('update_releases')
        .set({
          ...(change.percent === undefined ? {} : { rollout_percent: change.percent }),
          ...(change.groups === undefined ? {} : { rollout_groups: JSON.stringify(change.groups) }),
          ...(change.halted === undefined ? {} : { halted: change.halted ? 1 : 0 }),
        })
        .where('channel', '=', channel)
        .where('version', '=', version)
        .execute();
      return (await this.summary(channel, version)) as ReleaseSummary;
    },

    async setGroup(name: string, workstationIds: readonly string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('update_group_members').where('group_name', '=', name).execute();
        if (workstationIds.length > 0) {
          await trx.insertInto('update_group_members').values([...new Set(workstationIds)].map((w) => ({ group_name: name, workstation_id: w }))).execute();
        }
      });
    },

    async summary(channel: string, version: string): Promise<ReleaseSummary | null> {
      const r = await db.selectFrom('update_releases').selectAll().where('channel', '=', channel).where('version', '=', version).executeTakeFirst();
      if (r === undefined) return null;
      const counts = await db
        .selectFrom('update_results')
        .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
        .where('version', '=', version)
        .groupBy('outcome')
        .execute();
      const count = (o: string) => Number(counts.find((c) => c.outcome === o)?.n ?? 0);
      const row = toRow(r);
      return {
        version: r.version,
        channel: r.channel,
        rollout: row.rollout,
        halted: row.halted,
        publishedAt: isoTime(r.published_at),
        publishedBy: r.published_by,
        results: { installed: count('installed'), refused: count('refused'), failed: count('failed') },
      };
    },

    async list(): Promise<ReleaseSummary[]> {
      const rows = await db.selectFrom('update_releases').select(['channel', 'version']).execute();
      rows.sort((a, b) => (a.channel === b.channel ? compareSemver(b.version, a.version) : a.channel < b.channel ? -1 : 1));
      const out: ReleaseSummary[] = [];
      for (const r of rows) {
        const s = await this.summary(r.channel, r.version);
        if (s !== null) out.push(s);
      }
      return out;
    },

    /**
     * The per-workstation rollout decision: the newest release of the channel this
     * workstation is rolled into and that is not halted (so a halt, or a 10 % stage it is
     * not in, falls back to the previous release); when there is none, the newest release
     * and why it is withheld. Whether an offered release is newer than what the desk runs
     * is the desk's call (its rollback floor), not the server's.
     */
    async decide(channel: string, workstationId: string): Promise<{ release: ReleaseRow; decision: RolloutDecision } | null> {
      const releases = await newestFirst(channel);
      const newest = releases[0];
      if (newest === undefined) return null;
      const groups = (await db.selectFrom('update_group_members').select('group_name').where('workstation_id', '=', workstationId).execute()).map((g) => g.group_name);
      const offered = releases.find((r) => rolloutDecision(r, workstationId, groups) === 'offered');
      return offered === undefined ? { release: newest, decision: rolloutDecision(newest, workstationId, groups) } : { release: offered, decision: 'offered' };
    },

    /** Stores a signed result once: false when this very result (same signing time) is a replay. */
    async recordResult(result: UpdateResultRequest, signedAt: number): Promise<boolean> {
      const same = await db
        .selectFrom('update_results')
        .select('at')
        .where('workstation_id', '=', result.workstationId)
        .where('version', '=', result.version)
        .where('outcome', '=', result.outcome)
        .where('at', '=', signedAt)
        .executeTakeFirst();
      if (same !== undefined) return false;
      await db
        .insertInto('update_results')
        .values({ workstation_id: result.workstationId, version: result.version, outcome: result.outcome, reason: result.reason ?? null, at: signedAt })
        .execute();
      return true;
    },
  };
}
export type ReleaseStore = ReturnType<typeof createReleaseStore>;
