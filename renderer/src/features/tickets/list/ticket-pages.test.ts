import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../tickets-bridge.ts';
import { isOlder, mergeFirstPage } from './ticket-pages.ts';

const row = (id: string, receivedAt: string) => ({ id, receivedAt }) as Ticket;

describe('ticket pages', () => {
  it('orders newest first by receivedAt, then id', () => {
    expect(isOlder(row('T-B', '2026-11-01T08:00:00.000Z'), row('T-A', '2026-11-01T08:00:01.000Z'))).toBe(true);
    expect(isOlder(row('T-A', '2026-11-01T08:00:00.000Z'), row('T-B', '2026-11-01T08:00:00.000Z'))).toBe(true);
    expect(isOlder(row('T-B', '2026-11-01T08:00:00.000Z'), row('T-A', '2026-11-01T08:00:00.000Z'))).toBe(false);
  });

  it('after a re-read of the first page shows every ticket once, in order, keeping the older rows', () => {
    const ticketsArb = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 999 })), { selector: ([, n]) => n, maxLength: 40 });
    fc.assert(
      fc.property(ticketsArb, fc.nat({ max: 10 }), fc.nat({ max: 5 }), (raw, pageSize, arrivals) => {
        const all = raw.map(([s, n]) => row(`T-${String(n).padStart(3, '0')}`, `2026-11-01T08:00:${String(s).padStart(2, '0')}.000Z`)).sort((a, b) => (isOlder(a, b) ? 1 : -1));
        // Shown: the first page and one older page; then `arrivals` new tickets arrive on top and the first page is read again.
        const older = all.slice(pageSize, pageSize * 2);
        const fresh = [...Array.from({ length: arrivals }, (_, i) => row(`T-9${i}`, '2026-11-02T00:00:00.000Z')).reverse(), ...all].slice(0, pageSize);
        const merged = mergeFirstPage(fresh, older);
        expect(new Set(merged.map((t) => t.id)).size).toBe(merged.length);
        for (let i = 1; i < merged.length; i += 1) expect(isOlder(merged[i] as Ticket, merged[i - 1] as Ticket)).toBe(true);
        for (const t of older) if (fresh.length === 0 || isOlder(t, fresh.at(-1) as Ticket) || fresh.some((f) => f.id === t.id)) expect(merged.map((m) => m.id)).toContain(t.id);
      }),
    );
  });
});
