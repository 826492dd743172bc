import type { Ticket, TicketChanged, TicketComment } from '../../../electron/contract/channels.ts';
import { fail, ok, type FakeHandlers, type FakeTicketState } from './fake-ticket-state.ts';

export type FakeInstitutionTicketChannel =
  | 'tickets.list'
  | 'tickets.get'
  | 'tickets.comments'
  | 'tickets.history'
  | 'tickets.assignees'
  | 'tickets.comment'
  | 'tickets.transition'
  | 'tickets.assign'
  | 'tickets.extend'
  | 'tickets.reveal';

/** The fake's list cursor: the id of the page's last ticket, base64url (opaque to the page, like the institution's). */
const cursorOf = (id: string): string => btoa(id).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const idOfCursor = (cursor: string): string | null => {
  try {
    return atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
};

const NEXT: Record<Ticket['status'], Ticket['status'][]> = { new: ['in_progress'], in_progress: ['resolved'], resolved: ['closed', 'in_progress'], closed: ['in_progress'] };

/**
 * The institution's half of the fake tickets, its rules in small (institution/src/tickets):
 * who sees a ticket, the list (with the local queue first) and its search and cursor, get,
 * comments, history, processing (status, assignment, complaint extensions) and reveal — and
 * what the test does as a processor there (`setStatus`, `setRevealValue`).
 */
export function createFakeInstitutionTickets(s: FakeTicketState) {
  const { me, tickets, comments } = s;
  const revealValues = new Map<string, string>();
  /** Every reveal asked for (ticket, pointer, reason) — what the institution audits. */
  const reveals: { ticketId: string; pointer: string; reason: string }[] = [];

  const staff = (ticket: Ticket) => {
    const who = me();
    return (who.permissions.includes('tickets.process') || who.permissions.includes('tickets.reveal')) && ticket.complaint?.aboutOperatorId !== who.id;
  };
  /** A ticket as the institution's list and GET answer it: with the assignee's name when it has one (1–80 characters). */
  const named = (ticket: Ticket): Ticket => {
    const assigneeName = ticket.assignee === null ? undefined : s.nameOf(ticket.assignee);
    return assigneeName === undefined || assigneeName.length === 0 || assigneeName.length > 80 ? { ...ticket } : { ...ticket, assigneeName };
  };
  const eligible = (ticket: Ticket) => s.operators.filter((o) => o.process && o.id !== ticket.complaint?.aboutOperatorId);
  const visible = (ticket: Ticket) => {
    const who = me();
    return ticket.filedBy === who.id || who.permissions.includes('tickets.process') || who.permissions.includes('tickets.reveal');
  };
  const find = (ticketId: string): Ticket | undefined => tickets.find((x) => x.id === ticketId && visible(x));
  const update = (ticket: Ticket, patch: Partial<Ticket>, change: TicketChanged['change']): Ticket => {
    Object.assign(ticket, patch, { updatedAt: s.at() });
    s.emit.changed({ ticketId: ticket.id, typeId: ticket.typeId, status: ticket.status, change });
    return { ...ticket };
  };

  const handlers: FakeHandlers<FakeInstitutionTicketChannel> = {
    'tickets.list': ({ status, type, limit, before, q }) => {
      const id = me().id;
      const mine = s.local.filter((l) => l.filedBy === id).sort((a, b) => (a.state === b.state ? a.createdAt.localeCompare(b.createdAt) : a.state === 'queued' ? -1 : 1));
      // A rough stand-in for the institution's search (ticket-search.ts): id prefix, type id, filer, handler, string values.
      const needle = q?.trim().toLowerCase();
      const found = (x: Ticket) =>
        needle === undefined ||
        x.id.toLowerCase().startsWith(needle) ||
        [x.typeId, x.filedBy, x.assignee ?? '', ...Object.values(x.data).filter((v) => typeof v === 'string')].some((v) => String(v).toLowerCase().includes(needle));
      const all = tickets.filter((x) => visible(x) && (status === undefined || x.status === status) && (type === undefined || x.typeId === type) && found(x)).reverse();
      let start = 0;
      if (before !== undefined) {
        const after = idOfCursor(before);
        const at = all.findIndex((x) => x.id === after);
        if (after === null || !/^T-/.test(after)) return fail('bad_request');
        // The cursor's ticket left this view meanwhile: start after the first one older than it (ids sort by filing).
        start = at >= 0 ? at + 1 : all.findIndex((x) => x.id < after);
        if (start < 0) start = all.length;
      }
      const size = limit ?? 50;
      const page = all.slice(start, start + size);
      const last = page.at(-1);
      const nextCursor = start + size < all.length && last !== undefined ? cursorOf(last.id) : null;
      return ok({ local: mine.map(s.publicLocal), tickets: page.map(named), nextCursor });
    },
    'tickets.get': ({ ticketId }) => {
      const found = find(ticketId);
      return found === undefined ? fail('ticket_not_found') : ok(named(found));
    },
    'tickets.comments': ({ ticketId }) => (find(ticketId) === undefined ? fail('ticket_not_found') : ok({ comments: comments.filter((c) => c.ticketId === ticketId) })),
    'tickets.history': ({ ticketId }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      const seesAll = staff(found);
      const entries = s.history.filter((h) => h.ticketId === ticketId && (seesAll || (h.kind !== 'revealed' && h.kind !== 'reveal-refused'))).map(({ ticketId: _t, ...entry }) => entry);
      return ok({ entries, truncated: false });
    },
    'tickets.assignees': ({ ticketId }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      if (!me().permissions.includes('tickets.process') || found.complaint?.aboutOperatorId === me().id) return fail('permission_denied');
      return ok({ assignees: eligible(found).map((o) => ({ operatorId: o.id, displayName: o.displayName })) });
    },
    'tickets.comment': ({ ticketId, body }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      const comment: TicketComment = { id: comments.length + 1, ticketId, author: me().id, body, createdAt: s.at() };
      comments.push(comment);
      update(found, {}, 'commented');
      return ok(comment);
    },
    'tickets.transition': ({ ticketId, to }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      if (!NEXT[found.status].includes(to)) return fail('ticket_conflict');
      s.remember(ticketId, me().id, { kind: 'status', from: found.status, to });
      return ok(update(found, { status: to }, 'status'));
    },
    'tickets.assign': ({ ticketId, assignee }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      // As the institution: only someone who may process it, never the person a complaint is about.
      if (assignee !== null && !eligible(found).some((o) => o.id === assignee)) return fail('ticket_conflict');
      s.remember(ticketId, me().id, { kind: 'assigned', assignee });
      return ok(update(found, { assignee }, 'assigned'));
    },
    'tickets.extend': ({ ticketId, reason, approvedBy }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      const clock = found.complaint;
      if (clock === null || clock.extensions >= 2 || (clock.extensions === 1 && approvedBy === undefined)) return fail('ticket_conflict');
      const days = clock.extensions === 0 ? 30 : 60;
      s.remember(ticketId, me().id, { kind: 'extended', extension: clock.extensions + 1, reason });
      const dueAt = new Date(Date.parse(found.createdAt) + days * 86_400_000).toISOString();
      return ok(update(found, { complaint: { ...clock, extensions: clock.extensions + 1, dueAt, approvedBy: approvedBy ?? null } }, 'extended'));
    },
    'tickets.reveal': ({ ticketId, pointer, reason }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      reveals.push({ ticketId, pointer, reason });
      const value = revealValues.get(`${ticketId}\0${pointer}`);
      s.remember(ticketId, me().id, { kind: value === undefined ? 'reveal-refused' : 'revealed', pointer, reason });
      return value === undefined ? fail('bad_request') : ok({ pointer, value });
    },
  };

  return {
    handlers,
    reveals,
    /** A processor changed a ticket's status at the institution (pushes `tickets.changed`). */
    setStatus(ticketId: string, status: Ticket['status']): void {
      const found = tickets.find((x) => x.id === ticketId);
      if (found === undefined) throw new Error(`fake tickets: no ticket ${ticketId}`);
      s.remember(ticketId, 'S2001', { kind: 'status', from: found.status, to: status });
      update(found, { status }, 'status');
    },
    /** The plaintext `tickets.reveal` answers for a ticket's field. */
    setRevealValue: (ticketId: string, pointer: string, value: string): void => void revealValues.set(`${ticketId}\0${pointer}`, value),
  };
}
