import { describe, expect, it } from 'vitest';
import type { TicketAssignees, TicketHistory, TicketList } from '../contract/tickets.ts';
import { eventually, valueOf as value } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * tickets.history, tickets.assignees and the paged, filtered tickets.list through a real core
 * and a real institution: the agent pages their own tickets by the institution's cursor and
 * filters by type; the supervisor reads who may be assigned (the complaint's subject left
 * out) and the history with names; the agent's history of the same ticket has no reveal
 * entries; an agent asking for assignees is refused at the desk.
 */
const env = useTestInstitution({}, { admin: true });

const complaint = (about?: string) => ({
  typeId: 'bank-complaint',
  typeVersion: 1,
  data: { customerName: '赵六', contactPhone: '010-62345678', category: 'staff', description: '柜员态度差' },
  ...(about === undefined ? {} : { aboutOperatorId: about }),
});

describe('tickets: history, assignees and paging through the desk (real institution)', () => {
  it('pages and filters, lists eligible assignees, and tells staff and filer their history', async () => {
    const agent = await env.seat('A1001', 'Agent#2026');
    value(await agent.dispatch('tickets.types', undefined));
    for (let i = 0; i < 4; i += 1) value(await agent.dispatch('tickets.submit', complaint()));
    value(await agent.dispatch('tickets.submit', complaint('S2001')));
    const all = await eventually(async () => {
      const list = value<TicketList>(await agent.dispatch('tickets.list', { type: 'bank-complaint', limit: 200 }));
      return list.local.length === 0 && (list.tickets?.length ?? 0) >= 5 ? list.tickets : undefined;
    }, 'five complaints delivered');
    const ids = (all ?? []).map((t) => t.id);

    // Pages of two by the institution's cursor: every ticket once, in its order.
    const paged: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const list = value<TicketList>(await agent.dispatch('tickets.list', { type: 'bank-complaint', limit: 2, ...(before === undefined ? {} : { before }) }));
      paged.push(...(list.tickets ?? []).map((t) => t.id));
      if (list.nextCursor === null) break;
      before = list.nextCursor;
    }
    expect(paged).toEqual(ids);
    expect(value<TicketList>(await agent.dispatch('tickets.list', { type: 'bank-card-loss' })).tickets).toEqual([]);
    expect(await agent.dispatch('tickets.list', { before: 'AAAAAAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await agent.dispatch('tickets.assignees', { ticketId: ids[0] as string })).toMatchObject({ ok: false, error: { code: 'permission_denied' } });

    const supervisor = await env.seat('S2001', 'Super#2026');
    const about = (all ?? []).find((t) => t.complaint?.aboutOperatorId === 'S2001')?.id as string;
    const plain = ids.find((id) => id !== about) as string;
    expect(value<TicketAssignees>(await supervisor.dispatch('tickets.assignees', { ticketId: plain })).assignees).toEqual([
      { operatorId: 'ADM01', displayName: '陈静' },
      { operatorId: 'S2001', displayName: '张伟' },
    ]);
    // The complaint about the supervisor: not theirs to see at all.
    expect(await supervisor.dispatch('tickets.history', { ticketId: about })).toMatchObject({ ok: false, error: { code: 'ticket_not_found' } });
    expect(await supervisor.dispatch('tickets.assignees', { ticketId: about })).toMatchObject({ ok: false, error: { code: 'ticket_not_found' } });

    value(await supervisor.dispatch('tickets.transition', { ticketId: plain, to: 'in_progress', note: '已联系客户' }));
    value(await supervisor.dispatch('tickets.assign', { ticketId: plain, assignee: 'ADM01' }));
    const staffView = value<TicketHistory>(await supervisor.dispatch('tickets.history', { ticketId: plain }));
    expect(staffView.entries.map((e) => e.kind)).toEqual(['created', 'status', 'assigned']);
    expect(staffView.entries[1]).toMatchObject({ operatorId: 'S2001', operatorName: '张伟', from: 'new', to: 'in_progress', note: '已联系客户' });
    expect(staffView.entries[2]).toMatchObject({ assignee: 'ADM01', assigneeName: '陈静' });

    // A refused reveal (the supervisor holds no tickets.reveal) is refused at the desk: nothing reaches the history.
    expect(await supervisor.dispatch('tickets.reveal', { ticketId: plain, pointer: '/customerName', reason: '核对' })).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
    const filerView = value<TicketHistory>(await agent.dispatch('tickets.history', { ticketId: plain }));
    expect(filerView.entries.map((e) => e.kind)).toEqual(['created', 'status', 'assigned']);
    expect(await agent.dispatch('tickets.history', { ticketId: 'T-00000000000000000000000000' })).toMatchObject({ ok: false, error: { code: 'ticket_not_found' } });
  });
});
