import { describe, expect, it } from 'vitest';
import { createGroupCommit, GROUP_COMMIT_MAX_ROWS, type CreateManyOutcome } from './ticket-group-commit.ts';
import type { NewTicket, TicketRow } from './ticket-store.ts';

const input = (key: string): NewTicket => ({
  request: { typeId: 't', typeVersion: 1, createdAt: '2026-11-30T00:00:00.000Z', data: {} } as NewTicket['request'],
  idempotencyKey: key,
  filedBy: 'A1001',
  filedSession: 's',
  workstationId: 'WS',
  complaint: false,
});
const created = (key: string): CreateManyOutcome => ({ kind: 'created', row: { idempotency_key: key } as TicketRow });
const keysOf = (outcomes: CreateManyOutcome[]) => outcomes.map((o) => (o.kind === 'conflict' ? 'conflict' : o.row.idempotency_key));

describe('group commit of ticket inserts', () => {
  it('inserts the callers of one event-loop turn in one call and gives each exactly its own outcomes, in order', async () => {
    const calls: string[][] = [];
    const commit = createGroupCommit(async (inputs) => {
      calls.push(inputs.map((i) => i.idempotencyKey));
      return inputs.map((i) => created(i.idempotencyKey));
    });
    const answers = await Promise.all([commit([input('a1'), input('a2')]), commit([input('b1')]), commit([input('c1'), input('c2'), input('c3')])]);
    expect(calls).toEqual([['a1', 'a2', 'b1', 'c1', 'c2', 'c3']]);
    expect(answers.map(keysOf)).toEqual([['a1', 'a2'], ['b1'], ['c1', 'c2', 'c3']]);
    // A later turn is a later transaction.
    await commit([input('d1')]);
    expect(calls).toHaveLength(2);
  });

  it('never puts more than the row cap in one transaction', async () => {
    const sizes: number[] = [];
    const commit = createGroupCommit(async (inputs) => {
      sizes.push(inputs.length);
      return inputs.map((i) => created(i.idempotencyKey));
    });
    const callers = Array.from({ length: 10 }, (_, c) => commit(Array.from({ length: 64 }, (_, i) => input(`k${c}-${i}`))));
    const answers = await Promise.all(callers);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(GROUP_COMMIT_MAX_ROWS);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(640);
    expect(answers.every((a, c) => a.length === 64 && keysOf(a)[0] === `k${c}-0`)).toBe(true);
  });

  it('when the shared transaction fails, commits each caller on its own so only the failing one fails', async () => {
    const commit = createGroupCommit(async (inputs) => {
      if (inputs.some((i) => i.idempotencyKey === 'bad')) throw new Error('disk I/O error');
      return inputs.map((i) => created(i.idempotencyKey));
    });
    const [good, bad, other] = await Promise.allSettled([commit([input('g1')]), commit([input('bad')]), commit([input('o1')])]);
    expect(good.status === 'fulfilled' && keysOf(good.value)).toEqual(['g1']);
    expect(bad.status === 'rejected' && (bad.reason as Error).message).toBe('disk I/O error');
    expect(other.status === 'fulfilled' && keysOf(other.value)).toEqual(['o1']);
  });

  it('answers an empty call at once without a transaction', async () => {
    let called = 0;
    const commit = createGroupCommit(async () => {
      called += 1;
      return [];
    });
    expect(await commit([])).toEqual([]);
    expect(called).toBe(0);
  });
});
