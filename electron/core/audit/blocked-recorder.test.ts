import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../institution/contract/audit.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore } from '../outbox/store.ts';
import { createBlockedRecorder, originOnly } from './blocked-recorder.ts';
import { createAuditChain } from './chain.ts';
import { AUDIT_KIND } from './deliverer.ts';
import { loadOrCreateWorkstationKey } from './workstation-key.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A real chain on a real store; `rows()` reads back what was queued for the institution. */
async function collector() {
  const dir = mkdtempSync(join(tmpdir(), 'blocked-'));
  const store = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('blocked-tests') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  const audit = createAuditChain({ store, workstationId: 'WS-B', signingKey: loadOrCreateWorkstationKey(store), now: Date.now });
  const rows = () =>
    store.peek(AUDIT_KIND, 100).map((i) => {
      const e = AuditEvent.parse(i.payload);
      return { type: e.type, actor: e.actor, data: e.data };
    });
  return { audit, rows };
}

describe('blocked-request recorder', () => {
  it('keeps only the origin of a blocked URL, never its path or query', () => {
    expect(originOnly('https://evil.example:8443/customer/6222021234567890?name=Zhang#x')).toBe('https://evil.example:8443');
    expect(originOnly('app://desk/index.html')).toBe('app://desk');
    expect(originOnly('data:text/html,<b>card 6222</b>')).toBe('data:');
    expect(originOnly('not a url')).toBe('invalid-url');
  });

  it('audits once per origin and reason per window, counting the repeats it suppressed', async () => {
    const c = await collector();
    let t = 0;
    const record = createBlockedRecorder({ audit: c.audit, actor: () => 'A1001', now: () => t, windowMs: 1_000 });
    record('https://a.example/1?q=secret', 'host');
    record('https://a.example/2', 'host');
    record('https://a.example/3', 'host');
    record('https://b.example/', 'host');
    t = 1_000;
    record('https://a.example/4', 'host');
    expect(c.rows()).toEqual([
      { type: 'net.blocked', actor: 'A1001', data: { origin: 'https://a.example', reason: 'host', suppressed: 0 } },
      { type: 'net.blocked', actor: 'A1001', data: { origin: 'https://b.example', reason: 'host', suppressed: 0 } },
      { type: 'net.blocked', actor: 'A1001', data: { origin: 'https://a.example', reason: 'host', suppressed: 2 } },
    ]);
    expect(JSON.stringify(c.rows())).not.toContain('secret');
  });

  it('cleans the reason to a short token', async () => {
    const c = await collector();
    createBlockedRecorder({ audit: c.audit, actor: () => null, now: () => 0 })('https://x.example', 'bad host: <script>'.repeat(10));
    const reason = c.rows()[0]?.data['reason'];
    expect(reason).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });
});
