import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { Ticket, TicketReceipt } from '../../contract/ticket-api.ts';
import type { CreateTicketRequest } from '../../contract/ticket-api.ts';
import { databasePath } from '../data-dir.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** How many staff act on one ticket at the same moment (each its own HTTPS request). */
const RACERS = 6;

/**
 * Staff acting on one ticket at once, as real concurrent HTTPS requests against the real
 * server and SQLite. The server's `beforeTicketWrite` hook holds every racer after it checked
 * its change against the row it read until all have read it — the overlap a slower database,
 * a busy connection or a second server process gives — then lets them write. Compare-and-set
 * lets exactly one win; the others get 409 `ticket_changed` and nothing of theirs is stored.
 */
describe('tickets: concurrent changes are compare-and-set', () => {
  /** While armed: the racers waiting between their check and their write. */
  let barrier: (() => void)[] | null = null;
  const beforeTicketWrite = (): Promise<void> => {
    const waiting = barrier;
    if (waiting === null) return Promise.resolve();
    return new Promise((resolve) => {
      waiting.push(resolve);
      if (waiting.length < RACERS) return;
      barrier = null;
      for (const release of waiting) release();
    });
  };

  const env = useTestInstitution({ beforeTicketWrite }, { tickets: true, admin: true, signIn: ['supervisor'] });

  const post = (path: string, token: string, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const get = (path: string, token: string) => env.institution.client.request('GET', `${API_PREFIX}${path}`, { token });
  const complaint = (): CreateTicketRequest => ({
    typeId: 'bank-complaint',
    typeVersion: 1,
    createdAt: new Date(env.institution.clock()).toISOString(),
    data: { customerName: '赵六', contactPhone: '010-62345678', category: 'staff', description: '柜员态度差' },
  });
  const fileComplaint = async (): Promise<string> => {
    const filed = await env.kit.file(env.supervisor, complaint());
    expect(filed.status, filed.text.slice(0, 300)).toBe(201);
    return TicketReceipt.parse(filed.json).id;
  };
  /** Fires all at once (held at the barrier); exactly one 200, every other a 409 `ticket_changed`. */
  const race = async (calls: (() => Promise<HttpResponse>)[]): Promise<Ticket> => {
    barrier = [];
    const answers = await Promise.all(calls.map((call) => call()));
    for (const a of answers) expect([200, 409], a.text.slice(0, 300)).toContain(a.status);
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => x.status === 409)) expect(ApiError.parse(a.json).error.code).toBe('ticket_changed');
    return Ticket.parse(won[0]?.json);
  };
  /** The ticket's history entries of one kind, oldest first, as stored (read-only SQLite). */
  const history = (id: string, kind: string): string[] => {
    const db = new Database(databasePath(env.institution.dataDir), { readonly: true });
    try {
      return (db.prepare('SELECT detail FROM ticket_history WHERE ticket_id = ? AND kind = ? ORDER BY n').all(id, kind) as { detail: string }[]).map((r) => r.detail);
    } finally {
      db.close();
    }
  };
  const stored = async (id: string): Promise<Ticket> => Ticket.parse((await get(`/tickets/${id}`, env.admin)).json);

  it('closing and reopening a resolved ticket at once: one wins, the others are told it changed', async () => {
    const id = await fileComplaint();
    expect((await post(`/tickets/${id}/transition`, env.supervisor, { to: 'in_progress' })).status).toBe(200);
    expect((await post(`/tickets/${id}/transition`, env.supervisor, { to: 'resolved' })).status).toBe(200);
    const winner = await race(Array.from({ length: RACERS }, (_, i) => () => post(`/tickets/${id}/transition`, i % 2 === 0 ? env.supervisor : env.admin, { to: i % 2 === 0 ? 'closed' : 'in_progress' })));
    expect((await stored(id)).status).toBe(winner.status);
    // The history holds the winner's step only, and it starts where the ticket was.
    expect(history(id, 'status').map((d) => d.split(' ')[0])).toEqual(['new→in_progress', 'in_progress→resolved', `resolved→${winner.status}`]);
  });

  it('one extension requested by many at once is counted once', async () => {
    const id = await fileComplaint();
    const winner = await race(Array.from({ length: RACERS }, (_, i) => () => post(`/tickets/${id}/extend`, i % 2 === 0 ? env.supervisor : env.admin, { reason: `需调取监控${i}` })));
    expect(winner.complaint?.extensions).toBe(1);
    expect(history(id, 'extended')).toHaveLength(1);
    expect((await stored(id)).complaint?.extensions).toBe(1);
  });

  it('two staff assigning at once: one assignee is stored, the other hears the ticket changed', async () => {
    const id = await fileComplaint();
    const winner = await race(Array.from({ length: RACERS }, (_, i) => () => post(`/tickets/${id}/assign`, env.admin, { assignee: i % 2 === 0 ? 'S2001' : 'ADM01' })));
    expect(history(id, 'assigned')).toEqual([winner.assignee]);
    expect((await stored(id)).assignee).toBe(winner.assignee);
  });

  it('a change after the race is checked against the stored row as usual', async () => {
    const id = await fileComplaint();
    expect((await post(`/tickets/${id}/transition`, env.supervisor, { to: 'in_progress' })).status).toBe(200);
    const again = await post(`/tickets/${id}/transition`, env.supervisor, { to: 'in_progress' });
    expect(again.status).toBe(409);
    expect(ApiError.parse(again.json).error.code).toBe('conflict');
  });
});
