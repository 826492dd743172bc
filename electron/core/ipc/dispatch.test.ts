import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessDenial } from '../../contract/access.ts';
import { INVOKE_CHANNELS, invokeChannels, type InvokeChannel, type SessionState } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { ApiFailure } from '../api/failure.ts';
import { createDispatcher, type DeskHandlers } from './dispatch.ts';

const operator = {
  id: 'A1001',
  displayName: 'Agent One',
  roles: ['agent' as const],
  permissions: ['calls.handle' as const],
  team: null,
  totpEnabled: false,
  disabled: false,
};
const policy = { idleLockSeconds: 300, watermark: true };

const AT = '2026-11-30T09:00:00.000Z';
const DRAFT_ID = '3f1c2b9e-8d7a-4c6b-9e5f-0a1b2c3d4e5f';
const TICKET_ID = 'T-01JDZ8W7Q6E5R4T3Y2V1K0P9A8';
const ticketType = { typeId: 'bank-card-loss', version: 1, businessLine: 'bank' as const, name: { 'zh-CN': '挂失', 'en-US': 'Loss' }, complaint: false, schema: {}, uiSchema: {}, createdAt: AT, createdBy: 'ADM01' };
const ticket = { id: TICKET_ID, typeId: 'bank-card-loss', typeVersion: 1, status: 'new' as const, data: {}, createdAt: AT, receivedAt: AT, filedBy: 'A1001', filedInSession: DRAFT_ID, workstationId: 'WS-1', assignee: null, call: null, complaint: null, updatedAt: AT };

/** Handlers that answer correctly and check, on every call, that the payload is valid. */
function recordingHandlers() {
  const calls: { channel: InvokeChannel; payload: unknown; valid: boolean }[] = [];
  const note = (channel: InvokeChannel, payload: unknown) =>
    calls.push({ channel, payload, valid: invokeChannels[channel].request.safeParse(payload).success });
  const handlers: DeskHandlers = {
    'session.info': async (p) => {
      note('session.info', p);
      return {
        workstationId: 'WS-1',
        enrollment: 'enrolled',
        institutionName: { 'zh-CN': '银行', 'en-US': 'Bank' },
        connection: 'online',
        session: { status: 'logged-out', reason: null },
        policy,
      };
    },
    'session.login': async (p) => (note('session.login', p), { status: 'active', operator }),
    'session.logout': async (p) => (note('session.logout', p), { status: 'logged-out', reason: 'user' }),
    'session.lock': async (p) => (note('session.lock', p), { status: 'locked', operator }),
    'session.unlock': async (p) => (note('session.unlock', p), { status: 'active', operator }),
    'policy.get': async (p) => (note('policy.get', p), policy),
    'audit.record': async (p) => (note('audit.record', p), null),
    'audit.status': async (p) => (note('audit.status', p), { backlog: 0 }),
    'settings.get': async (p) => (note('settings.get', p), { language: 'zh-CN' }),
    'settings.set': async (p) => (note('settings.set', p), { language: p.language ?? 'zh-CN' }),
    'activity.report': async (p) => (note('activity.report', p), null),
    'activity.hold': async (p) => (note('activity.hold', p), { holdId: 'h-1' }),
    'activity.release': async (p) => (note('activity.release', p), null),
    'system.versions': async (p) => (note('system.versions', p), { app: '0.1.0', electron: null, chrome: null, node: '24.0.0' }),
    'security.ice-servers': async (p) => (note('security.ice-servers', p), { urls: [] }),
    'security.report-ice-refused': async (p) => (note('security.report-ice-refused', p), null),
    'phone.credentials': async (p) => (
      note('phone.credentials', p),
      { username: '1767225600:A1001', password: 'cGFzcw==', expiresAt: 1_767_225_600_000, uri: 'sip:A1001@sip.example', servers: [{ url: 'wss://sbc.example/ws', weight: 10 }] }
    ),
    'phone.report-state': async (p) => (note('phone.report-state', p), null),
    'phone.codes': async (p) => (note('phone.codes', p), { notReadyReasons: [], dispositions: [], wrapUpSeconds: 30 }),
    'phone.lookup-caller': async (p) => (note('phone.lookup-caller', p), { maskedNumber: '*******5678', customer: null }),
    'notify.incoming-call': async (p) => (note('notify.incoming-call', p), { shown: true }),
    'notify.incoming-call-ended': async (p) => (note('notify.incoming-call-ended', p), null),
    'phone.record-call': async (p) => (note('phone.record-call', p), null),
    'kb.spaces': async (p) => (note('kb.spaces', p), { spaces: [] }),
    'kb.search': async (p) => (note('kb.search', p), { hits: [] }),
    'kb.article': async (p) => (
      note('kb.article', p),
      { articleId: 1, spaceId: 'credit-card', version: 1, title: 't', body: '', mandatory: false, publishedAt: '2026-11-30T09:00:00.000Z', publishedBy: 'ADM01' }
    ),
    'kb.mandatory': async (p) => (note('kb.mandatory', p), { pending: [] }),
    'kb.acknowledge': async (p) => (note('kb.acknowledge', p), null),
    'kb.author-spaces': async (p) => (note('kb.author-spaces', p), { spaces: [] }),
    'kb.author-articles': async (p) => (note('kb.author-articles', p), { articles: [] }),
    'kb.history': async (p) => (note('kb.history', p), { articleId: 1, versions: [] }),
    'kb.create-article': async (p) => (note('kb.create-article', p), { articleId: 1, spaceId: 'credit-card', version: 2, status: 'draft' as const, title: 't', body: '', mandatory: false, authorId: 'ADM01', createdAt: '2026-11-30T09:00:00.000Z', publishedAt: null, publishedBy: null }),
    'kb.save-draft': async (p) => (note('kb.save-draft', p), { articleId: 1, spaceId: 'credit-card', version: 2, status: 'draft' as const, title: 't', body: '', mandatory: false, authorId: 'ADM01', createdAt: '2026-11-30T09:00:00.000Z', publishedAt: null, publishedBy: null }),
    'kb.publish': async (p) => (note('kb.publish', p), { articleId: 1, spaceId: 'credit-card', version: 2, status: 'draft' as const, title: 't', body: '', mandatory: false, authorId: 'ADM01', createdAt: '2026-11-30T09:00:00.000Z', publishedAt: null, publishedBy: null }),
    'kb.retire': async (p) => (note('kb.retire', p), { articleId: 1, spaceId: 'credit-card', version: 2, status: 'draft' as const, title: 't', body: '', mandatory: false, authorId: 'ADM01', createdAt: '2026-11-30T09:00:00.000Z', publishedAt: null, publishedBy: null }),
    'kb.unread': async (p) => (note('kb.unread', p), { articleId: 1, version: 1, operators: [] }),
    'kb.image': async (p) => (note('kb.image', p), { mime: 'image/png', base64: 'iVBORw0K' }),
    'kb.author-image': async (p) => (note('kb.author-image', p), { mime: 'image/png', base64: 'iVBORw0K' }),
    'kb.upload-image': async (p) => (note('kb.upload-image', p), { imageId: 'AbCdEfGhIjKlMnOpQrStUv' }),
    'kb.create-space': async (p) => (note('kb.create-space', p), { id: 'fx', nameZh: '外汇', nameEn: 'FX', readRoles: [] }),
    'kb.set-space-roles': async (p) => (note('kb.set-space-roles', p), { id: 'fx', nameZh: '外汇', nameEn: 'FX', readRoles: ['agent' as const] }),
    'kb.report-blocked': async (p) => (note('kb.report-blocked', p), null),
    'tickets.types': async (p) => (note('tickets.types', p), { types: [] }),
    'tickets.type-version': async (p) => (note('tickets.type-version', p), ticketType),
    'tickets.key': async (p) => (note('tickets.key', p), null),
    'tickets.draft-save': async (p) => (note('tickets.draft-save', p), { draftId: DRAFT_ID, updatedAt: AT }),
    'tickets.drafts': async (p) => (note('tickets.drafts', p), { drafts: [] }),
    'tickets.draft-delete': async (p) => (note('tickets.draft-delete', p), null),
    'tickets.submit': async (p) => (note('tickets.submit', p), { localId: DRAFT_ID, state: 'queued' as const, createdAt: AT }),
    'tickets.outbox': async (p) => (note('tickets.outbox', p), { waiting: 0, undeliverable: [] }),
    'tickets.dismiss-undeliverable': async (p) => (note('tickets.dismiss-undeliverable', p), null),
    'tickets.refill-undeliverable': async (p) => (note('tickets.refill-undeliverable', p), { draftId: DRAFT_ID, typeId: 'bank-card-loss', typeVersion: 1, values: {}, updatedAt: AT }),
    'tickets.list': async (p) => (note('tickets.list', p), { local: [], tickets: null, nextCursor: null }),
    'tickets.get': async (p) => (note('tickets.get', p), ticket),
    'tickets.comments': async (p) => (note('tickets.comments', p), { comments: [] }),
    'tickets.history': async (p) => (note('tickets.history', p), { entries: [], truncated: false }),
    'tickets.assignees': async (p) => (note('tickets.assignees', p), { assignees: [] }),
    'tickets.comment': async (p) => (note('tickets.comment', p), { id: 1, ticketId: TICKET_ID, author: 'A1001', body: 'b', createdAt: AT }),
    'tickets.transition': async (p) => (note('tickets.transition', p), ticket),
    'tickets.assign': async (p) => (note('tickets.assign', p), ticket),
    'tickets.extend': async (p) => (note('tickets.extend', p), ticket),
    'tickets.reveal': async (p) => (note('tickets.reveal', p), { pointer: '/cardNumber', value: '6222' }),
    'update.status': async (p) => (note('update.status', p), { state: 'disabled', version: null, waitingFor: null, reason: null, progress: null }),
    'update.check': async (p) => (note('update.check', p), { state: 'disabled', version: null, waitingFor: null, reason: null, progress: null }),
  };
  return { handlers, calls };
}

const active: SessionState = { status: 'active', operator };
/** The tests below are about payloads and results; access has its own tests. */
const signedIn = { session: () => active };

/** A valid payload for every channel, so only the access rule can refuse it. */
const validPayload: { [C in InvokeChannel]: unknown } = {
  'session.info': undefined,
  'session.login': { operatorId: 'A1001', password: 'pw' },
  'session.logout': undefined,
  'session.lock': undefined,
  'session.unlock': { password: 'pw' },
  'activity.report': undefined,
  'activity.hold': { reason: 'call' },
  'activity.release': { holdId: 'h-1' },
  'policy.get': undefined,
  'audit.record': { action: 'area-opened', detail: 'session' },
  'phone.lookup-caller': { number: '13912345678' },
  'notify.incoming-call': { title: '来电', body: '{caller} 来电', caller: '*******5678' },
  'notify.incoming-call-ended': undefined,
  'audit.status': undefined,
  'settings.get': undefined,
  'settings.set': { language: 'en-US' },
  'system.versions': undefined,
  'security.ice-servers': undefined,
  'security.report-ice-refused': { scheme: 'stun', host: '127.0.0.2', port: 3478 },
  'phone.credentials': undefined,
  'phone.report-state': { state: 'not-ready', reasonCode: 'break', callId: null },
  'phone.codes': undefined,
  'kb.spaces': undefined,
  'kb.search': { query: '挂失' },
  'kb.article': { articleId: 1 },
  'kb.mandatory': undefined,
  'kb.acknowledge': { articleId: 1, version: 1 },
  'kb.image': { imageId: 'AbCdEfGhIjKlMnOpQrStUv' },
  'kb.author-image': { imageId: 'AbCdEfGhIjKlMnOpQrStUv' },
  'kb.upload-image': { spaceId: 'credit-card', mime: 'image/png', base64: 'iVBORw0K' },
  'kb.create-space': { id: 'fx', nameZh: '外汇', nameEn: 'FX', readRoles: [] },
  'kb.set-space-roles': { spaceId: 'fx', readRoles: ['agent'] },
  'kb.report-blocked': { attempt: 'copy', via: 'keyboard', articleId: 1, version: 1 },
  'kb.author-spaces': undefined,
  'kb.author-articles': { spaceId: 'credit-card' },
  'kb.history': { articleId: 1 },
  'kb.create-article': { spaceId: 'credit-card', title: '标题', body: '正文', mandatory: false },
  'kb.save-draft': { articleId: 1, baseVersion: 1, title: '标题', body: '正文', mandatory: true },
  'kb.publish': { articleId: 1, version: 2 },
  'kb.retire': { articleId: 1, version: 2 },
  'kb.unread': { articleId: 1 },
  'update.status': undefined,
  'update.check': undefined,
  'tickets.types': undefined,
  'tickets.type-version': { typeId: 'bank-card-loss', typeVersion: 1 },
  'tickets.key': undefined,
  'tickets.draft-save': { draftId: DRAFT_ID, typeId: 'bank-card-loss', typeVersion: 1, values: { holderName: '张三' }, updatedAt: AT },
  'tickets.drafts': undefined,
  'tickets.draft-delete': { draftId: DRAFT_ID },
  'tickets.submit': { draftId: DRAFT_ID, typeId: 'bank-card-loss', typeVersion: 1, data: { holderName: '张三' } },
  'tickets.outbox': undefined,
  'tickets.dismiss-undeliverable': { localId: DRAFT_ID },
  'tickets.refill-undeliverable': { localId: DRAFT_ID },
  'tickets.list': {},
  'tickets.get': { ticketId: TICKET_ID },
  'tickets.comments': { ticketId: TICKET_ID },
  'tickets.history': { ticketId: TICKET_ID },
  'tickets.assignees': { ticketId: TICKET_ID },
  'tickets.comment': { ticketId: TICKET_ID, body: '已联系客户' },
  'tickets.transition': { ticketId: TICKET_ID, to: 'in_progress' },
  'tickets.assign': { ticketId: TICKET_ID, assignee: null },
  'tickets.extend': { ticketId: TICKET_ID, reason: '需要更多时间' },
  'tickets.reveal': { ticketId: TICKET_ID, pointer: '/cardNumber', reason: '核实客户身份' },
  'phone.record-call': {
    callId: 'c1@desk',
    direction: 'outbound',
    remote: '****5678',
    startedAt: '2026-11-30T09:00:00.000Z',
    answeredAt: null,
    endedAt: '2026-11-30T09:00:09.000Z',
    wrapUpEndedAt: null,
    ringMs: 9_000,
    talkMs: 0,
    wrapUpMs: 0,
    wrapUpExtended: false,
    wrapUpOverdue: false,
    end: 'no-answer',
    disposition: null,
    states: [],
    quality: null,
  },
};

describe('access rules, walked over the whole channel table', () => {
  const states: [string, SessionState][] = [
    ['signed out', { status: 'logged-out', reason: null }],
    ['locked', { status: 'locked', operator }],
    ['unlocked without permissions', { status: 'active', operator: { ...operator, permissions: [] } }],
    // Tickets are read by filers (tickets.create) or processors: either permission will do.
    ['unlocked, processing tickets only', { status: 'active', operator: { ...operator, permissions: ['tickets.process'] } }],
    ['unlocked with every permission', { status: 'active', operator: { ...operator, permissions: ['calls.handle', 'kb.read', 'kb.edit', 'tickets.create', 'tickets.process', 'supervision.monitor', 'reports.read', 'operators.manage', 'audit.read', 'policy.manage', 'updates.publish', 'tickets.admin', 'tickets.reveal'] } }],
  ];
  /** Written out independently of accessDenial, so a bug there shows here. */
  function expected(rule: (typeof invokeChannels)[InvokeChannel]['access'], state: SessionState): string | null {
    if (state.status === 'logged-out') return rule.kind === 'public' ? null : 'not_logged_in';
    if (state.status === 'locked') {
      const open = rule.kind === 'public' || rule.kind === 'signed-in' || (rule.kind === 'permission' && rule.whileLocked === true);
      if (!open) return 'session_locked';
      return rule.kind === 'permission' && !state.operator.permissions.includes(rule.permission) ? 'permission_denied' : null;
    }
    if (rule.kind === 'permission') return [rule.permission, ...(rule.orAnyOf ?? [])].some((p) => state.operator.permissions.includes(p)) ? null : 'permission_denied';
    return null;
  }

  for (const [label, state] of states) {
    it(`${label}: every channel answers as its rule says, and a refused handler never runs`, async () => {
      const { handlers, calls } = recordingHandlers();
      const d = createDispatcher(handlers, { session: () => state });
      for (const channel of INVOKE_CHANNELS) {
        calls.length = 0;
        const result = await d.dispatch(channel, validPayload[channel]);
        const denial = expected(invokeChannels[channel].access, state);
        if (denial === null) {
          expect(result.ok, channel).toBe(true);
          expect(calls.map((c) => c.channel)).toEqual([channel]);
        } else {
          expect(result, channel).toEqual({ ok: false, error: { code: denial } });
          expect(calls, channel).toEqual([]);
        }
      }
    });
  }

  it('a permission rule refuses an operator without that permission, and a locked or signed-out caller first', () => {
    const rule = { kind: 'permission', permission: 'kb.edit' } as const;
    expect(accessDenial(rule, { status: 'active', operator })).toBe('permission_denied');
    expect(accessDenial(rule, { status: 'active', operator: { ...operator, permissions: ['kb.edit'] } })).toBeNull();
    expect(accessDenial(rule, { status: 'locked', operator: { ...operator, permissions: ['kb.edit'] } })).toBe('session_locked');
    expect(accessDenial(rule, { status: 'logged-out', reason: null })).toBe('not_logged_in');
  });

  it('a permission rule with whileLocked also serves a locked operator who has the permission, never a signed-out one', () => {
    const rule = { kind: 'permission', permission: 'calls.handle', whileLocked: true } as const;
    expect(accessDenial(rule, { status: 'locked', operator })).toBeNull();
    expect(accessDenial(rule, { status: 'locked', operator: { ...operator, permissions: [] } })).toBe('permission_denied');
    expect(accessDenial(rule, { status: 'active', operator: { ...operator, permissions: [] } })).toBe('permission_denied');
    expect(accessDenial(rule, { status: 'logged-out', reason: null })).toBe('not_logged_in');
  });

  /**
   * The walk above derives what to expect from the table itself, so a channel declared with the
   * wrong rule would pass it. These pin the rules of the knowledge-base and update channels:
   * article content never under the lock screen, authoring only with kb.edit.
   */
  it('knowledge base and updates: a reader (kb.read) reads only while unlocked, never authors; update.status is public, update.check needs a session', async () => {
    const reader: SessionState = { status: 'active', operator: { ...operator, permissions: ['kb.read'] } };
    const readerLocked: SessionState = { status: 'locked', operator: reader.operator };
    const reading = ['kb.spaces', 'kb.search', 'kb.article', 'kb.mandatory', 'kb.acknowledge', 'kb.image'] as const;
    const authoring = ['kb.author-spaces', 'kb.author-image', 'kb.author-articles', 'kb.history', 'kb.create-article', 'kb.save-draft', 'kb.publish', 'kb.retire', 'kb.unread', 'kb.upload-image', 'kb.create-space', 'kb.set-space-roles'] as const;
    const kbChannels = INVOKE_CHANNELS.filter((c) => c.startsWith('kb.'));
    expect([...kbChannels].sort()).toEqual([...reading, ...authoring, 'kb.report-blocked'].sort());
    const answer = async (state: SessionState, channel: InvokeChannel) => {
      const { handlers, calls } = recordingHandlers();
      const result = await createDispatcher(handlers, { session: () => state }).dispatch(channel, validPayload[channel]);
      return result.ok ? (calls.length === 1 ? 'ran' : 'ran?') : calls.length === 0 ? result.error.code : 'refused-after-running';
    };
    for (const c of reading) {
      expect(await answer(reader, c), c).toBe('ran');
      expect(await answer(readerLocked, c), c).toBe('session_locked');
      expect(await answer({ status: 'active', operator: { ...operator, permissions: ['kb.edit'] } }, c), c).toBe('permission_denied');
    }
    for (const c of authoring) {
      expect(await answer(reader, c), c).toBe('permission_denied');
      expect(await answer({ status: 'locked', operator: { ...operator, permissions: ['kb.edit'] } }, c), c).toBe('session_locked');
    }
    expect(await answer(readerLocked, 'kb.report-blocked')).toBe('session_locked');
    expect(await answer({ status: 'active', operator: { ...operator, permissions: [] } }, 'kb.report-blocked')).toBe('ran');
    expect(await answer({ status: 'logged-out', reason: null }, 'update.status')).toBe('ran');
    expect(await answer({ status: 'logged-out', reason: null }, 'update.check')).toBe('not_logged_in');
    expect(await answer(readerLocked, 'update.check')).toBe('ran');
  });

  it('refuses to start with a channel that has no handler', () => {
    const { handlers } = recordingHandlers();
    const partial = { ...handlers } as Partial<typeof handlers>;
    delete partial['system.versions'];
    expect(() => createDispatcher(partial as typeof handlers, signedIn)).toThrow(/system.versions/);
  });
});

describe('ipc dispatcher', () => {
  it('runs the handler of a known channel with a valid payload and returns its result', async () => {
    const { handlers, calls } = recordingHandlers();
    const d = createDispatcher(handlers, signedIn);
    expect(await d.dispatch('session.login', { operatorId: 'A1001', password: 'pw' })).toEqual({
      ok: true,
      value: { status: 'active', operator },
    });
    expect(await d.dispatch('policy.get', undefined)).toEqual({ ok: true, value: policy });
    expect(await d.dispatch('settings.set', { language: 'en-US' })).toEqual({ ok: true, value: { language: 'en-US' } });
    expect(calls.map((c) => c.channel)).toEqual(['session.login', 'policy.get', 'settings.set']);
  });

  it('answers bad_request for unknown channels, prototype names included', async () => {
    const { handlers, calls } = recordingHandlers();
    const d = createDispatcher(handlers, signedIn);
    for (const c of ['nope', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'desk:session.info']) {
      expect(await d.dispatch(c, undefined)).toEqual({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await d.dispatch(42 as unknown as string, undefined)).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(calls).toEqual([]);
  });

  it('answers bad_request for invalid payloads without calling the handler', async () => {
    const { handlers, calls } = recordingHandlers();
    const d = createDispatcher(handlers, signedIn);
    const bad: [string, unknown][] = [
      ['session.login', { operatorId: 'A1001' }],
      ['session.login', { operatorId: 'A1001', password: 'x', extra: true }],
      ['session.login', { operatorId: 'A1001', password: 'x', totp: '12345' }],
      ['session.unlock', { password: '' }],
      ['session.info', {}],
      ['audit.record', { action: 'delete-everything', detail: '' }],
      ['audit.record', { action: 'area-opened', detail: '../../etc' }],
      ['settings.get', { language: 'en-US' }],
      ['settings.set', undefined],
      ['settings.set', {}],
      ['settings.set', { language: 'fr-FR' }],
      ['settings.set', { language: 'en' }],
      ['settings.set', { language: 'en-US', theme: 'dark' }],
      ['settings.set', 'en-US'],
    ];
    for (const [c, p] of bad) expect(await d.dispatch(c, p)).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(calls).toEqual([]);
  });

  it('maps DeskFailure and ApiFailure to their codes and anything else to internal, logging the type only', async () => {
    const { handlers } = recordingHandlers();
    const logs: string[] = [];
    const secret = 'S3cret-Token-Value';
    const d = createDispatcher(
      {
        ...handlers,
        'session.lock': async () => {
          throw new DeskFailure('session_locked');
        },
        'session.unlock': async () => {
          throw new ApiFailure('http', 'POST /auth/reauthenticate 401', { status: 401, code: 'invalid_credentials' });
        },
        'session.login': async () => {
          throw new ApiFailure('http', 'POST /auth/login 423', { status: 423, code: 'account_locked', retryAfterSeconds: 30 });
        },
        'session.logout': async () => {
          throw new ApiFailure('network', 'POST /auth/logout: ECONNREFUSED');
        },
        'policy.get': async () => {
          throw new RangeError(`leaked ${secret}`);
        },
      },
      { ...signedIn, log: (m) => logs.push(m) },
    );
    expect(await d.dispatch('session.lock', undefined)).toEqual({ ok: false, error: { code: 'session_locked' } });
    expect(await d.dispatch('session.unlock', { password: 'x' })).toEqual({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await d.dispatch('session.login', { operatorId: 'A1', password: 'x' })).toEqual({
      ok: false,
      error: { code: 'account_locked', retryAfterSeconds: 30 },
    });
    expect(await d.dispatch('session.logout', undefined)).toEqual({ ok: false, error: { code: 'institution_unreachable' } });
    expect(await d.dispatch('policy.get', undefined)).toEqual({ ok: false, error: { code: 'internal' } });
    expect(logs).toEqual(['desk policy.get: handler failed with RangeError']);
    expect(logs.join('\n')).not.toContain(secret);
  });

  it('never lets a result that breaks the contract leave', async () => {
    const { handlers } = recordingHandlers();
    const logs: string[] = [];
    const d = createDispatcher(
      {
        ...handlers,
        'audit.status': async () => ({ backlog: -1 }),
        'policy.get': async () => ({ ...policy, accessToken: 'never-out' }) as typeof policy,
        'settings.get': async () => ({ language: 'fr-FR' }) as unknown as { language: 'zh-CN' },
      },
      { ...signedIn, log: (m) => logs.push(m) },
    );
    expect(await d.dispatch('audit.status', undefined)).toEqual({ ok: false, error: { code: 'internal' } });
    expect(await d.dispatch('policy.get', undefined)).toEqual({ ok: false, error: { code: 'internal' } });
    expect(await d.dispatch('settings.get', undefined)).toEqual({ ok: false, error: { code: 'internal' } });
    expect(logs).toHaveLength(3);
  });

  it('property: any channel and payload yields a DeskResult, and handlers only ever see valid payloads', async () => {
    const { handlers, calls } = recordingHandlers();
    const d = createDispatcher(handlers, signedIn);
    const known = Object.keys(invokeChannels);
    const channelArb = fc.oneof(fc.constantFrom(...known), fc.string(), fc.constantFrom('__proto__', 'constructor'));
    const loginish = fc.record(
      {
        operatorId: fc.oneof(fc.constantFrom('A1001', ''), fc.string()),
        password: fc.string(),
        totp: fc.oneof(fc.constant('123456'), fc.string()),
        action: fc.constantFrom('language-changed', 'area-opened', 'nope'),
        language: fc.oneof(fc.constantFrom('zh-CN', 'en-US', 'fr-FR'), fc.string()),
        detail: fc.string(),
      },
      { requiredKeys: [] },
    );
    const payloadArb = fc.oneof(fc.anything(), loginish, fc.constant(undefined));
    await fc.assert(
      fc.asyncProperty(channelArb, payloadArb, async (channel, payload) => {
        const result = await d.dispatch(channel, payload);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.error.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 2_000 },
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.valid)).toEqual([]);
  });
});
