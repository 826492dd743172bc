import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { TicketReceipt, TicketValidationError } from '../../contract/ticket-api.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { ticketKit } from '../tickets/ticket-fixtures.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** U+202E RIGHT-TO-LEFT OVERRIDE: "陈静‮exe.txt" shows as "陈静txt.exe". */
const RLO = '\u202E';
const DISGUISES = [`陈静${RLO}exe.txt`, '陈\u200B静', '陈静\u2066', '\uFEFF陈静', '陈\u061C静', '陈静\u0085', '陈静\n'];

/**
 * Human-visible names refuse bidi, invisible and control characters (clean-text.ts) on every
 * way in, with the field named in the 400, over real HTTPS; real names still pass.
 */
describe('names: no bidi-override, invisible or control characters', () => {
  const env = useTestInstitution({}, { admin: true });

  const post = (path: string, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}${path}`, { token: env.admin, json });
  const refusedAt = (response: HttpResponse, field: string): void => {
    expect(response.status, response.text.slice(0, 300)).toBe(400);
    const { error } = ApiError.parse(response.json);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(field);
    expect(error.message).toContain('invisible');
  };

  it('operator display names and team names', async () => {
    let n = 0;
    const operator = (over: Record<string, unknown>) => ({ id: `NM${String(++n).padStart(3, '0')}`, displayName: '欧阳娜娜', password: 'Names#2026', roles: ['agent'], team: 'team-1', teamName: '信用卡客服一组', ...over });
    for (const bad of DISGUISES) {
      refusedAt(await post('/admin/operators', operator({ displayName: bad })), 'displayName');
      refusedAt(await post('/admin/operators', operator({ teamName: bad })), 'teamName');
    }
    refusedAt(await post('/admin/operators', operator({ team: `team${RLO}1` })), 'team');
    for (const good of ['欧阳娜娜', 'Mary-Jane O’Neil', '𠮷田 太郎', 'José Núñez']) {
      const created = await post('/admin/operators', operator({ displayName: good }));
      expect(created.status, created.text.slice(0, 300)).toBe(201);
    }
  });

  it('knowledge-base space names and article titles', async () => {
    for (const bad of DISGUISES) {
      refusedAt(await post('/kb/spaces', { id: 'hidden-space', nameZh: bad, nameEn: 'Hidden', readRoles: ['agent'] }), 'nameZh');
      refusedAt(await post('/kb/spaces', { id: 'hidden-space', nameZh: '外汇', nameEn: `FX${bad}`, readRoles: ['agent'] }), 'nameEn');
      refusedAt(await post('/kb/articles', { spaceId: 'service', title: `转接规范${bad}`, body: '先说明原因。', mandatory: false }), 'title');
    }
    expect((await post('/kb/spaces', { id: 'fx-space', nameZh: '外汇业务（夜班）', nameEn: 'Foreign exchange · night', readRoles: ['agent'] })).status).toBe(201);
  });

  it('ticket type names and the labels of their fields, with pointers', async () => {
    const schema = { type: 'object', properties: { reason: { type: 'string', maxLength: 20, title: '原因', enum: ['lost', 'stolen'] } }, additionalProperties: false };
    const base = { id: 'names-type', businessLine: 'bank', name: { 'zh-CN': '挂失', 'en-US': 'Loss' }, complaint: false, schema, uiSchema: {} };
    const fields = (r: HttpResponse) => {
      expect(r.status, r.text.slice(0, 300)).toBe(400);
      return TicketValidationError.parse(r.json).error.fields;
    };
    for (const bad of DISGUISES) expect(fields(await post('/tickets/types', { ...base, name: { 'zh-CN': '挂失', 'en-US': bad } }))).toEqual([{ pointer: '/name/en-US', code: 'custom' }]);
    const ui = { reason: { 'ui:title': { 'zh-CN': `原因${RLO}`, 'en-US': 'Reason' }, 'ui:enumNames': [{ 'zh-CN': '遗失', 'en-US': 'Lost' }, { 'zh-CN': '被\u200B盗', 'en-US': 'Stolen' }], 'ui:help': { 'zh-CN': '第一行\n第二行', 'en-US': `Two${RLO} lines` } } };
    expect(fields(await post('/tickets/types', { ...base, uiSchema: ui }))).toEqual([
      { pointer: '/uiSchema/reason/ui:title/zh-CN', code: 'text-not-clean' },
      { pointer: '/uiSchema/reason/ui:enumNames/1/zh-CN', code: 'text-not-clean' },
      { pointer: '/uiSchema/reason/ui:help/en-US', code: 'text-not-clean' },
    ]);
    const hiddenTitle = { ...schema, properties: { reason: { ...schema.properties.reason, title: `原${RLO}因`, enum: ['lost', 'sto\u2067len'] } } };
    expect(fields(await post('/tickets/types', { ...base, schema: hiddenTitle }))).toEqual([
      { pointer: '/schema/properties/reason/title', code: 'text-not-clean' },
      { pointer: '/schema/properties/reason/enum/1', code: 'text-not-clean' },
    ]);
    const clean = { reason: { 'ui:title': { 'zh-CN': '原因', 'en-US': 'Reason' }, 'ui:help': { 'zh-CN': '第一行\n第二行', 'en-US': 'Two\nlines' } } };
    const created = await post('/tickets/types', { ...base, uiSchema: clean });
    expect(created.status, created.text.slice(0, 300)).toBe(201);
  });

  it('reasons and notes staff write on a ticket (they are copied into the audit trail)', async () => {
    const kit = await ticketKit(env.institution);
    const agent = (await env.institution.login('A1001', 'Agent#2026')).accessToken;
    const filed = await kit.file(agent, await kit.cardLoss());
    expect(filed.status, filed.text.slice(0, 300)).toBe(201);
    const id = TicketReceipt.parse(filed.json).id;
    refusedAt(await post(`/tickets/${id}/transition`, { to: 'in_progress', note: `已核实${RLO}` }), 'note');
    refusedAt(await post(`/tickets/${id}/reveal`, { pointer: '/cardNumber', reason: `核对卡号\u200B` }), 'reason');
    expect((await post(`/tickets/${id}/transition`, { to: 'in_progress', note: '已核实，\n客户已回电' })).status).toBe(200);
  });
});
