import { describe, expect, it } from 'vitest';
import type { TicketList } from '../contract/tickets.ts';
import { eventually, valueOf as value } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * tickets.list with `q` through a real core and a real institution: the payload is checked
 * at the desk (hidden characters, length), `q` reaches GET /tickets?q= and narrows the list,
 * the next page's cursor works for the same q and is refused for another.
 */
const env = useTestInstitution({}, { admin: true });

const complaint = (customerName: string) => ({
  typeId: 'bank-complaint',
  typeVersion: 1,
  data: { customerName, contactPhone: '010-62345678', category: 'staff', description: '柜员态度差' },
});

describe('tickets: search through the desk (real institution)', () => {
  it('passes q to the institution, narrows the list and pages it; refuses a bad q at the desk', async () => {
    const agent = await env.seat('A1001', 'Agent#2026');
    value(await agent.dispatch('tickets.types', undefined));
    for (const name of ['欧阳锋', '欧阳克', '黄药师']) value(await agent.dispatch('tickets.submit', complaint(name)));
    await eventually(async () => {
      const list = value<TicketList>(await agent.dispatch('tickets.list', { limit: 200 }));
      return list.local.length === 0 && (list.tickets?.length ?? 0) >= 3 ? true : undefined;
    }, 'three complaints delivered');

    const names = (list: TicketList) => (list.tickets ?? []).map((t) => t.data.customerName).sort();
    expect(names(value<TicketList>(await agent.dispatch('tickets.list', { q: '  欧阳 ' })))).toEqual(['欧阳克', '欧阳锋']);
    expect(names(value<TicketList>(await agent.dispatch('tickets.list', { q: '黄药师' })))).toEqual(['黄药师']);
    expect(value<TicketList>(await agent.dispatch('tickets.list', { q: '不存在的名字' })).tickets).toEqual([]);

    const first = value<TicketList>(await agent.dispatch('tickets.list', { q: '欧阳', limit: 1 }));
    expect(first.tickets).toHaveLength(1);
    const cursor = first.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const second = value<TicketList>(await agent.dispatch('tickets.list', { q: '欧阳', limit: 1, before: cursor }));
    expect([...names(first), ...names(second)].sort()).toEqual(['欧阳克', '欧阳锋']);
    expect(await agent.dispatch('tickets.list', { q: '黄', before: cursor })).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    for (const q of ['', '   ', 'x'.repeat(65), 'a\u200bb', 'a\u202eb']) {
      const refused = await agent.dispatch('tickets.list', { q });
      expect(refused, JSON.stringify(q)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });
});
