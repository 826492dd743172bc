import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { TicketAssigneesResponse, TicketHistoryResponse, TicketReceipt, TicketsResponse, TicketValidationError } from '../../contract/ticket-api.ts';
import type { CreateTicketRequest } from '../../contract/ticket-api.ts';
import { totpCodeForSecret } from '../auth/totp.ts';
import { databasePath } from '../data-dir.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { VALID_CARD } from '../tickets/ticket-fixtures.ts';
import { decodeTicketCursor, encodeTicketCursor } from '../tickets/ticket-views.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** GET /tickets with filters and cursor paging, GET /tickets/{id}/history and /assignees, over real HTTPS. */
describe('tickets: list paging, history, assignees', () => {
  let otherAgent: string;
  const env = useTestInstitution({}, { tickets: true, admin: true, signIn: ['agent', 'supervisor'] });
  beforeAll(async () => {
    otherAgent = (await env.institution.login('A1002', 'Agent#2026', { totp: totpCodeForSecret('JBSWY3DPEHPK3PXP', env.institution.clock()) })).accessToken;
  });

  const get = (path: string, token?: string) => env.institution.client.request('GET', `${API_PREFIX}${path}`, token === undefined ? {} : { token });
  const post = (path: string, token: string, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const expectError = (response: HttpResponse, status: number, code: string): void => {
    expect(response.status, response.text.slice(0, 300)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const fileCardLoss = async (token = env.agent): Promise<string> => {
    const filed = await env.kit.file(token, await env.kit.cardLoss());
    expect(filed.status, filed.text.slice(0, 300)).toBe(201);
    return TicketReceipt.parse(filed.json).id;
  };
  const complaint = (about?: string): CreateTicketRequest => ({
    typeId: 'bank-complaint',
    typeVersion: 1,
    createdAt: new Date(env.institution.clock()).toISOString(),
    data: { customerName: '赵六', contactPhone: '010-62345678', category: 'staff', description: '柜员态度差' },
    ...(about === undefined ? {} : { aboutOperatorId: about }),
  });

  it('tells staff the whole history with display names, and the filer its life without reveals', async () => {
    const id = await fileCardLoss();
    expect((await post(`/tickets/${id}/transition`, env.supervisor, { to: 'in_progress', note: '已联系客户' })).status).toBe(200);
    expect((await post(`/tickets/${id}/assign`, env.supervisor, { assignee: 'ADM01' })).status).toBe(200);
    expectError(await post(`/tickets/${id}/reveal`, env.supervisor, { pointer: '/cardNumber', reason: '想看看' }), 403, 'forbidden');
    expect((await post(`/tickets/${id}/reveal`, env.admin, { pointer: '/cardNumber', reason: '核实挂失卡号' })).status).toBe(200);
    expect((await post(`/tickets/${id}/assign`, env.supervisor, { assignee: null })).status).toBe(200);

    const staff = await get(`/tickets/${id}/history`, env.supervisor);
    expect(staff.status, staff.text.slice(0, 300)).toBe(200);
    const entries = TicketHistoryResponse.parse(staff.json).entries;
    expect(entries.map((e) => e.kind)).toEqual(['created', 'status', 'assigned', 'reveal-refused', 'revealed', 'assigned']);
    expect(entries[0]).toMatchObject({ operatorId: 'A1001', operatorName: '王小明', typeVersion: 1 });
    expect(entries[1]).toMatchObject({ operatorId: 'S2001', operatorName: '张伟', from: 'new', to: 'in_progress', note: '已联系客户' });
    expect(entries[2]).toMatchObject({ assignee: 'ADM01', assigneeName: '陈静' });
    expect(entries[3]).toMatchObject({ operatorId: 'S2001', pointer: '/cardNumber', reason: '想看看' });
    expect(entries[4]).toMatchObject({ operatorId: 'ADM01', operatorName: '陈静', pointer: '/cardNumber', reason: '核实挂失卡号' });
    expect(entries[5]).toMatchObject({ assignee: null });
    expect(entries.map((e) => e.n)).toEqual([...entries.map((e) => e.n)].sort((a, b) => a - b));
    expect(staff.text).not.toContain(VALID_CARD);
    // The admin (tickets.reveal) is staff too.
    expect(TicketHistoryResponse.parse((await get(`/tickets/${id}/history`, env.admin)).json).entries).toHaveLength(6);

    const filer = await get(`/tickets/${id}/history`, env.agent);
    expect(filer.status).toBe(200);
    const seen = TicketHistoryResponse.parse(filer.json);
    expect(seen.entries.map((e) => e.kind)).toEqual(['created', 'status', 'assigned', 'assigned']);
    expect(seen.truncated).toBe(false);
    // Neither who revealed nor why reaches the filer.
    expect(filer.text).not.toContain('核实挂失卡号');
    expect(filer.text).not.toContain('想看看');
    expect(filer.text).not.toContain('/cardNumber');
  });

  it('names each ticket’s assignee in the list and in GET /tickets/{id}; leaves the name out when the institution has none to give', async () => {
    const named = await fileCardLoss();
    const unnamed = await fileCardLoss();
    const nobody = await fileCardLoss();
    expect((await post(`/tickets/${named}/assign`, env.supervisor, { assignee: 'ADM01' })).status).toBe(200);
    expect((await post(`/tickets/${unnamed}/assign`, env.supervisor, { assignee: 'S2001' })).status).toBe(200);
    // A display name the contract cannot carry (over 80 characters) counts as unknown, as in the history.
    const sqlite = new SQLite(databasePath(env.institution.dataDir));
    const rename = sqlite.prepare('UPDATE operators SET display_name = ? WHERE id = ?');
    const kept = (sqlite.prepare('SELECT display_name FROM operators WHERE id = ?').get('S2001') as { display_name: string }).display_name;
    rename.run('长'.repeat(81), 'S2001');
    try {
      const rows = TicketsResponse.parse((await get('/tickets?limit=200', env.supervisor)).json).tickets;
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(named)).toMatchObject({ assignee: 'ADM01', assigneeName: '陈静' });
      expect(byId.get(unnamed)?.assignee).toBe('S2001');
      expect(byId.get(unnamed)).not.toHaveProperty('assigneeName');
      expect(byId.get(nobody)?.assignee).toBeNull();
      expect(byId.get(nobody)).not.toHaveProperty('assigneeName');
      // The filer's own list and the single ticket (what the desk re-reads after a push) carry it too.
      expect(TicketsResponse.parse((await get('/tickets?limit=200', env.agent)).json).tickets.find((r) => r.id === named)).toMatchObject({ assigneeName: '陈静' });
      expect(TicketsResponse.shape.tickets.element.parse((await get(`/tickets/${named}`, env.agent)).json)).toMatchObject({ assignee: 'ADM01', assigneeName: '陈静' });
      expect(TicketsResponse.shape.tickets.element.parse((await get(`/tickets/${unnamed}`, env.supervisor)).json)).not.toHaveProperty('assigneeName');
    } finally {
      rename.run(kept, 'S2001');
      sqlite.close();
    }
  });

  it('answers history only to whoever may see the ticket: 401, 404 for another agent, a malformed id or the complaint’s subject', async () => {
    const id = await fileCardLoss();
    expectError(await get(`/tickets/${id}/history`), 401, 'unauthorized');
    expectError(await get(`/tickets/${id}/history`, otherAgent), 404, 'not_found');
    expectError(await get(`/tickets/T-NOTANID/history`, env.supervisor), 404, 'not_found');
    expectError(await get(`/tickets/${'T-'}${'0'.repeat(26)}/history`, env.supervisor), 404, 'not_found');
    const about = TicketReceipt.parse((await env.kit.file(env.agent, complaint('S2001'))).json).id;
    expectError(await get(`/tickets/${about}/history`, env.supervisor), 404, 'not_found');
    expect((await get(`/tickets/${about}/history`, env.admin)).status).toBe(200);
  });

  it('lists eligible assignees: active tickets.process holders, not the complaint’s subject; processors only', async () => {
    const id = await fileCardLoss();
    const all = TicketAssigneesResponse.parse((await get(`/tickets/${id}/assignees`, env.supervisor)).json).assignees;
    expect(all).toEqual([
      { operatorId: 'ADM01', displayName: '陈静' },
      { operatorId: 'S2001', displayName: '张伟' },
    ]);
    const about = TicketReceipt.parse((await env.kit.file(env.agent, complaint('S2001'))).json).id;
    expect(TicketAssigneesResponse.parse((await get(`/tickets/${about}/assignees`, env.admin)).json).assignees.map((a) => a.operatorId)).toEqual(['ADM01']);
    expectError(await get(`/tickets/${about}/assignees`, env.supervisor), 404, 'not_found');
    expectError(await get(`/tickets/${id}/assignees`, env.agent), 403, 'forbidden');
    expectError(await get(`/tickets/${id}/assignees`), 401, 'unauthorized');
    expectError(await get(`/tickets/T-bad/assignees`, env.supervisor), 404, 'not_found');

    // A new supervisor appears; disabled, they are gone again (and the assign route agrees).
    const created = await post('/admin/operators', env.admin, { id: 'S2002', displayName: '周杰', password: 'Super#2026x', roles: ['supervisor'], team: null });
    expect(created.status, created.text.slice(0, 300)).toBe(201);
    expect(TicketAssigneesResponse.parse((await get(`/tickets/${id}/assignees`, env.supervisor)).json).assignees.map((a) => a.operatorId)).toEqual(['ADM01', 'S2001', 'S2002']);
    const disabled = await env.institution.client.request('PATCH', `${API_PREFIX}/admin/operators/S2002`, { token: env.admin, json: { disabled: true } });
    expect(disabled.status, disabled.text.slice(0, 300)).toBe(200);
    expect(TicketAssigneesResponse.parse((await get(`/tickets/${id}/assignees`, env.supervisor)).json).assignees.map((a) => a.operatorId)).toEqual(['ADM01', 'S2001']);
    expectError(await post(`/tickets/${id}/assign`, env.supervisor, { assignee: 'S2002' }), 409, 'conflict');
  });

  it('pages the list newest first by an opaque cursor, filtered by type and status, with no ticket twice or missed', async () => {
    // A fresh agent's view: their own tickets only. Same received_at for many (the test clock stands still): the id breaks ties.
    const mine = (await env.institution.login('A1001', 'Agent#2026')).accessToken;
    const before = TicketsResponse.parse((await get('/tickets?limit=200', mine)).json).tickets.length;
    const cards: string[] = [];
    env.institution.clock.advance(1000);
    for (let i = 0; i < 7; i += 1) cards.push(await fileCardLoss(mine));
    env.institution.clock.advance(1000);
    const complaints: string[] = [];
    for (let i = 0; i < 3; i += 1) complaints.push(TicketReceipt.parse((await env.kit.file(mine, complaint())).json).id);

    const walk = async (query: string, token: string): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const response = await get(`/tickets?${query}${cursor === null ? '' : `&before=${cursor}`}`, token);
        expect(response.status, response.text.slice(0, 300)).toBe(200);
        const body = TicketsResponse.parse(response.json);
        expect(body.tickets.length).toBeLessThanOrEqual(3);
        ids.push(...body.tickets.map((x) => x.id));
        cursor = body.nextCursor;
        if (cursor === null) return ids;
      }
      throw new Error('paging did not end');
    };
    const everything = await walk('limit=3', mine);
    expect(everything).toHaveLength(before + 10);
    expect(new Set(everything).size).toBe(everything.length);
    expect(everything.slice(0, 3)).toEqual([...complaints].sort().reverse());
    expect(everything.slice(3, 10)).toEqual([...cards].sort().reverse());

    const onlyComplaints = await walk('limit=3&type=bank-complaint', mine);
    expect(onlyComplaints.slice(0, 3)).toEqual([...complaints].sort().reverse());
    for (const id of onlyComplaints) expect(TicketsResponse.shape.tickets.element.parse((await get(`/tickets/${id}`, mine)).json).typeId).toBe('bank-complaint');
    expect(await walk('limit=3&type=no-such-type', mine)).toEqual([]);
    expect((await post(`/tickets/${cards[0]}/transition`, env.supervisor, { to: 'in_progress' })).status).toBe(200);
    const inProgress = await walk('limit=3&type=bank-card-loss&status=in_progress', mine);
    expect(inProgress[0]).toBe(cards[0]);
    expect(inProgress.filter((id) => cards.includes(id) || complaints.includes(id))).toEqual([cards[0]]);
    // Another agent sees none of these.
    const others = TicketsResponse.parse((await get('/tickets?limit=200', otherAgent)).json).tickets.map((x) => x.id);
    expect(others.filter((id) => cards.includes(id) || complaints.includes(id))).toEqual([]);
  });

  it('refuses a bad list query with 400 and the field, never a 5xx', async () => {
    const cases: [string, string][] = [
      ['limit=0', '/query/limit'],
      ['limit=201', '/query/limit'],
      ['limit=abc', '/query/limit'],
      ['limit=1e2', '/query/limit'],
      ['limit=-1', '/query/limit'],
      ['type=Bad%20Type', '/query/type'],
      ['status=open', '/query/status'],
      ['status=new&status=closed', '/query/status'],
      ['before=%%%', '/query/before'],
      ['before=short', '/query/before'],
      [`before=${'A'.repeat(97)}`, '/query/before'],
      [`before=${Buffer.from('12.T-X', 'latin1').toString('base64url')}`, '/query/before'],
      [`before=${Buffer.from(`1.T-${'0'.repeat(26)}`, 'latin1').toString('base64url')}=`, '/query/before'],
      ['sort=asc', '/query/sort'],
    ];
    for (const [query, pointer] of cases) {
      const response = await get(`/tickets?${query}`, env.supervisor);
      expect(response.status, `${query}: ${response.text.slice(0, 200)}`).toBe(400);
      const fields = TicketValidationError.parse(response.json).error.fields;
      expect(fields.map((f) => f.pointer), query).toContain(pointer);
    }
    expectError(await get('/tickets'), 401, 'unauthorized');
    const huge = await get(`/tickets?type=${'a'.repeat(20_000)}`, env.supervisor);
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
  });

  it('issues cursors that round-trip and refuses non-canonical ones', () => {
    const cursor = encodeTicketCursor({ received_at: 1_764_547_200_000, id: `T-${'1'.repeat(26)}` });
    expect(decodeTicketCursor(cursor)).toEqual({ receivedAt: 1_764_547_200_000, id: `T-${'1'.repeat(26)}` });
    expect(decodeTicketCursor(`${cursor}A`)).toBeNull();
    expect(decodeTicketCursor(Buffer.from('1.T-1', 'latin1').toString('base64url'))).toBeNull();
  });
});
