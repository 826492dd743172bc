import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { Ticket, TicketReceipt, TicketValidationError } from '../../contract/ticket-api.ts';
import type { CreateTicketRequest } from '../../contract/ticket-api.ts';
import { databasePath } from '../data-dir.ts';
import { createTestWorkstation, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { ticketKit } from '../tickets/ticket-fixtures.ts';
import type { TicketKit } from '../tickets/ticket-fixtures.ts';

const DAY = 86_400_000;

/** The complaint clock, recusal and attribution of tickets delivered after sign-out, over real HTTPS. */
describe('tickets: complaints and filing sessions', () => {
  let t: TestInstitution;
  let kit: TicketKit;
  beforeAll(async () => {
    t = await startTestInstitution();
    kit = await ticketKit(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, token: string) => t.client.request('GET', `${API_PREFIX}${path}`, { token });
  const post = (path: string, token: string, json: unknown) => t.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const expectError = (response: HttpResponse, status: number, code: string): void => {
    expect(response.status, response.text.slice(0, 300)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const complaint = (about?: string): CreateTicketRequest => ({
    typeId: 'bank-complaint',
    typeVersion: 1,
    createdAt: new Date(t.clock()).toISOString(),
    data: { customerName: '赵六', contactPhone: '010-62345678', category: 'staff', description: '柜员态度差' },
    ...(about === undefined ? {} : { aboutOperatorId: about }),
  });
  const tokens = async () => ({
    agent: (await t.login('A1001', 'Agent#2026')).accessToken,
    supervisor: (await t.login('S2001', 'Super#2026')).accessToken,
    admin: (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken,
  });

  it('runs the regulatory clock: due in 15 days, overdue after, extended to 30, then +30 with another processor’s approval', async () => {
    const before = await tokens();
    const filedAt = t.clock();
    const receipt = TicketReceipt.parse((await kit.file(before.agent, complaint())).json);
    const read = async (token: string) => Ticket.parse((await get(`/tickets/${receipt.id}`, token)).json).complaint;
    expect(await read(before.supervisor)).toEqual({ dueAt: new Date(filedAt + 15 * DAY).toISOString(), extensions: 0, approvedBy: null, overdue: false, aboutOperatorId: null });
    t.clock.advance(16 * DAY);
    // Access tokens expired meanwhile: sign in again at the later time.
    const { agent, supervisor, admin } = await tokens();
    expect((await read(supervisor))?.overdue).toBe(true);
    const first = Ticket.parse((await post(`/tickets/${receipt.id}/extend`, supervisor, { reason: '需调取监控' })).json).complaint;
    expect(first).toMatchObject({ dueAt: new Date(filedAt + 30 * DAY).toISOString(), extensions: 1, overdue: false });
    expectError(await post(`/tickets/${receipt.id}/extend`, supervisor, { reason: '仍需调查' }), 409, 'conflict');
    expectError(await post(`/tickets/${receipt.id}/extend`, supervisor, { reason: '仍需调查', approvedBy: 'S2001' }), 409, 'conflict');
    expectError(await post(`/tickets/${receipt.id}/extend`, supervisor, { reason: '仍需调查', approvedBy: 'A1001' }), 409, 'conflict');
    const second = Ticket.parse((await post(`/tickets/${receipt.id}/extend`, supervisor, { reason: '仍需调查', approvedBy: 'ADM01' })).json).complaint;
    expect(second).toMatchObject({ dueAt: new Date(filedAt + 60 * DAY).toISOString(), extensions: 2, approvedBy: 'ADM01' });
    expectError(await post(`/tickets/${receipt.id}/extend`, admin, { reason: '再延', approvedBy: 'S2001' }), 409, 'conflict');
    expectError(await post(`/tickets/${receipt.id}/extend`, agent, { reason: '再延' }), 403, 'forbidden');
    // Not a complaint: no clock to extend.
    const plain = TicketReceipt.parse((await kit.file(agent, await kit.cardLoss())).json);
    expectError(await post(`/tickets/${plain.id}/extend`, supervisor, { reason: 'x延期' }), 409, 'conflict');
  });

  it('recuses the person a complaint is about: they cannot see, handle or be assigned it', async () => {
    const { agent, supervisor, admin } = await tokens();
    const receipt = TicketReceipt.parse((await kit.file(agent, complaint('S2001'))).json);
    expectError(await get(`/tickets/${receipt.id}`, supervisor), 404, 'not_found');
    expectError(await post(`/tickets/${receipt.id}/transition`, supervisor, { to: 'in_progress' }), 404, 'not_found');
    const listed = (await get('/tickets?limit=200', supervisor)).json as { tickets: { id: string }[] };
    expect(listed.tickets.map((x) => x.id)).not.toContain(receipt.id);
    expectError(await post(`/tickets/${receipt.id}/assign`, admin, { assignee: 'S2001' }), 409, 'conflict');
    expectError(await post(`/tickets/${receipt.id}/assign`, admin, { assignee: 'A1001' }), 409, 'conflict');
    expect(Ticket.parse((await post(`/tickets/${receipt.id}/assign`, admin, { assignee: 'ADM01' })).json).assignee).toBe('ADM01');
    expect(Ticket.parse((await post(`/tickets/${receipt.id}/transition`, admin, { to: 'in_progress' })).json).status).toBe('in_progress');
    // Only complaints name someone.
    const body = await kit.cardLoss({ aboutOperatorId: 'S2001' });
    expect(TicketValidationError.parse((await kit.file(agent, body)).json).error.fields).toEqual([{ pointer: '/aboutOperatorId', code: 'not-a-complaint' }]);
  });

  it('attributes a ticket delivered after sign-out to the session it was filed in, if it was created while that session lived', async () => {
    const filer = await t.login('A1001', 'Agent#2026');
    const filingSession = ((await get('/tickets/filing-session', filer.accessToken)).json as { sessionId: string }).sessionId;
    const createdAt = new Date(t.clock()).toISOString();
    const early = await kit.cardLoss({ createdAt, filedInSession: filingSession });
    t.clock.advance(60_000);
    expect((await post('/auth/logout', filer.accessToken, undefined)).status).toBe(204);
    t.clock.advance(60_000);
    const late = await kit.cardLoss({ createdAt: new Date(t.clock()).toISOString(), filedInSession: filingSession });
    // Another operator signs in at the same workstation; its outbox delivers both.
    const { supervisor } = await tokens();
    const delivered = await kit.file(supervisor, early);
    expect(delivered.status, delivered.text).toBe(201);
    const ticket = Ticket.parse((await get(`/tickets/${TicketReceipt.parse(delivered.json).id}`, supervisor)).json);
    expect({ filedBy: ticket.filedBy, filedInSession: ticket.filedInSession }).toEqual({ filedBy: 'A1001', filedInSession: filingSession });
    expect(TicketValidationError.parse((await kit.file(supervisor, late)).json).error.fields).toEqual([{ pointer: '/createdAt', code: 'outside-filing-session' }]);
    const future = await kit.cardLoss({ createdAt: new Date(t.clock() + 3_600_000).toISOString() });
    expect(TicketValidationError.parse((await kit.file(supervisor, future)).json).error.fields).toEqual([{ pointer: '/createdAt', code: 'created-in-future' }]);
    // A session of another workstation cannot be named.
    const other = createTestWorkstation('WS-TEST-02');
    await t.provision(other);
    const elsewhere = await t.login('S2001', 'Super#2026', { workstationId: 'WS-TEST-02' });
    expect(TicketValidationError.parse((await kit.file(elsewhere.accessToken, early)).json).error.fields).toEqual([{ pointer: '/filedInSession', code: 'filing-session-unknown' }]);
    const rows = (() => {
      const db = new Database(databasePath(t.dataDir), { readonly: true });
      try {
        return db.prepare('select revoked_at from sessions where id = ?').get(filingSession) as { revoked_at: number | null };
      } finally {
        db.close();
      }
    })();
    expect(rows.revoked_at).toBe(Date.parse(createdAt) + 60_000);
  });
});
