import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, PushEvent, StaffActionPage } from '../../contract/api.ts';
import { Ticket, TicketReceipt, TicketTypesResponse, TicketTypeVersion, TicketValidationError } from '../../contract/ticket-api.ts';
import { databasePath } from '../data-dir.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { VALID_CARD, VALID_ID } from '../tickets/ticket-fixtures.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** Tickets over real HTTPS against the demo seed (seed/demo-tickets.ts), with a real SQLite file. */
describe('tickets API', () => {
  const env = useTestInstitution({}, { tickets: true, admin: true, signIn: ['agent', 'supervisor', 'qa'] });

  const get = (path: string, token: string) => env.institution.client.request('GET', `${API_PREFIX}${path}`, { token });
  const post = (path: string, token: string, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const fields = (response: HttpResponse) => {
    expect(response.status, response.text.slice(0, 400)).toBe(400);
    return TicketValidationError.parse(response.json).error.fields;
  };
  const expectError = (response: HttpResponse, status: number, code: string): void => {
    expect(response.status, response.text.slice(0, 300)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const readDb = <T>(read: (db: Database.Database) => T): T => {
    const db = new Database(databasePath(env.institution.dataDir), { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };
  const fileOk = async (token: string, body: unknown): Promise<string> => {
    const response = await env.kit.file(token, body);
    expect(response.status, response.text.slice(0, 400)).toBe(201);
    return TicketReceipt.parse(response.json).id;
  };

  it('publishes the ticket key in the signed site profile and lists the five demo types in both languages', async () => {
    expect(env.kit.kid).toMatch(/^[0-9a-f]{16}$/);
    const { types } = TicketTypesResponse.parse((await get('/tickets/types', env.agent)).json);
    expect(types.map((x) => x.id).sort()).toEqual(['bank-appointment', 'bank-card-loss', 'bank-complaint', 'broker-account-inquiry', 'insurer-claim-report']);
    expect(types.find((x) => x.id === 'bank-card-loss')?.name).toEqual({ 'zh-CN': '银行卡挂失', 'en-US': 'Card loss report' });
    expect(types.filter((x) => x.complaint).map((x) => x.id)).toEqual(['bank-complaint']);
    expectError(await get('/tickets/types', env.qa), 403, 'forbidden');
  });

  it('stores ciphertext only, answers a replay with the first receipt and a reused key with another body 409', async () => {
    const body = await env.kit.cardLoss();
    const key = randomUUID();
    const first = await env.kit.file(env.agent, body, key);
    expect(first.status, first.text).toBe(201);
    const receipt = TicketReceipt.parse(first.json);
    expect(receipt.replayed).toBe(false);
    const again = await env.kit.file(env.agent, body, key);
    expect(again.status).toBe(200);
    expect(TicketReceipt.parse(again.json)).toEqual({ ...receipt, replayed: true });
    // Same body in another key order is the same body.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(TicketReceipt.parse((await env.kit.file(env.agent, reordered, key)).json).id).toBe(receipt.id);
    expectError(await env.kit.file(env.agent, { ...body, data: { ...body.data, holderName: '李四' } }, key), 409, 'conflict');
    expectError(await env.kit.file(env.agent, { ...body, data: { ...body.data, mobile: 'bad' } }, key), 409, 'conflict');
    const stored = readDb((db) => db.prepare('select data from tickets where idempotency_key = ?').all(key) as { data: string }[]);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.data).not.toContain(VALID_CARD);
    expect(stored[0]?.data).not.toContain(VALID_ID.slice(0, 14));
    expect(stored[0]?.data).toContain('"hint":"0128"');
    const ticket = Ticket.parse((await get(`/tickets/${receipt.id}`, env.agent)).json);
    expect(ticket).toMatchObject({ status: 'new', filedBy: 'A1001', typeVersion: 1, complaint: null });
    expect(fields(await env.kit.file(env.agent, body, 'short'))).toEqual([{ pointer: '/headers/idempotency-key', code: 'idempotency-key-required' }]);
  });

  it('reports every invalid field with a pointer and a code', async () => {
    const body = await env.kit.cardLoss({}, { mobile: '12345', lostOn: '2026-02-30', extra: 1 });
    const { holderName: _drop, ...withoutName } = body.data;
    const errors = fields(await env.kit.file(env.agent, { ...body, data: { ...withoutName } }));
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/data/holderName', code: 'required' },
        { pointer: '/data/extra', code: 'additionalProperties' },
        { pointer: '/data/mobile', code: 'format:cn-mobile' },
        { pointer: '/data/lostOn', code: 'format:date' },
      ]),
    );
    expect(fields(await env.kit.file(env.agent, { ...body, typeVersion: 99 }))).toEqual([{ pointer: '/typeVersion', code: 'unknown-type-version' }]);
    expect(fields(await env.kit.file(env.agent, { ...body, surprise: true }))).toEqual([{ pointer: '/surprise', code: 'unrecognized_keys' }]);
    // A plaintext card where the schema wants a sealed one.
    expect(fields(await env.kit.file(env.agent, await env.kit.cardLoss({}, { cardNumber: VALID_CARD })))).toEqual([{ pointer: '/data/cardNumber', code: 'envelope-not-object' }]);
  });

  it('opens sealed fields at intake: a Luhn-invalid card, a forged or moved ciphertext, an unknown key id or a false hint are refused', async () => {
    const badCard = await env.kit.seal('6222021234567890127', 'bank-card-loss', 1, '/cardNumber', '0127');
    expect(fields(await env.kit.file(env.agent, await env.kit.cardLoss({}, { cardNumber: badCard })))).toEqual([{ pointer: '/data/cardNumber', code: 'format:bank-card' }]);
    const good = await env.kit.seal(VALID_CARD, 'bank-card-loss', 1, '/cardNumber', '0128');
    const forged = { ...good, ct: `${good.ct.slice(0, -2)}${good.ct.endsWith('AA') ? 'BA' : 'AA'}` };
    expect(fields(await env.kit.file(env.agent, await env.kit.cardLoss({}, { cardNumber: forged })))).toEqual([{ pointer: '/data/cardNumber', code: 'sealed-invalid' }]);
    const moved = await env.kit.seal(VALID_CARD, 'bank-card-loss', 1, '/idNumber', '0128');
    expect(fields(await env.kit.file(env.agent, await env.kit.cardLoss({}, { cardNumber: moved })))).toEqual([{ pointer: '/data/cardNumber', code: 'sealed-invalid' }]);
    expect(fields(await env.kit.file(env.agent, await env.kit.cardLoss({}, { cardNumber: { ...good, kid: 'ffffffffffffffff' } })))).toEqual([{ pointer: '/data/cardNumber', code: 'envelope-kid-unknown' }]);
    const lying = await env.kit.seal(VALID_CARD, 'bank-card-loss', 1, '/cardNumber', '9999');
    expect(fields(await env.kit.file(env.agent, await env.kit.cardLoss({}, { cardNumber: lying })))).toEqual([{ pointer: '/data/cardNumber', code: 'hint-mismatch' }]);
  });

  it('moves status by the table, role-gated; the filer sees each change pushed, QA hears nothing', async () => {
    const id = await fileOk(env.agent, await env.kit.cardLoss());
    const agentStream = await env.institution.events(env.agent);
    const qaStream = await env.institution.events(env.qa);
    await agentStream.next();
    await qaStream.next(); // the snapshots
    expectError(await post(`/tickets/${id}/transition`, env.agent, { to: 'in_progress' }), 403, 'forbidden');
    expectError(await post(`/tickets/${id}/transition`, env.supervisor, { to: 'resolved' }), 409, 'conflict');
    const steps = ['in_progress', 'resolved', 'closed', 'in_progress', 'resolved'] as const;
    for (const to of steps) {
      expect(Ticket.parse((await post(`/tickets/${id}/transition`, env.supervisor, { to })).json).status).toBe(to);
      const pushed = PushEvent.parse(JSON.parse((await agentStream.next()).data));
      expect(pushed).toEqual({ type: 'ticket-changed', ticketId: id, typeId: 'bank-card-loss', status: to, change: 'status' });
    }
    await expect(qaStream.next(300)).rejects.toThrow();
    expectError(await get(`/tickets/${id}`, env.qa), 404, 'not_found');
    agentStream.close();
    qaStream.close();
    const comment = await post(`/tickets/${id}/comments`, env.agent, { body: '客户已来电确认' });
    expect(comment.status).toBe(201);
    expect(((await get(`/tickets/${id}/comments`, env.supervisor)).json as { comments: unknown[] }).comments).toHaveLength(1);
  });

  it('refuses NUL, other control characters and lone surrogates in comments, notes and reasons (400), storing nothing', async () => {
    const id = await fileOk(env.agent, await env.kit.cardLoss());
    for (const bad of ['a\u0000b', 'a\u001bb', '\ud800x', 'x\udc00', 'a\u0085b']) {
      expectError(await post(`/tickets/${id}/comments`, env.agent, { body: bad }), 400, 'bad_request');
      expectError(await post(`/tickets/${id}/transition`, env.supervisor, { to: 'in_progress', note: bad }), 400, 'bad_request');
      expectError(await post(`/tickets/${id}/extend`, env.supervisor, { reason: bad }), 400, 'bad_request');
      expectError(await post(`/tickets/${id}/reveal`, env.admin, { pointer: '/cardNumber', reason: `核实${bad}` }), 400, 'bad_request');
    }
    expect(((await get(`/tickets/${id}/comments`, env.agent)).json as { comments: unknown[] }).comments).toEqual([]);
    expect(Ticket.parse((await get(`/tickets/${id}`, env.agent)).json).status).toBe('new');
    // Line breaks and tabs are text.
    expect((await post(`/tickets/${id}/comments`, env.agent, { body: '客户已来电\n\t确认 😀' })).status).toBe(201);
  });

  it('refuses NUL, other control characters and lone surrogates in ticket data, with the field pointer', async () => {
    for (const bad of ['王\u0000明', '王\u0007明', '王\ud800', '\udfff明']) {
      expect(fields(await env.kit.file(env.agent, await env.kit.cardLoss({}, { holderName: bad })))).toEqual([{ pointer: '/data/holderName', code: 'text-not-clean' }]);
    }
  });

  it('reveals a sealed field to tickets.reveal with a reason; refuses and audits everyone else', async () => {
    const id = await fileOk(env.agent, await env.kit.cardLoss());
    const revealed = await post(`/tickets/${id}/reveal`, env.admin, { pointer: '/cardNumber', reason: '客户申请补卡核对卡号' });
    expect(revealed.status, revealed.text).toBe(200);
    expect(revealed.json).toEqual({ pointer: '/cardNumber', value: VALID_CARD });
    expect((await post(`/tickets/${id}/reveal`, env.admin, { pointer: '/idNumber', reason: '核对身份' })).json).toEqual({ pointer: '/idNumber', value: VALID_ID });
    expectError(await post(`/tickets/${id}/reveal`, env.admin, { pointer: '/holderName', reason: '核对身份' }), 404, 'not_found');
    expectError(await post(`/tickets/${id}/reveal`, env.admin, { pointer: '/cardNumber' }), 400, 'bad_request');
    expectError(await post(`/tickets/${id}/reveal`, env.admin, { pointer: '/cardNumber', reason: '看' }), 400, 'bad_request');
    expectError(await post(`/tickets/${id}/reveal`, env.supervisor, { pointer: '/cardNumber', reason: '想看看' }), 403, 'forbidden');
    expectError(await post(`/tickets/${id}/reveal`, env.agent, { pointer: '/cardNumber', reason: '想看看' }), 403, 'forbidden');
    const history = readDb((db) => db.prepare('select operator_id, kind, detail from ticket_history where ticket_id = ? and kind like ? order by n').all(id, 'ticket-reveal%'));
    expect(history).toEqual([
      { operator_id: 'ADM01', kind: 'ticket-revealed', detail: '/cardNumber 客户申请补卡核对卡号' },
      { operator_id: 'ADM01', kind: 'ticket-revealed', detail: '/idNumber 核对身份' },
      { operator_id: 'S2001', kind: 'ticket-reveal-refused', detail: '/cardNumber 想看看' },
      { operator_id: 'A1001', kind: 'ticket-reveal-refused', detail: '/cardNumber 想看看' },
    ]);
    const staff = readDb((db) => db.prepare("select type, operator_id from staff_actions where subject = ? order by n").all(`ticket:${id}`));
    expect(staff).toEqual([
      { type: 'ticket-revealed', operator_id: 'ADM01' },
      { type: 'ticket-revealed', operator_id: 'ADM01' },
      { type: 'ticket-reveal-refused', operator_id: 'S2001' },
      { type: 'ticket-reveal-refused', operator_id: 'A1001' },
    ]);
    // Workstation sessions also land in that workstation's server events (the console reveal has none).
    const serverEvents = readDb((db) => db.prepare("select type, operator_id from server_events where type like 'ticket-%' and detail like ? order by n").all(`${id}%`));
    expect(serverEvents).toEqual([
      { type: 'ticket-reveal-refused', operator_id: 'S2001' },
      { type: 'ticket-reveal-refused', operator_id: 'A1001' },
    ]);
    const stored = readDb((db) => db.prepare('select detail from ticket_history where ticket_id = ?').all(id) as { detail: string }[]);
    expect(stored.some((r) => r.detail.includes(VALID_CARD))).toBe(false);
  });

  it('keeps tickets filed under an older type version valid when a new version changes the form', async () => {
    const v1 = TicketTypeVersion.parse((await get('/tickets/types/bank-appointment/versions/1', env.agent)).json);
    const schema = structuredClone(v1.schema) as { properties: Record<string, unknown>; required: string[] };
    schema.properties.email = { type: 'string', maxLength: 80, format: 'email' };
    schema.required.push('email');
    const created = await post('/tickets/types/bank-appointment/versions', env.admin, { schema, uiSchema: v1.uiSchema });
    expect(created.status, created.text).toBe(201);
    expect(TicketTypeVersion.parse(created.json).version).toBe(2);
    const data = { customerName: '张三', mobile: '13912345678', service: 'wealth-advice', branch: '朝阳支行', date: '2026-12-03', slot: 'am' };
    const at = new Date(env.institution.clock()).toISOString();
    await fileOk(env.agent, { typeId: 'bank-appointment', typeVersion: 1, createdAt: at, data });
    expect(fields(await env.kit.file(env.agent, { typeId: 'bank-appointment', typeVersion: 2, createdAt: at, data }))).toEqual([{ pointer: '/data/email', code: 'required' }]);
    await fileOk(env.agent, { typeId: 'bank-appointment', typeVersion: 2, createdAt: at, data: { ...data, email: 'zhang@example.com' } });
    expectError(await post('/tickets/types/bank-appointment/versions', env.supervisor, { schema, uiSchema: {} }), 403, 'forbidden');
    // Form definitions are staff actions: who defined a type or a version is in the log; a refused one is not.
    const copy = await post('/tickets/types', env.admin, { id: 'bank-appointment-copy', businessLine: 'bank', name: { 'zh-CN': '预约受理（副本）', 'en-US': 'Appointment (copy)' }, complaint: false, schema: v1.schema, uiSchema: v1.uiSchema });
    expect(copy.status, copy.text).toBe(201);
    const log = StaffActionPage.parse((await get('/admin/audit/staff-actions?limit=500', env.qa)).json).actions.filter((a) => a.type.startsWith('ticket-type-'));
    expect(log.map((a) => [a.type, a.operatorId, a.subject, a.detail])).toEqual([
      ['ticket-type-version-added', 'ADM01', 'ticket-type:bank-appointment', 'v2 bank'],
      ['ticket-type-created', 'ADM01', 'ticket-type:bank-appointment-copy', 'v1 bank'],
    ]);
  });

  it('refuses a type definition that breaks the rules, with pointers into the schema', async () => {
    const base = { id: 'bad-type', businessLine: 'bank', name: { 'zh-CN': '坏', 'en-US': 'Bad' }, complaint: false, uiSchema: {} };
    const open = { type: 'object', properties: { a: { type: 'string', maxLength: 5 } } };
    expect(fields(await post('/tickets/types', env.admin, { ...base, schema: open }))).toEqual([{ pointer: '/schema', code: 'object-not-closed' }]);
    const unbounded = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false };
    expect(fields(await post('/tickets/types', env.admin, { ...base, schema: unbounded }))).toEqual([{ pointer: '/schema/properties/a', code: 'string-without-maxlength' }]);
    const hinted = { type: 'object', properties: { a: { type: 'string', maxLength: 5, 'x-hint': 'last4' } }, additionalProperties: false };
    expect(fields(await post('/tickets/types', env.admin, { ...base, schema: hinted }))).toEqual([{ pointer: '/schema/properties/a/x-hint', code: 'hint-not-allowed' }]);
    const unknownKeyword = { type: 'object', properties: { a: { type: 'string', maxLength: 5, widget: 'x' } }, additionalProperties: false };
    // Outside the keyword subset every desk's form interpreter knows (contract/ticket-form-subset.ts): named where it stands.
    expect(fields(await post('/tickets/types', env.admin, { ...base, schema: unknownKeyword }))).toEqual([{ pointer: '/schema/properties/a/widget', code: 'keyword-not-supported' }]);
    const oneOf = { type: 'object', properties: { a: { type: 'string', maxLength: 5, oneOf: [{ format: 'cn-mobile' }] } }, additionalProperties: false };
    expect(fields(await post('/tickets/types', env.admin, { ...base, schema: oneOf }))).toEqual([{ pointer: '/schema/properties/a/oneOf', code: 'keyword-not-supported' }]);
    const remote = { type: 'object', properties: { a: { $ref: 'https://example.com/s.json' } }, additionalProperties: false };
    expect(fields(await post('/tickets/types', env.admin, { ...base, schema: remote }))).toEqual([{ pointer: '/schema/properties/a/$ref', code: 'ref-not-local' }]);
    expectError(await post('/tickets/types', env.admin, { ...base, id: 'bank-card-loss', schema: { type: 'object', additionalProperties: false } }), 409, 'conflict');
  });
});
