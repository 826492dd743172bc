import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEvent, GENESIS_HASH } from '../../../institution/contract/audit.ts';
import { auditEventHash } from '../../../institution/contract/audit-hash.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { createAuditChain, type AuditData } from './chain.ts';
import { AUDIT_KIND } from './deliverer.ts';
import { AuditError } from './errors.ts';
import { loadOrCreateWorkstationKey, publicKeySpkiBase64 } from './workstation-key.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'audit-chain-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}
async function openStore(dir: string, secret = 'chain-tests-secret'): Promise<OutboxStore> {
  const s = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider(secret) });
  cleanups.push(() => s.close());
  return s;
}
let clock = Date.parse('2026-03-01T08:00:00.000Z');
const now = () => (clock += 1_000);

function queuedEvents(store: OutboxStore): AuditEvent[] {
  return store.peek(AUDIT_KIND, 1_000).map((i) => AuditEvent.parse(i.payload));
}

describe('audit chain', () => {
  it('links, hashes and signs every event, and queues each for delivery', async () => {
    const store = await openStore(tempDir());
    const key = loadOrCreateWorkstationKey(store);
    const chain = createAuditChain({ store, workstationId: 'WS-01', signingKey: key, now });
    chain.append('session.login', 'A1001', { operatorId: 'A1001' });
    chain.append('ui.area-opened', 'A1001', { detail: 'kb' });
    chain.append('session.logout', 'A1001', {});
    const events = queuedEvents(store);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    const pub = createPublicKey({ key: Buffer.from(chain.publicKeySpkiBase64(), 'base64'), format: 'der', type: 'spki' });
    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(auditEventHash(e));
      expect(verify(null, Buffer.from(e.hash, 'utf8'), pub, Buffer.from(e.signature, 'base64'))).toBe(true);
      prev = e.hash;
    }
    expect(chain.head()).toEqual({ seq: 3, hash: prev });
  });

  it('continues the same chain with the same key after a restart', async () => {
    const dir = tempDir();
    const a = await openStore(dir);
    const keyA = loadOrCreateWorkstationKey(a);
    const first = createAuditChain({ store: a, workstationId: 'WS-01', signingKey: keyA, now }).append('session.login', 'A1001', {});
    a.close();
    const b = await openStore(dir);
    const keyB = loadOrCreateWorkstationKey(b);
    expect(publicKeySpkiBase64(keyB)).toBe(publicKeySpkiBase64(keyA));
    const second = createAuditChain({ store: b, workstationId: 'WS-01', signingKey: keyB, now }).append('session.logout', 'A1001', {});
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
  });

  it('advances the head only if the event was queued (one transaction)', async () => {
    const store = await openStore(tempDir());
    const chain = createAuditChain({ store, workstationId: 'WS-01', signingKey: loadOrCreateWorkstationKey(store), now });
    chain.append('session.login', 'A1001', {});
    store.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    expect(() => chain.append('session.locked', 'A1001', {})).toThrow(/disk full/);
    expect(chain.head().seq).toBe(1);
    store.db.exec('DROP TRIGGER refuse');
    expect(chain.append('session.locked', 'A1001', {}).seq).toBe(2);
    expect(queuedEvents(store).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('refuses credential-like data keys and malformed events, appending nothing', async () => {
    const store = await openStore(tempDir());
    const chain = createAuditChain({ store, workstationId: 'WS-01', signingKey: loadOrCreateWorkstationKey(store), now });
    const bad: AuditData[] = [{ password: 'x' }, { accessToken: 'x' }, { totp: '123456' }, { refresh_token: 'x' }];
    for (const data of bad) {
      const err = (() => {
        try {
          chain.append('session.login', 'A1001', data);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AuditError);
      expect((err as AuditError).code).toBe('sensitive-data');
      expect((err as Error).message).not.toContain('123456');
    }
    expect(() => chain.append('Not A Type' as 'ui.x', null, {})).toThrow(AuditError);
    expect(() => chain.append('ui.x', null, { detail: 'y'.repeat(5_000) })).toThrow(/bad-event/);
    expect(chain.head().seq).toBe(0);
    expect(store.backlog()).toBe(0);
  });

  it('never continues another workstation’s chain in the same data directory', async () => {
    const store = await openStore(tempDir());
    const key = loadOrCreateWorkstationKey(store);
    createAuditChain({ store, workstationId: 'WS-01', signingKey: key, now }).append('session.login', null, {});
    expect(() => createAuditChain({ store, workstationId: 'WS-02', signingKey: key, now })).toThrow(/workstation-mismatch/);
  });

  it('only accepts an Ed25519 private key', async () => {
    const store = await openStore(tempDir());
    const { publicKey } = generateKeyPairSync('ed25519');
    const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (const signingKey of [publicKey, ec]) {
      expect(() => createAuditChain({ store, workstationId: 'WS-01', signingKey, now })).toThrow(/bad-key/);
    }
  });
});
