import { describe, expect, it } from 'vitest';
import { TicketStatus } from '../../contract/ticket-api.ts';
import { canTransition, extendedDueAt, initialDueAt, isOverdue, isRecused } from './ticket-workflow.ts';

const DAY = 86_400_000;

describe('ticket status transitions', () => {
  // Every pair, spelled out: new → in_progress → resolved → closed, reopen from resolved and closed.
  const allowed = new Set(['new→in_progress', 'in_progress→resolved', 'resolved→closed', 'resolved→in_progress', 'closed→in_progress']);
  const pairs = TicketStatus.options.flatMap((from) => TicketStatus.options.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}→${to}`));
  });
});

describe('complaint clock', () => {
  const filed = Date.UTC(2026, 10, 1, 9, 0, 0);
  it('is due 15 days after filing, 30 after one extension, 60 after the approved second', () => {
    expect(initialDueAt(filed) - filed).toBe(15 * DAY);
    expect(extendedDueAt(filed, 1) - filed).toBe(30 * DAY);
    expect(extendedDueAt(filed, 2) - filed).toBe(60 * DAY);
  });

  it('is overdue only while open and past the due moment', () => {
    const due = initialDueAt(filed);
    expect(isOverdue('in_progress', due, due)).toBe(false);
    expect(isOverdue('in_progress', due, due + 1)).toBe(true);
    expect(isOverdue('new', due, due + 1)).toBe(true);
    expect(isOverdue('resolved', due, due + 1)).toBe(false);
    expect(isOverdue('closed', due, due + DAY)).toBe(false);
  });

  it('recuses exactly the person the complaint is about', () => {
    expect(isRecused({ about_operator: 'S2001' }, 'S2001')).toBe(true);
    expect(isRecused({ about_operator: 'S2001' }, 'ADM01')).toBe(false);
    expect(isRecused({ about_operator: null }, 'S2001')).toBe(false);
  });
});
