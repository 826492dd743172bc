import { describe, expect, it } from 'vitest';
import { createSearchScheduler } from './kb-search-scheduler.ts';

/** A search whose answers the test releases by hand, in any order. */
function controlled() {
  const pending = new Map<string, (r: string) => void>();
  const sent: string[] = [];
  const shown: string[] = [];
  const scheduler = createSearchScheduler<string, string>({
    run: (q) =>
      new Promise<string>((resolve) => {
        sent.push(q);
        pending.set(q, resolve);
      }),
    onResult: (q, r) => shown.push(`${q}=${r}`),
  });
  const answer = async (q: string) => {
    const resolve = pending.get(q);
    if (resolve === undefined) throw new Error(`no request for ${q}`);
    pending.delete(q);
    resolve(`hits(${q})`);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { scheduler, sent, shown, answer };
}

describe('search as you type: the scheduler', () => {
  it('runs at most two searches at once; while full only the newest query waits', async () => {
    const { scheduler, sent, answer, shown } = controlled();
    for (const q of ['分', '分期', '分期还', '分期还款']) scheduler.submit(q);
    expect(sent).toEqual(['分', '分期']);
    expect(scheduler.inFlight()).toBe(2);
    await answer('分');
    // '分期还' was replaced by the newer '分期还款' while it waited: never sent.
    expect(sent).toEqual(['分', '分期', '分期还款']);
    await answer('分期');
    await answer('分期还款');
    expect(shown).toEqual(['分=hits(分)', '分期=hits(分期)', '分期还款=hits(分期还款)']);
  });

  it('drops an answer older than one already shown', async () => {
    const { scheduler, answer, shown } = controlled();
    scheduler.submit('年');
    scheduler.submit('年费');
    await answer('年费');
    await answer('年');
    expect(shown).toEqual(['年费=hits(年费)']);
  });

  it('drops answers still under way when the box is cleared', async () => {
    const { scheduler, answer, shown } = controlled();
    scheduler.submit('挂失');
    scheduler.submit(null);
    await answer('挂失');
    expect(shown).toEqual([]);
  });

  it('runs the newest query again on request (a listed article changed)', async () => {
    const { scheduler, sent, answer, shown } = controlled();
    scheduler.submit('挂失');
    await answer('挂失');
    scheduler.rerun();
    expect(sent).toEqual(['挂失', '挂失']);
    await answer('挂失');
    expect(shown).toEqual(['挂失=hits(挂失)', '挂失=hits(挂失)']);
  });
});
