import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../contract/api.ts';
import { TicketReceipt, TicketsResponse, TicketValidationError } from '../../contract/ticket-api.ts';
import type { CreateTicketRequest } from '../../contract/ticket-api.ts';
import { totpCodeForSecret } from '../auth/totp.ts';
import { VALID_CARD, VALID_ID } from '../tickets/ticket-fixtures.ts';
import { encodeTicketCursor } from '../tickets/ticket-views.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** GET /tickets?q=: what a search matches, that it never widens the list, and its cursors, over real HTTPS. */
describe('tickets: list search (q)', () => {
  let otherAgent: string;
  const ids = { mine: '', assigned: '', others: '', complaint: '' };
  const env = useTestInstitution({}, { tickets: true, admin: true, signIn: ['agent', 'supervisor'] });
  beforeAll(async () => {
    otherAgent = (await env.institution.login('A1002', 'Agent#2026', { totp: totpCodeForSecret('JBSWY3DPEHPK3PXP', env.institution.clock()) })).accessToken;
    const file = async (token: string, body: CreateTicketRequest): Promise<string> => {
      const filed = await env.kit.file(token, body);
      expect(filed.status, filed.text.slice(0, 300)).toBe(201);
      return TicketReceipt.parse(filed.json).id;
    };
    ids.mine = await file(env.agent, await env.kit.cardLoss({}, { holderName: '周杰', mobile: '13911112222' }));
    ids.assigned = await file(env.agent, await env.kit.cardLoss({}, { holderName: '钱多多', mobile: '13922223333' }));
    ids.others = await file(otherAgent, await env.kit.cardLoss({}, { holderName: '孙悟空', mobile: '13933334444' }));
    ids.complaint = await file(env.agent, {
      typeId: 'bank-complaint',
      typeVersion: 1,
      createdAt: new Date(env.institution.clock()).toISOString(),
      data: { customerName: '赵六', contactPhone: '010-62345678', category: 'staff', description: '柜员态度差 50%_off' },
    });
    const assigned = await env.institution.client.request('POST', `${API_PREFIX}/tickets/${ids.assigned}/assign`, { token: env.supervisor, json: { assignee: 'ADM01' } });
    expect(assigned.status, assigned.text.slice(0, 300)).toBe(200);
  });

  const list = async (token: string, params: Record<string, string>): Promise<TicketsResponse> => {
    const response = await env.institution.client.request('GET', `${API_PREFIX}/tickets?${new URLSearchParams(params).toString()}`, { token });
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    return TicketsResponse.parse(response.json);
  };
  const found = async (token: string, q: string): Promise<string[]> => (await list(token, { q, limit: '200' })).tickets.map((x) => x.id).sort();
  const refused = async (token: string, query: string, pointer: string): Promise<void> => {
    const response = await env.institution.client.request('GET', `${API_PREFIX}/tickets?${query}`, { token });
    expect(response.status, `${query} → ${response.text.slice(0, 200)}`).toBe(400);
    expect(TicketValidationError.parse(response.json).error.fields.map((f) => f.pointer)).toEqual([pointer]);
  };
  const sorted = (...xs: string[]): string[] => [...xs].sort();

  it('matches the ticket id by prefix only, case-insensitively', async () => {
    expect(await found(env.supervisor, ids.others.toLowerCase())).toEqual([ids.others]);
    expect(await found(env.supervisor, ` ${ids.others.slice(0, 27)} `)).toContain(ids.others);
    expect(await found(env.supervisor, ids.others.slice(3))).toEqual([]);
  });

  it('matches the type’s name in Chinese and English', async () => {
    expect(await found(env.supervisor, '挂失')).toEqual(sorted(ids.mine, ids.assigned, ids.others));
    expect(await found(env.supervisor, 'CARD LOSS')).toEqual(sorted(ids.mine, ids.assigned, ids.others));
    expect(await found(env.supervisor, '投诉')).toEqual([ids.complaint]);
    expect(await found(env.supervisor, 'complaint')).toEqual([ids.complaint]);
  });

  it('matches the handler’s and the filer’s display name or id', async () => {
    expect(await found(env.supervisor, '陈静')).toEqual([ids.assigned]);
    expect(await found(env.supervisor, 'adm01')).toEqual([ids.assigned]);
    expect(await found(env.supervisor, '李娜')).toEqual([ids.others]);
    expect(await found(env.supervisor, 'A1002')).toEqual([ids.others]);
    expect(await found(env.supervisor, '王小明')).toEqual(sorted(ids.mine, ids.assigned, ids.complaint));
  });

  it('matches plain field values, never sealed ones (nor their hints)', async () => {
    expect(await found(env.supervisor, '孙悟空')).toEqual([ids.others]);
    expect(await found(env.supervisor, '13922223333')).toEqual([ids.assigned]);
    expect(await found(env.supervisor, '态度差')).toEqual([ids.complaint]);
    for (const sealed of [VALID_CARD, VALID_CARD.slice(0, 6), '0128', VALID_ID, '002x']) expect(await found(env.admin, sealed)).toEqual([]);
  });

  it('takes % and _ literally', async () => {
    expect(await found(env.supervisor, '%')).toEqual([ids.complaint]);
    expect(await found(env.supervisor, '50%_')).toEqual([ids.complaint]);
    expect(await found(env.supervisor, '_')).toEqual([ids.complaint]);
  });

  it('never reveals a ticket the caller could not list', async () => {
    expect(await found(env.agent, '孙悟空')).toEqual([]);
    expect(await found(env.agent, '李娜')).toEqual([]);
    expect(await found(env.agent, '挂失')).toEqual(sorted(ids.mine, ids.assigned));
    expect(await found(otherAgent, '挂失')).toEqual([ids.others]);
    expect(await found(otherAgent, '周杰')).toEqual([]);
  });

  it('combines with the status and type filters', async () => {
    expect((await list(env.supervisor, { q: '王小明', type: 'bank-complaint' })).tickets.map((x) => x.id)).toEqual([ids.complaint]);
    expect((await list(env.supervisor, { q: '王小明', status: 'closed' })).tickets).toEqual([]);
  });

  it('pages a search with a cursor bound to the same q; another q’s cursor is refused', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let round = 0; round < 5; round += 1) {
      const page: TicketsResponse = await list(env.supervisor, { q: '挂失', limit: '1', ...(cursor === null ? {} : { before: cursor }) });
      seen.push(...page.tickets.map((x) => x.id));
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(seen.sort()).toEqual(sorted(ids.mine, ids.assigned, ids.others));
    const first = (await list(env.supervisor, { q: '挂失', limit: '1' })).nextCursor ?? '';
    expect(first).not.toBe('');
    await refused(env.supervisor, `q=${encodeURIComponent('孙悟空')}&before=${first}`, '/query/before');
    await refused(env.supervisor, `before=${first}`, '/query/before');
    const unsearched = (await list(env.supervisor, { limit: '1' })).nextCursor ?? '';
    await refused(env.supervisor, `q=x&before=${unsearched}`, '/query/before');
    await refused(env.supervisor, `q=x&before=${encodeTicketCursor({ received_at: 1, id: ids.mine })}`, '/query/before');
  });

  it('refuses a bad q with 400 at /query/q', async () => {
    for (const q of ['', '   ', 'x'.repeat(65), 'a\u200bb', 'a\u202eb', 'a\nb', '\u0000']) await refused(env.supervisor, `q=${encodeURIComponent(q)}`, '/query/q');
    await refused(env.supervisor, 'q=a&q=b', '/query/q');
    expect(await found(env.supervisor, `${'x'.repeat(64)}`)).toEqual([]);
  });

  it('property: any q answers 200 with a subset of the unfiltered list, or 400 — never a 5xx', async () => {
    const tokens = [env.agent, otherAgent, env.supervisor, env.admin];
    const unfiltered = await Promise.all(tokens.map(async (token) => new Set((await list(token, { limit: '200' })).tickets.map((x) => x.id))));
    const q = fc.oneof(fc.string({ maxLength: 70 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('%', '_', '挂失', '王', 'T-', '0128', ' a ', '\\', "'"));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: tokens.length - 1 }), q, async (who, text) => {
        const response = await env.institution.client.request('GET', `${API_PREFIX}/tickets?q=${encodeURIComponent(text)}`, { token: tokens[who] as string });
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) return;
        for (const ticket of TicketsResponse.parse(response.json).tickets) expect(unfiltered[who]?.has(ticket.id)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
