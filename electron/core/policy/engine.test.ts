import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../institution/contract/audit.ts';
import type { Policy } from '../../../institution/contract/site-profile.ts';
import { createAuditChain } from '../audit/chain.ts';
import { AUDIT_KIND } from '../audit/deliverer.ts';
import { loadOrCreateWorkstationKey } from '../audit/workstation-key.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { createPolicyEngine } from './engine.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup(actor: string | null = 'A1001') {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  const store: OutboxStore = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('policy-tests') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  const chain = createAuditChain({ store, workstationId: 'WS-P', signingKey: loadOrCreateWorkstationKey(store), now: Date.now });
  const baseline: Policy = { idleLockSeconds: 300, watermark: true };
  const engine = createPolicyEngine({ baseline, audit: chain, actor: () => actor });
  const audited = () => store.peek(AUDIT_KIND, 100).map((i) => AuditEvent.parse(i.payload));
  return { engine, audited };
}

describe('policy engine', () => {
  it('starts from the profile baseline without auditing it', async () => {
    const { engine, audited } = await setup();
    expect(engine.current()).toEqual({ idleLockSeconds: 300, watermark: true });
    expect(audited()).toEqual([]);
  });

  it('applies institution updates, announces and audits each real change once', async () => {
    const { engine, audited } = await setup();
    const seen: Policy[] = [];
    engine.onChange((p) => seen.push(p));
    expect(engine.apply({ idleLockSeconds: 300, watermark: true }, 'me')).toBe(false);
    expect(engine.apply({ idleLockSeconds: 60, watermark: true }, 'me')).toBe(true);
    expect(engine.apply({ idleLockSeconds: 7, watermark: false }, 'push')).toBe(true);
    expect(engine.apply({ idleLockSeconds: 7, watermark: false }, 'push')).toBe(false);
    expect(seen).toEqual([
      { idleLockSeconds: 60, watermark: true },
      { idleLockSeconds: 7, watermark: false },
    ]);
    expect(engine.current()).toEqual({ idleLockSeconds: 7, watermark: false });
    expect(audited().map((e) => [e.type, e.actor, e.data])).toEqual([
      ['policy.applied', 'A1001', { source: 'me', idleLockSeconds: 60, watermark: true }],
      ['policy.applied', 'A1001', { source: 'push', idleLockSeconds: 7, watermark: false }],
    ]);
  });

  it('rejects a malformed policy and keeps the one in force', async () => {
    const { engine, audited } = await setup();
    for (const bad of [null, { idleLockSeconds: 0, watermark: true }, { idleLockSeconds: 10 }, { idleLockSeconds: 10, watermark: true, extra: 1 }]) {
      expect(() => engine.apply(bad, 'push')).toThrow(TypeError);
    }
    expect(engine.current()).toEqual({ idleLockSeconds: 300, watermark: true });
    expect(audited()).toEqual([]);
  });

  it('takes the clipboard rules, audits them flattened, and refuses bad shapes of them', async () => {
    const { engine, audited } = await setup();
    const clipboard = { copyFromOwnFields: false, pasteIntoFields: true };
    expect(engine.apply({ idleLockSeconds: 300, watermark: true, clipboard }, 'push')).toBe(true);
    expect(engine.current().clipboard).toEqual(clipboard);
    for (const bad of [
      { copyFromOwnFields: false },
      { copyFromOwnFields: 'no', pasteIntoFields: true },
      { copyFromOwnFields: false, pasteIntoFields: true, fromKb: true },
      [false, true],
      null,
    ]) {
      expect(() => engine.apply({ idleLockSeconds: 300, watermark: true, clipboard: bad }, 'push')).toThrow(TypeError);
    }
    expect(engine.current().clipboard).toEqual(clipboard);
    expect(audited().map((e) => e.data)).toEqual([
      { source: 'push', idleLockSeconds: 300, watermark: true, 'clipboard.copyFromOwnFields': false, 'clipboard.pasteIntoFields': true },
    ]);
  });

  it('hands out copies, so a listener cannot alter the policy in force', async () => {
    const { engine } = await setup();
    engine.onChange((p) => (p.idleLockSeconds = 1));
    engine.apply({ idleLockSeconds: 42, watermark: true }, 'push');
    const p = engine.current();
    p.watermark = false;
    expect(engine.current()).toEqual({ idleLockSeconds: 42, watermark: true });
  });
});
