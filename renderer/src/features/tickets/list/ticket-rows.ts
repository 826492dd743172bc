import type { TicketStatus } from '../../../../../institution/contract/ticket-api.ts';
import type { Language } from '../../../i18n/translate.ts';
import type { LocalTicket, Ticket, TicketTypeVersion } from '../tickets-bridge.ts';

/** Where a ticket is, as the agent's list says it: still on this workstation, or at the institution. */
export type RowState = 'queued' | 'undeliverable' | TicketStatus;

export interface TicketRow {
  key: string;
  /** Which view opens it. */
  open: { kind: 'detail'; ticketId: string } | { kind: 'local'; localId: string };
  /** The institution's id (T-…), null while the ticket is still here. */
  ticketId: string | null;
  typeName: string;
  state: RowState;
  createdAt: string;
  /** Complaints: the answer's due moment and whether it is past for an open ticket. */
  due: { at: string; overdue: boolean; extensions: number } | null;
  assignee: string | null;
  /** The assignee's display name when the institution told it (older institutions do not). */
  assigneeName: string | null;
}

/** The type's name in the agent's language, or its id when the type is not known here. */
export function typeName(types: ReadonlyMap<string, TicketTypeVersion>, typeId: string, language: Language): string {
  return types.get(typeId)?.name[language] ?? typeId;
}

/**
 * The list's rows: this workstation's tickets first (queued, then undeliverable — both need
 * the agent's eye), then the institution's, newest first as it answered them.
 */
export function ticketRows(local: readonly LocalTicket[], tickets: readonly Ticket[] | null, types: ReadonlyMap<string, TicketTypeVersion>, language: Language): TicketRow[] {
  const here = [...local].sort((a, b) => (a.state === b.state ? a.createdAt.localeCompare(b.createdAt) : a.state === 'undeliverable' ? -1 : 1));
  return [
    ...here.map((t): TicketRow => ({
      key: `local:${t.localId}`,
      open: { kind: 'local', localId: t.localId },
      ticketId: null,
      typeName: typeName(types, t.typeId, language),
      state: t.state,
      createdAt: t.createdAt,
      due: null,
      assignee: null,
      assigneeName: null,
    })),
    ...(tickets ?? []).map((t): TicketRow => ({
      key: t.id,
      open: { kind: 'detail', ticketId: t.id },
      ticketId: t.id,
      typeName: typeName(types, t.typeId, language),
      state: t.status,
      createdAt: t.createdAt,
      due: t.complaint === null ? null : { at: t.complaint.dueAt, overdue: t.complaint.overdue, extensions: t.complaint.extensions },
      assignee: t.assignee,
      assigneeName: t.assignee === null ? null : (t.assigneeName ?? null),
    })),
  ];
}

/** Short form of an institution id for narrow columns: `T-01J…` → its last 8 characters. */
export const shortTicketId = (id: string): string => (id.length > 10 ? `…${id.slice(-8)}` : id);

export function formatTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(iso));
}
