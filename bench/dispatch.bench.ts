/**
 * Benchmark: the IPC dispatcher's own cost (electron/core/ipc/dispatch.ts). Times
 * `dispatch('session.login', validPayload)` — channel lookup, zod request validation,
 * handler, zod response validation — with a trivial handler, against awaiting that same
 * handler directly in the same process.
 *
 *   npx node bench/dispatch.bench.ts
 *
 * Prints median and p95 per call (ns) and the ratio. Figures only; no thresholds.
 */
import type { Operator } from '../institution/contract/api.ts';
import { invokeChannels, type InvokeChannel, type LoginArgs, type SessionState } from '../electron/contract/channels.ts';
import { createDispatcher, type DeskHandlers } from '../electron/core/ipc/dispatch.ts';
import { printHeader, printRatio, printRow, summarize, timeAsync } from './stats.ts';

const CALLS = 20_000;
const WARMUP = 5_000;

const operator: Operator = {
  id: 'A1001',
  displayName: 'Agent One',
  roles: ['agent'],
  permissions: ['calls.handle', 'kb.read', 'tickets.create'],
  team: 'team-a',
  totpEnabled: false,
  disabled: false,
};
const payload: LoginArgs = { operatorId: 'A1001', password: 'Agent#2026' };
const login = async (_args: LoginArgs): Promise<SessionState> => ({ status: 'active', operator });

// Only session.login is measured; the other channels get a stub built from the channel
// table, so this script keeps compiling while channels are added.
const unused = (): Promise<never> => Promise.reject(new Error('not part of this benchmark'));
const stubs = {} as Record<InvokeChannel, typeof unused>;
for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) stubs[channel] = unused;
const handlers: DeskHandlers = { ...stubs, 'session.login': login };
const dispatcher = createDispatcher(handlers, { session: () => ({ status: 'logged-out', reason: null }) });

async function measure(count: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push((await timeAsync(call)).ns);
  return samples;
}

const first = await dispatcher.dispatch('session.login', payload);
if (!first.ok) throw new Error(`dispatch refused the benchmark payload: ${first.error.code}`);

await measure(WARMUP, () => login(payload));
await measure(WARMUP, () => dispatcher.dispatch('session.login', payload));
const direct = summarize(await measure(CALLS, () => login(payload)));
const dispatched = summarize(await measure(CALLS, () => dispatcher.dispatch('session.login', payload)));

printHeader(`dispatch('session.login'): ${CALLS} calls after ${WARMUP} warm-up`);
printRow('handler called directly', direct, 'ns');
printRow('dispatch()', dispatched, 'ns');
printRatio('dispatch/direct', dispatched, direct);
