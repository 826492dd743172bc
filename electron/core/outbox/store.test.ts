import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaticKeyProvider } from './crypto.ts';
import { OutboxError } from './errors.ts';
import { openOutboxStore, type OutboxStore } from './store.ts';

const dirs: string[] = [];
const stores: OutboxStore[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'outbox-store-'));
  dirs.push(d);
  return d;
}
async function open(dataDir: string, secret = 'test-secret-one') {
  const s = await openOutboxStore({ dataDir, keyProvider: createStaticKeyProvider(secret) });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('outbox store', () => {
  it('queues items per kind in insertion order and settles them', async () => {
    const s = await open(tempDir());
    expect(s.enqueue('audit', '1', { n: 1 })).toBe(true);
    expect(s.enqueue('audit', '2', { n: 2 })).toBe(true);
    expect(s.enqueue('ticket', 't1', { n: 3 })).toBe(true);
    expect(s.enqueue('audit', '1', { n: 99 })).toBe(false); // idempotent: first one wins
    expect(s.backlog()).toBe(3);
    expect(s.backlog('audit')).toBe(2);
    expect(s.peek('audit', 10).map((i) => [i.idempotencyKey, i.payload])).toEqual([
      ['1', { n: 1 }],
      ['2', { n: 2 }],
    ]);
    s.settle('audit', ['1'], [{ key: '2', reason: 'bad-hash' }]);
    expect(s.backlog('audit')).toBe(0);
    expect(s.backlog('ticket')).toBe(1);
    expect(s.deadLetters().map((d) => [d.kind, d.idempotencyKey, d.reason])).toEqual([['audit', '2', 'bad-hash']]);
  });

  it('keeps items across close and reopen', async () => {
    const dir = tempDir();
    const a = await open(dir);
    a.enqueue('audit', '7', { hello: 'world' });
    a.recordAttempt('audit', ['7']);
    a.close();
    const b = await open(dir);
    const [item] = b.peek('audit', 5);
    expect(item?.payload).toEqual({ hello: 'world' });
    expect(item?.attempts).toBe(1);
  });

  it('stores payloads and secrets encrypted: the raw files never contain the plaintext', async () => {
    const dir = tempDir();
    const s = await open(dir);
    const marker = 'PLAINTEXT-MARKER-4242';
    s.enqueue('audit', '1', { note: marker });
    s.putSecret('k', Buffer.from(`${marker}-secret`));
    expect(s.getSecret('k')?.toString()).toBe(`${marker}-secret`);
    const files = readdirSync(dir).filter((f) => f.startsWith('outbox.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(dir, f)).includes(marker)).toBe(false);
    // Sanity check that the search itself works: a plaintext setting is found.
    s.setSetting('visible', marker);
    const found = readdirSync(dir)
      .filter((f) => f.startsWith('outbox.sqlite'))
      .some((f) => readFileSync(join(dir, f)).includes(marker));
    expect(found).toBe(true);
  });

  it('refuses to open with a wrong key provider, with a typed error, and deletes nothing', async () => {
    const dir = tempDir();
    const a = await open(dir, 'right-secret');
    a.enqueue('audit', '1', { keep: 'me' });
    a.close();
    const err = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('wrong-secret') }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OutboxError);
    expect((err as OutboxError).code).toBe('key-unwrap-failed');
    const b = await open(dir, 'right-secret');
    expect(b.peek('audit', 5).map((i) => i.payload)).toEqual([{ keep: 'me' }]);
  });

  it('moves a row that fails authentication to dead_letter instead of blocking the queue', async () => {
    const s = await open(tempDir());
    s.enqueue('audit', '1', { a: 1 });
    s.enqueue('audit', '2', { a: 2 });
    // Swap ciphertexts between rows: the AAD binds each to its key, so both fail.
    s.db.exec(`UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE idempotency_key = '2') WHERE idempotency_key = '1'`);
    expect(s.peek('audit', 5).map((i) => i.idempotencyKey)).toEqual(['2']);
    expect(s.deadLetters().map((d) => [d.idempotencyKey, d.reason])).toEqual([['1', 'undecryptable']]);
  });

  it('notifies change listeners once per batch of writes, after the transaction', async () => {
    const s = await open(tempDir());
    const seen: number[] = [];
    s.onChange((n) => seen.push(n));
    s.db.transaction(() => {
      s.enqueue('audit', '1', {});
      s.enqueue('audit', '2', {});
    })();
    await Promise.resolve();
    expect(seen).toEqual([2]);
    s.settle('audit', ['1', '2'], []);
    await Promise.resolve();
    expect(seen).toEqual([2, 0]);
  });

  it('rejects unusable items and use after close with typed errors', async () => {
    const s = await open(tempDir());
    expect(() => s.enqueue('', 'k', {})).toThrow(OutboxError);
    expect(() => s.enqueue('audit', 'k', undefined)).toThrow(OutboxError);
    s.close();
    expect(() => s.backlog()).toThrow(/closed/);
  });
});
