import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaticKeyProvider } from './crypto.ts';
import { createDeliveryLoop, type Deliverer, type DeliveryOutcome, type Timers } from './delivery.ts';
import { openOutboxStore, type OutboxItem, type OutboxStore } from './store.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function newStore(): Promise<OutboxStore> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-delivery-'));
  const store = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('delivery-tests') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  return store;
}

/** A receiver with scripted behaviour per call; it records every batch it saw. */
function receiver(kind: string, batchSize: number, script: ((items: OutboxItem[]) => DeliveryOutcome | Error)[]) {
  const batches: string[][] = [];
  const deliverer: Deliverer = {
    kind,
    batchSize,
    deliver(items) {
      batches.push(items.map((i) => i.idempotencyKey));
      const step = script[Math.min(batches.length - 1, script.length - 1)];
      const result = step ? step(items) : new Error('no script');
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
  return { deliverer, batches };
}
const ackAll = (items: OutboxItem[]): DeliveryOutcome => ({ delivered: items.map((i) => i.idempotencyKey), rejected: [] });

/** Timers the test fires by hand, recording each requested delay. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  let next = 1;
  const timers: Timers = {
    setTimeout(fn, ms) {
      delays.push(ms);
      const id = next++;
      pending.set(id, fn);
      return id;
    },
    clearTimeout(h) {
      pending.delete(h as number);
    },
  };
  const fire = () => {
    const [id, fn] = [...pending.entries()][0] ?? [];
    if (id === undefined || !fn) throw new Error('no timer pending');
    pending.delete(id);
    fn();
  };
  return { timers, delays, fire, pendingCount: () => pending.size };
}

async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('delivery loop', () => {
  it('delivers oldest first in batches and deletes what was acknowledged', async () => {
    const store = await newStore();
    for (let i = 1; i <= 7; i++) store.enqueue('audit', String(i), { i });
    const r = receiver('audit', 3, [ackAll]);
    const loop = createDeliveryLoop({ store, deliverers: [r.deliverer] });
    const report = await loop.flushNow();
    expect(r.batches).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    expect(report).toEqual({ delivered: 7, rejected: 0, failed: false, backlog: 0 });
  });

  it('dead-letters rejected items and never resends them', async () => {
    const store = await newStore();
    for (let i = 1; i <= 3; i++) store.enqueue('audit', String(i), { i });
    const r = receiver('audit', 10, [() => ({ delivered: ['1', '3'], rejected: [{ key: '2', reason: 'bad-signature' }] })]);
    const loop = createDeliveryLoop({ store, deliverers: [r.deliverer] });
    await loop.flushNow();
    await loop.flushNow();
    expect(r.batches).toEqual([['1', '2', '3']]);
    expect(store.deadLetters().map((d) => [d.idempotencyKey, d.reason])).toEqual([['2', 'bad-signature']]);
  });

  it('ignores keys the receiver names that were not in the batch', async () => {
    const store = await newStore();
    store.enqueue('audit', '1', {});
    store.enqueue('audit', '2', {});
    const r = receiver('audit', 1, [() => ({ delivered: ['1', '2'], rejected: [] }), ackAll]);
    const loop = createDeliveryLoop({ store, deliverers: [r.deliverer] });
    await loop.flushNow();
    expect(r.batches).toEqual([['1'], ['2']]);
  });

  it('backs off exponentially with a cap while the receiver fails, then delivers everything', async () => {
    const store = await newStore();
    store.enqueue('audit', '1', {});
    const failures = 6;
    const script = [...Array.from({ length: failures }, () => () => new Error('unreachable')), ackAll];
    const r = receiver('audit', 10, script);
    const t = manualTimers();
    const errors: string[] = [];
    const loop = createDeliveryLoop({
      store,
      deliverers: [r.deliverer],
      timers: t.timers,
      random: () => 1, // no jitter: delays are exactly the ceiling
      backoff: { initialMs: 100, maxMs: 1_000 },
      onError: (kind, e) => errors.push(`${kind}:${(e as Error).message}`),
    });
    cleanups.push(() => loop.stop());
    loop.start();
    for (let i = 0; i < failures; i++) {
      await until(() => t.pendingCount() === 1, `backoff timer ${i + 1}`);
      t.fire();
    }
    await until(() => store.backlog() === 0, 'delivery after recovery');
    expect(t.delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(errors).toHaveLength(failures);
    expect(store.peek('audit', 5)).toEqual([]);
  });

  it('treats an answer that settles nothing as a failure (no busy loop)', async () => {
    const store = await newStore();
    store.enqueue('audit', '1', {});
    const r = receiver('audit', 10, [() => ({ delivered: [], rejected: [] })]);
    const t = manualTimers();
    const loop = createDeliveryLoop({ store, deliverers: [r.deliverer], timers: t.timers, backoff: { initialMs: 50, maxMs: 50 } });
    cleanups.push(() => loop.stop());
    loop.start();
    await until(() => t.pendingCount() === 1, 'backoff');
    expect(r.batches).toEqual([['1']]);
    expect(store.backlog()).toBe(1);
  });

  it('once started, delivers items enqueued later without being asked', async () => {
    const store = await newStore();
    const r = receiver('audit', 10, [ackAll]);
    const loop = createDeliveryLoop({ store, deliverers: [r.deliverer] });
    cleanups.push(() => loop.stop());
    loop.start();
    store.enqueue('audit', 'a', {});
    await until(() => r.batches.length === 1 && store.backlog() === 0, 'first delivery');
    store.enqueue('audit', 'b', {});
    await until(() => r.batches.length === 2 && store.backlog() === 0, 'second delivery');
    expect(r.batches).toEqual([['a'], ['b']]);
  });

  it('nudge() cancels the backoff and retries at once', async () => {
    const store = await newStore();
    store.enqueue('audit', '1', {});
    const r = receiver('audit', 10, [() => new Error('not enrolled yet'), ackAll]);
    const t = manualTimers();
    const loop = createDeliveryLoop({ store, deliverers: [r.deliverer], timers: t.timers });
    cleanups.push(() => loop.stop());
    loop.start();
    await until(() => t.pendingCount() === 1, 'backoff');
    loop.nudge();
    await until(() => store.backlog() === 0, 'delivery after nudge');
    expect(t.pendingCount()).toBe(0);
  });

  it('stop() waits for the batch in flight and then schedules nothing', async () => {
    const store = await newStore();
    store.enqueue('audit', '1', {});
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const deliverer: Deliverer = {
      kind: 'audit',
      batchSize: 10,
      deliver: async (items) => {
        await gate;
        return ackAll(items);
      },
    };
    const loop = createDeliveryLoop({ store, deliverers: [deliverer] });
    loop.start();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(store.backlog()).toBe(0);
    store.enqueue('audit', '2', {});
    await new Promise((r) => setTimeout(r, 20));
    expect(store.backlog()).toBe(1);
  });
});
