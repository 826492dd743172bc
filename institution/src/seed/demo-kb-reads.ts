import type { DatabaseHandle } from '../db/database-handle.ts';
import type { Clock } from '../clock.ts';

/** True before the demo knowledge base is seeded (no article yet). */
export async function kbIsEmpty(handle: DatabaseHandle): Promise<boolean> {
  return (await handle.db.selectFrom('kb_articles').select('id').limit(1).executeTakeFirst()) === undefined;
}

/**
 * The demo's operators have read the seeded mandatory articles (their onboarding): a fresh
 * demo or test institution starts with empty mandatory queues, so the Ready gate holds no
 * one back until an author publishes a new or changed mandatory article. Run only right
 * after the articles were seeded, so a later publish is never acknowledged for anyone.
 */
export async function acknowledgeSeededMandatoryReads(handle: DatabaseHandle, now: Clock): Promise<void> {
  const versions = await handle.db
    .selectFrom('kb_articles as a')
    .innerJoin('kb_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.published_version'))
    .select(['a.id', 'v.version'])
    .where('v.mandatory', '=', 1)
    .execute();
  const operators = await handle.db.selectFrom('operators').select('id').execute();
  const at = now();
  for (const v of versions) {
    for (const o of operators) {
      await handle.db
        .insertInto('kb_acknowledgements')
        .values({ article_id: v.id, version: v.version, operator_id: o.id, acknowledged_at: at })
        .onConflict((c) => c.columns(['article_id', 'version', 'operator_id']).doNothing())
        .execute();
    }
  }
}
