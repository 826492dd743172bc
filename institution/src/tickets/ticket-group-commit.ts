import type { CreateOutcome, NewTicket } from './ticket-store.ts';

export type CreateManyOutcome = CreateOutcome | { kind: 'conflict' };
type CreateMany = (inputs: NewTicket[]) => Promise<CreateManyOutcome[]>;

/** Rows per transaction: far below SQLite's bound-parameter limit for a multi-row insert. */
export const GROUP_COMMIT_MAX_ROWS = 256;

interface Waiting {
  inputs: NewTicket[];
  resolve(outcomes: CreateManyOutcome[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit of ticket inserts. With synchronous=FULL every commit pays an fsync, and
 * better-sqlite3 runs it on the event loop, so in a burst each `POST /tickets` used to wait
 * behind the others' fsyncs one after another. Here the requests whose checks finish in the
 * same turn of the event loop (their sealed fields were opened on the thread pool meanwhile)
 * are inserted together at the end of that turn (`setImmediate`): one transaction, one fsync.
 * A lone request commits at the end of its own turn, so nothing waits for company. Each caller
 * still gets exactly its own outcomes, in its order; `createMany` already answers keys raced
 * within the group (same key twice) as replays or conflicts, as separate requests would be.
 */
export function createGroupCommit(createMany: CreateMany): CreateMany {
  let waiting: Waiting[] = [];

  /** One transaction for these callers; if it fails, each on its own so one bad caller fails alone. */
  const commit = async (group: Waiting[]): Promise<void> => {
    try {
      const outcomes = await createMany(group.flatMap((w) => w.inputs));
      let at = 0;
      for (const w of group) {
        w.resolve(outcomes.slice(at, at + w.inputs.length));
        at += w.inputs.length;
      }
    } catch (error) {
      if (group.length === 1) (group[0] as Waiting).reject(error);
      else for (const w of group) await commit([w]);
    }
  };

  const flush = async (): Promise<void> => {
    const due = waiting;
    waiting = [];
    let group: Waiting[] = [];
    let rows = 0;
    for (const w of due) {
      if (group.length > 0 && rows + w.inputs.length > GROUP_COMMIT_MAX_ROWS) {
        await commit(group);
        group = [];
        rows = 0;
      }
      group.push(w);
      rows += w.inputs.length;
    }
    if (group.length > 0) await commit(group);
  };

  return (inputs) => {
    if (inputs.length === 0) return Promise.resolve([]);
    return new Promise<CreateManyOutcome[]>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(() => void flush());
      waiting.push({ inputs, resolve, reject });
    });
  };
}
