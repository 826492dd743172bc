import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importTicketPublicKey, openField, sealField } from '../../contract/ticket-crypto.ts';
import { loadOrCreateTicketKeys, rotateTicketKeys } from './ticket-key.ts';

const BINDING = { typeId: 'bank-card-loss', typeVersion: 1, pointer: '/cardNumber' };

describe('ticket key ring in the data dir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ticket-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates once (0600), loads the same key again, and its public half opens what it seals', async () => {
    const first = await loadOrCreateTicketKeys(dir);
    expect(first.current.kid).toMatch(/^[0-9a-f]{16}$/);
    expect((await stat(join(dir, 'keys', 'ticket-key.pkcs8'))).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateTicketKeys(dir);
    expect(again.current.kid).toBe(first.current.kid);
    expect(again.current.publicKeySpki).toBe(first.current.publicKeySpki);
    const sealed = await sealField('4111111111111111', { kid: first.current.kid, publicKey: await importTicketPublicKey(first.current.publicKeySpki) }, BINDING);
    expect(await openField(sealed, { kid: again.current.kid, privateKey: again.current.privateKey }, BINDING)).toBe('4111111111111111');
  });

  it('rotates: a new current key, the old one still opens what was sealed to it', async () => {
    const before = await loadOrCreateTicketKeys(dir);
    const sealed = await sealField('6222021234567890128', { kid: before.current.kid, publicKey: await importTicketPublicKey(before.current.publicKeySpki) }, BINDING);
    const after = await rotateTicketKeys(dir);
    expect(after.current.kid).not.toBe(before.current.kid);
    expect([...after.byKid.keys()].sort()).toEqual([before.current.kid, after.current.kid].sort());
    const reloaded = await loadOrCreateTicketKeys(dir);
    const oldKey = reloaded.byKid.get(before.current.kid);
    expect(oldKey).toBeDefined();
    if (oldKey !== undefined) expect(await openField(sealed, { kid: before.current.kid, privateKey: oldKey }, BINDING)).toBe('6222021234567890128');
    await expect(openField(sealed, { kid: before.current.kid, privateKey: reloaded.current.privateKey }, BINDING)).rejects.toThrow();
  });
});
