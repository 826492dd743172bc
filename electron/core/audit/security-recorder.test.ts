import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../institution/contract/audit.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore } from '../outbox/store.ts';
import { createSecurityRecorder, FAULT_KINDS, originOnly, SECURITY_EVENT_KINDS } from './security-recorder.ts';
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

describe('security and fault recorder', () => {
  it('keeps only the origin of a URL, never its path or query', () => {
    expect(originOnly('https://evil.example:8443/customer/6222021234567890?name=Zhang#x')).toBe('https://evil.example:8443');
    expect(originOnly('app://desk/index.html')).toBe('app://desk');
    expect(originOnly('data:text/html,<b>card 6222</b>')).toBe('data:');
    expect(originOnly('turn:203.0.113.9:3478?transport=tcp')).toBe('turn:');
    expect(originOnly('not a url')).toBe('invalid-url');
    expect(originOnly('')).toBe('none');
  });

  it('records every security kind under its own type, with origin and detail', async () => {
    const c = await collector();
    const r = createSecurityRecorder({ audit: c.audit, actor: () => 'A1001', now: () => 0 });
    for (const kind of SECURITY_EVENT_KINDS) r.security({ kind, url: `https://${kind}.example/p?card=6222`, detail: `rule-${kind}` });
    expect(c.rows()).toEqual(
      SECURITY_EVENT_KINDS.map((kind) => ({
        type: `security.${kind}`,
        actor: 'A1001',
        data: { origin: `https://${kind}.example`, detail: `rule-${kind}`, suppressed: 0 },
      })),
    );
    expect(JSON.stringify(c.rows())).not.toContain('6222');
  });

  it('records every fault kind under its own type', async () => {
    const c = await collector();
    const r = createSecurityRecorder({ audit: c.audit, actor: () => null, now: () => 0 });
    for (const kind of FAULT_KINDS) r.fault({ kind, detail: 'TypeError' });
    expect(c.rows().map((row) => row.type)).toEqual(FAULT_KINDS.map((k) => `fault.${k}`));
  });

  it('audits once per kind, origin and detail per window, counting the repeats it suppressed', async () => {
    const c = await collector();
    let t = 0;
    const r = createSecurityRecorder({ audit: c.audit, actor: () => 'A1001', now: () => t, windowMs: 1_000 });
    r.security({ kind: 'request-blocked', url: 'https://a.example/1?q=secret', detail: 'host' });
    r.security({ kind: 'request-blocked', url: 'https://a.example/2', detail: 'host' });
    r.security({ kind: 'request-blocked', url: 'https://a.example/3', detail: 'host' });
    r.security({ kind: 'navigation-denied', url: 'https://a.example/3', detail: 'host' });
    r.security({ kind: 'request-blocked', url: 'https://b.example/', detail: 'host' });
    t = 1_000;
    r.security({ kind: 'request-blocked', url: 'https://a.example/4', detail: 'host' });
    expect(c.rows().map((row) => [row.type, row.data])).toEqual([
      ['security.request-blocked', { origin: 'https://a.example', detail: 'host', suppressed: 0 }],
      ['security.navigation-denied', { origin: 'https://a.example', detail: 'host', suppressed: 0 }],
      ['security.request-blocked', { origin: 'https://b.example', detail: 'host', suppressed: 0 }],
      ['security.request-blocked', { origin: 'https://a.example', detail: 'host', suppressed: 2 }],
    ]);
    expect(JSON.stringify(c.rows())).not.toContain('secret');
  });

  it('caps each kind per window and reports what it held back once the window turns', async () => {
    const c = await collector();
    let t = 0;
    const r = createSecurityRecorder({ audit: c.audit, actor: () => null, now: () => t, windowMs: 1_000, perKindLimit: 3 });
    for (let i = 0; i < 10; i += 1) r.security({ kind: 'window-open-denied', url: `https://h${i}.example/`, detail: 'open' });
    r.security({ kind: 'input-blocked', url: 'app://desk/', detail: 'print' });
    expect(c.rows().map((row) => row.data['origin'])).toEqual(['https://h0.example', 'https://h1.example', 'https://h2.example', 'app://desk']);
    t = 1_000;
    r.security({ kind: 'window-open-denied', url: 'https://h7.example/', detail: 'open' });
    expect(c.rows().at(-1)?.data).toEqual({ origin: 'https://h7.example', detail: 'open', suppressed: 1 });
  });

  it('cleans the detail to a short token', async () => {
    const c = await collector();
    createSecurityRecorder({ audit: c.audit, actor: () => null, now: () => 0 }).security({
      kind: 'request-blocked',
      url: 'https://x.example',
      detail: 'bad host: <script>'.repeat(10),
    });
    expect(c.rows()[0]?.data['detail']).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
  });
});

describe('knowledge-base protection records', () => {
  it('records a blocked attempt as kb.protection-blocked with kind, id and version, under the same limits', async () => {
    const c = await collector();
    let t = 0;
    const r = createSecurityRecorder({ audit: c.audit, actor: () => 'A1001', now: () => t, windowMs: 1_000 });
    r.kbBlocked({ attempt: 'copy', via: 'keyboard', articleId: 7, version: 3 });
    r.kbBlocked({ attempt: 'copy', via: 'keyboard', articleId: 7, version: 3 });
    r.kbBlocked({ attempt: 'copy', via: 'exec-command', articleId: 7, version: 3 });
    t = 1_000;
    r.kbBlocked({ attempt: 'copy', via: 'keyboard', articleId: 7, version: 3 });
    expect(c.rows()).toEqual([
      { type: 'kb.protection-blocked', actor: 'A1001', data: { attempt: 'copy', via: 'keyboard', articleId: 7, version: 3, suppressed: 0 } },
      { type: 'kb.protection-blocked', actor: 'A1001', data: { attempt: 'copy', via: 'exec-command', articleId: 7, version: 3, suppressed: 0 } },
      { type: 'kb.protection-blocked', actor: 'A1001', data: { attempt: 'copy', via: 'keyboard', articleId: 7, version: 3, suppressed: 1 } },
    ]);
  });
});
