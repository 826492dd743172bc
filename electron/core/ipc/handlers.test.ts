import { describe, expect, it } from 'vitest';
import type { AuditData } from '../audit/chain.ts';
import { UI_AUDIT_PER_MINUTE, createCoreHandlers, type HandlerDeps } from './handlers.ts';

/** Only what `audit.record` touches; the other handlers are not called here. */
function uiAuditWorld() {
  let t = 1_000_000;
  const appended: { type: string; data: AuditData }[] = [];
  const deps = {
    audit: { append: (type: string, _actor: string | null, data: AuditData) => appended.push({ type, data }) },
    session: { operatorId: () => 'A1001' },
    now: () => t,
  } as unknown as HandlerDeps;
  return { handlers: createCoreHandlers(deps), appended, advance: (ms: number) => (t += ms) };
}

/**
 * Attack review: `audit.record` is public and the page (the least trusted tier) feeds it.
 * 200 calls from page script became 200 signed records delivered to the institution; a
 * loop could fill the outbox, the chain and the auditors' view without bound.
 */
describe('audit.record: UI actions are recorded at a human rate', () => {
  it('records at most UI_AUDIT_PER_MINUTE a minute and answers every call alike', async () => {
    const w = uiAuditWorld();
    for (let i = 0; i < UI_AUDIT_PER_MINUTE * 5; i += 1) {
      await expect(w.handlers['audit.record']({ action: 'area-opened', detail: `a${i}` })).resolves.toBeNull();
    }
    expect(w.appended).toHaveLength(UI_AUDIT_PER_MINUTE);
    expect(w.appended[0]).toEqual({ type: 'ui.area-opened', data: { detail: 'a0' } });
  });

  it('the first record of the next minute says how many were dropped', async () => {
    const w = uiAuditWorld();
    for (let i = 0; i < UI_AUDIT_PER_MINUTE + 7; i += 1) await w.handlers['audit.record']({ action: 'area-opened', detail: 'kb' });
    w.advance(60_000);
    await w.handlers['audit.record']({ action: 'language-changed', detail: 'en-US' });
    await w.handlers['audit.record']({ action: 'area-opened', detail: 'kb' });
    expect(w.appended.slice(UI_AUDIT_PER_MINUTE)).toEqual([
      { type: 'ui.language-changed', data: { detail: 'en-US', suppressed: 7 } },
      { type: 'ui.area-opened', data: { detail: 'kb' } },
    ]);
  });
});
