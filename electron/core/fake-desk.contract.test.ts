import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type SessionState } from '../contract/channels.ts';
import type { DeskResult } from '../contract/errors.ts';
// eslint-disable-next-line no-restricted-imports -- test only: this file exists to hold the renderer's fake desk to core's behaviour; core's code never imports the renderer.
import { createFakeDesk, type FakeDesk } from '../../renderer/src/test-support/fake-desk.ts';
import type { DeskCore } from './desk-core.ts';
import { openTestDesk, startTestInstitution, type Cleanups, type TestInstitution, untilEnrolled } from './desk-core.harness.ts';

/**
 * One behaviour, one fake: the renderer's tests run against a fake desk
 * (renderer/src/test-support/fake-desk.ts), so every difference between it and core is a
 * renderer bug that no test can see. This contract test runs ONE list of calls, in order,
 * through both doors — the fake's `dispatch` and the real core's (createDeskCore with the
 * real institution over HTTPS on loopback, real SQLite) — and demands the same answers
 * and the same `session.changed` events, step by step.
 *
 * It lives on core's side of the wall because it needs Node (SQLite, TLS); the renderer
 * may not import core, and core imports the renderer's fake here only, in a test (the one
 * lint exception above; tsconfig.node.json includes that single file).
 */
const WORKSTATION = 'WS-CONTRACT-01';
const OPERATOR = 'A1001';
const PASSWORD = 'Agent#2026';

interface Case {
  name: string;
  channel: string;
  payload?: unknown;
  /** The payload is `{ holdId }` of the hold this earlier step (by name) took, on the same door. */
  holdOf?: string;
}

/** A finished call as the phone files it (call-record.ts): masked number, wrap-up done. */
/** A real 1×1 PNG (institution/src/testing/test-png.ts), so only access decides the upload cases. */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQjd4PAAHQATiNCg6XAAAAAElFTkSuQmCC';

const CALL_RECORD = {
  callId: 'contract-1@desk',
  direction: 'inbound',
  remote: '*******8000',
  startedAt: '2026-11-30T09:00:00.000Z',
  answeredAt: '2026-11-30T09:00:04.000Z',
  endedAt: '2026-11-30T09:01:04.000Z',
  wrapUpEndedAt: '2026-11-30T09:01:20.000Z',
  ringMs: 4_000,
  talkMs: 60_000,
  wrapUpMs: 16_000,
  wrapUpExtended: false,
  wrapUpOverdue: false,
  end: 'remote-hangup',
  disposition: 'answered',
  states: [{ state: 'ringing', at: '2026-11-30T09:00:00.000Z' }],
  quality: null,
};

/** Tickets (tickets.ts): a draft and a submission of the demo's card-loss type. */
const DRAFT_ID = '5d0c8a1e-2b3f-4c4d-8e5f-6a7b8c9d0e1f';
const TICKET = { typeId: 'bank-card-loss', typeVersion: 1 } as const;
const DRAFT = { draftId: DRAFT_ID, ...TICKET, values: { holderName: '王测试' }, updatedAt: '2026-11-30T09:00:00.000Z' };
const UNKNOWN_TICKET = 'T-00000000000000000000000000';
const TICKET_CHANNELS_SIGNED_OUT = [
  ['tickets.types', undefined],
  ['tickets.type-version', TICKET],
  ['tickets.key', undefined],
  ['tickets.draft-save', DRAFT],
  ['tickets.drafts', undefined],
  ['tickets.draft-delete', { draftId: DRAFT_ID }],
  ['tickets.submit', { ...TICKET, data: { holderName: '王测试' } }],
  ['tickets.outbox', undefined],
  ['tickets.dismiss-undeliverable', { localId: DRAFT_ID }],
  ['tickets.refill-undeliverable', { localId: DRAFT_ID }],
  ['tickets.list', {}],
  ['tickets.get', { ticketId: UNKNOWN_TICKET }],
  ['tickets.comments', { ticketId: UNKNOWN_TICKET }],
  ['tickets.history', { ticketId: UNKNOWN_TICKET }],
  ['tickets.assignees', { ticketId: UNKNOWN_TICKET }],
  ['tickets.comment', { ticketId: UNKNOWN_TICKET, body: '备注' }],
  ['tickets.transition', { ticketId: UNKNOWN_TICKET, to: 'in_progress' }],
  ['tickets.assign', { ticketId: UNKNOWN_TICKET, assignee: null }],
  ['tickets.extend', { ticketId: UNKNOWN_TICKET, reason: '需要时间' }],
  ['tickets.reveal', { ticketId: UNKNOWN_TICKET, pointer: '/cardNumber', reason: '核实身份' }],
] as const;

const login = (password = PASSWORD, operatorId = OPERATOR) => ({ channel: 'session.login', payload: { operatorId, password } });

/** The shift, in order: each step runs in the state the previous ones left. */
const CASES: Case[] = [
  { name: 'desk info, signed out', channel: 'session.info' },
  { name: 'policy, signed out', channel: 'policy.get' },
  { name: 'versions (main-owned), signed out', channel: 'system.versions' },
  { name: 'ICE servers, signed out', channel: 'security.ice-servers' },
  { name: 'ICE refusal report', channel: 'security.report-ice-refused', payload: { scheme: 'turn', host: 'relay.example', port: 3478 } },
  { name: 'ICE refusal with credentials in the host', channel: 'security.report-ice-refused', payload: { scheme: 'turn', host: 'user:pw@relay', port: 3478 } },
  { name: 'activity, signed out', channel: 'activity.report' },
  { name: 'lock, signed out', channel: 'session.lock' },
  { name: 'unlock, signed out', channel: 'session.unlock', payload: { password: PASSWORD } },
  { name: 'unlock, signed out, malformed (access is checked first)', channel: 'session.unlock', payload: {} },
  { name: 'logout, signed out', channel: 'session.logout' },
  { name: 'phone credentials, signed out', channel: 'phone.credentials' },
  { name: 'agent state, signed out', channel: 'phone.report-state', payload: { state: 'ready', reasonCode: null, callId: null } },
  { name: 'phone codes, signed out', channel: 'phone.codes' },
  { name: 'caller lookup, signed out', channel: 'phone.lookup-caller', payload: { number: '13912345678' } },
  { name: 'incoming-call notification, signed out', channel: 'notify.incoming-call', payload: { title: '来电', body: '{caller} 来电', caller: '*******5678' } },
  { name: 'incoming-call notification taken back, signed out', channel: 'notify.incoming-call-ended' },
  { name: 'call record, signed out', channel: 'phone.record-call', payload: CALL_RECORD },
  { name: 'activity hold, signed out', channel: 'activity.hold', payload: { reason: 'call' } },
  { name: 'activity release, signed out', channel: 'activity.release', payload: { holdId: 'h-1' } },
  { name: 'audit.record, signed out', channel: 'audit.record', payload: { action: 'area-opened', detail: 'kb' } },
  { name: 'audit.record, the removed idle-locked action', channel: 'audit.record', payload: { action: 'idle-locked', detail: '' } },
  { name: 'audit.record, detail outside its pattern', channel: 'audit.record', payload: { action: 'area-opened', detail: 'kb/../x' } },
  { name: 'audit.record, extra key', channel: 'audit.record', payload: { action: 'area-opened', detail: 'kb', extra: 1 } },
  { name: 'audit.record, no payload', channel: 'audit.record' },
  { name: 'audit.record, an array', channel: 'audit.record', payload: [] },
  { name: 'audit status', channel: 'audit.status' },
  { name: 'settings, nothing stored', channel: 'settings.get' },
  { name: 'settings: the seat default', channel: 'settings.set', payload: { language: 'en-US' } },
  { name: 'settings: a language outside the contract', channel: 'settings.set', payload: { language: 'fr-FR' } },
  { name: 'settings: audio devices need a signed-in operator', channel: 'settings.set', payload: { audioDevices: { microphone: 'mic-1', speaker: null, ringer: null } } },
  { name: 'settings: nothing to change', channel: 'settings.set', payload: {} },
  { name: 'a channel outside the table', channel: 'kb.lookup', payload: { q: 'x' } },
  { name: 'kb spaces, signed out', channel: 'kb.spaces' },
  { name: 'kb search, signed out', channel: 'kb.search', payload: { query: '挂失' } },
  { name: 'kb article, signed out', channel: 'kb.article', payload: { articleId: 1 } },
  { name: 'kb mandatory queue, signed out', channel: 'kb.mandatory' },
  { name: 'kb acknowledge, signed out', channel: 'kb.acknowledge', payload: { articleId: 1, version: 1 } },
  { name: 'kb blocked-attempt report, signed out', channel: 'kb.report-blocked', payload: { attempt: 'copy', via: 'keyboard', articleId: 1, version: 1 } },
  { name: 'kb image, signed out', channel: 'kb.image', payload: { imageId: 'AbCdEfGhIjKlMnOpQrStUv' } },
  { name: 'kb author image, signed out', channel: 'kb.author-image', payload: { imageId: 'AbCdEfGhIjKlMnOpQrStUv' } },
  // Authoring (kb.edit): signed out here; the agent below lacks the permission (the authoring flows are the desk-core and e2e tests').
  ...([
  ['kb.author-spaces', undefined],
  ['kb.author-articles', { spaceId: 'credit-card' }],
  ['kb.history', { articleId: 1 }],
  ['kb.create-article', { spaceId: 'credit-card', title: '标题', body: '正文', mandatory: false }],
  ['kb.save-draft', { articleId: 1, baseVersion: 1, title: '标题', body: '正文', mandatory: true }],
  ['kb.publish', { articleId: 1, version: 2 }],
  ['kb.retire', { articleId: 1, version: 1 }],
  ['kb.unread', { articleId: 1 }],
  ['kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64: ONE_PIXEL_PNG }],
  ['kb.create-space', { id: 'fx-desk', nameZh: '外汇', nameEn: 'FX', readRoles: ['agent'] }],
  ['kb.set-space-roles', { spaceId: 'credit-card', readRoles: ['agent'] }],
] as const).map(([channel, payload]) => ({ name: `${channel}, signed out`, channel, payload })),
  ...TICKET_CHANNELS_SIGNED_OUT.map(([channel, payload]) => ({ name: `${channel}, signed out`, channel, payload })),
  // A desk without pinned update keys (both doors here): the updater says it is disabled.
  { name: 'update status, signed out', channel: 'update.status' },
  { name: 'update check, signed out', channel: 'update.check' },
  { name: 'update check with a payload', channel: 'update.status', payload: { force: true } },
  { name: 'login, wrong password', ...login('not-the-password') },
  { name: 'login, unknown operator', ...login(PASSWORD, 'Z9999') },
  { name: 'login, no password', channel: 'session.login', payload: { operatorId: OPERATOR } },
  { name: 'login, malformed TOTP', channel: 'session.login', payload: { operatorId: OPERATOR, password: PASSWORD, totp: '12' } },
  { name: 'login', ...login() },
  { name: 'login while signed in', ...login() },
  { name: "settings: an operator without a choice gets the seat's", channel: 'settings.get' },
  { name: "settings: the operator's own choice", channel: 'settings.set', payload: { language: 'zh-CN' } },
  { name: "settings: the operator's audio devices", channel: 'settings.set', payload: { audioDevices: { microphone: 'mic-1', speaker: 'default', ringer: 'ring-2' } } },
  { name: 'settings: a language change keeps the audio devices', channel: 'settings.set', payload: { language: 'zh-CN' } },
  { name: 'settings: a device id with a space', channel: 'settings.set', payload: { audioDevices: { microphone: 'a b', speaker: null, ringer: null } } },
  { name: 'settings: a device label instead of ids', channel: 'settings.set', payload: { audioDevices: { microphone: 'mic-1', speaker: null, ringer: null, label: 'Headset' } } },
  { name: 'settings: an audio device missing', channel: 'settings.set', payload: { audioDevices: { microphone: 'mic-1' } } },
  { name: 'activity', channel: 'activity.report' },
  { name: 'update check, signed in', channel: 'update.check' },
  { name: 'kb spaces', channel: 'kb.spaces' },
  { name: 'kb search, a two-character word', channel: 'kb.search', payload: { query: '挂失' } },
  { name: 'kb search in one space', channel: 'kb.search', payload: { query: '分期', spaceId: 'credit-card', limit: 5 } },
  { name: 'kb search in a space agents may not read', channel: 'kb.search', payload: { query: '理赔', spaceId: 'claims' } },
  { name: 'kb search, no letters or digits', channel: 'kb.search', payload: { query: '？！' } },
  { name: 'kb search, empty', channel: 'kb.search', payload: { query: '' } },
  { name: 'kb search, too many hits asked for', channel: 'kb.search', payload: { query: '卡', limit: 51 } },
  { name: 'kb search, a malformed space', channel: 'kb.search', payload: { query: '卡', spaceId: 'No Space' } },
  { name: 'kb article', channel: 'kb.article', payload: { articleId: 1 } },
  { name: 'kb article, no such id', channel: 'kb.article', payload: { articleId: 999_999 } },
  { name: 'kb article, a version that is not the published one', channel: 'kb.article', payload: { articleId: 1, version: 999 } },
  { name: 'kb article, a malformed id', channel: 'kb.article', payload: { articleId: '1' } },
  { name: 'kb mandatory queue', channel: 'kb.mandatory' },
  { name: 'kb acknowledge, a stale version', channel: 'kb.acknowledge', payload: { articleId: 1, version: 999 } },
  { name: 'kb acknowledge, no such article', channel: 'kb.acknowledge', payload: { articleId: 999_999, version: 1 } },
  { name: 'kb acknowledge, no version', channel: 'kb.acknowledge', payload: { articleId: 1 } },
  { name: 'kb blocked-attempt report', channel: 'kb.report-blocked', payload: { attempt: 'drag', via: 'image', articleId: 1, version: 1 } },
  { name: 'kb blocked-attempt report, an unknown kind', channel: 'kb.report-blocked', payload: { attempt: 'screenshot', via: 'keyboard', articleId: 1, version: 1 } },
  { name: 'kb blocked-attempt report with text riding along', channel: 'kb.report-blocked', payload: { attempt: 'copy', via: 'keyboard', articleId: 1, version: 1, text: '年费' } },
  { name: 'kb image, no such image', channel: 'kb.image', payload: { imageId: 'AbCdEfGhIjKlMnOpQrStUv' } },
  { name: 'kb image, a malformed id', channel: 'kb.image', payload: { imageId: '../../etc/passwd' } },
  { name: 'kb image, an extra key', channel: 'kb.image', payload: { imageId: 'AbCdEfGhIjKlMnOpQrStUv', src: 'http://x' } },
  { name: 'kb author image, an agent without kb.edit', channel: 'kb.author-image', payload: { imageId: 'AbCdEfGhIjKlMnOpQrStUv' } },
  ...([
  ['kb.author-spaces', undefined],
  ['kb.author-articles', { spaceId: 'credit-card' }],
  ['kb.history', { articleId: 1 }],
  ['kb.create-article', { spaceId: 'credit-card', title: '标题', body: '正文', mandatory: false }],
  ['kb.save-draft', { articleId: 1, baseVersion: 1, title: '标题', body: '正文', mandatory: true }],
  ['kb.publish', { articleId: 1, version: 2 }],
  ['kb.retire', { articleId: 1, version: 1 }],
  ['kb.unread', { articleId: 1 }],
  ['kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64: ONE_PIXEL_PNG }],
  ['kb.create-space', { id: 'fx-desk', nameZh: '外汇', nameEn: 'FX', readRoles: ['agent'] }],
  ['kb.set-space-roles', { spaceId: 'credit-card', readRoles: ['agent'] }],
] as const).map(([channel, payload]) => ({ name: `${channel}, an agent without kb.edit`, channel, payload })),
  // Tickets, as an agent (tickets.create; neither tickets.process nor tickets.reveal).
  { name: 'ticket types', channel: 'tickets.types' },
  { name: 'ticket type version', channel: 'tickets.type-version', payload: TICKET },
  { name: 'ticket type version, no such type', channel: 'tickets.type-version', payload: { typeId: 'no-such-type', typeVersion: 1 } },
  { name: 'ticket type version, a malformed id', channel: 'tickets.type-version', payload: { typeId: 'No Type', typeVersion: 1 } },
  { name: 'ticket key', channel: 'tickets.key' },
  { name: 'ticket drafts, none yet', channel: 'tickets.drafts' },
  { name: 'ticket draft save', channel: 'tickets.draft-save', payload: DRAFT },
  { name: 'ticket draft save, a plaintext card number', channel: 'tickets.draft-save', payload: { ...DRAFT, values: { cardNumber: '6222021234567890128' } } },
  { name: 'ticket draft save, a forged envelope', channel: 'tickets.draft-save', payload: { ...DRAFT, values: { cardNumber: { v: 1, alg: 'none', kid: 'k', epk: 'AA', iv: 'AA', ct: 'AA' } } } },
  { name: 'ticket draft save, an unknown type', channel: 'tickets.draft-save', payload: { ...DRAFT, typeId: 'no-such-type' } },
  { name: 'ticket draft save, too large', channel: 'tickets.draft-save', payload: { ...DRAFT, values: { notes: '长'.repeat(30_000) } } },
  { name: 'ticket draft save, a malformed id', channel: 'tickets.draft-save', payload: { ...DRAFT, draftId: 'draft-1' } },
  { name: 'ticket drafts, one', channel: 'tickets.drafts' },
  { name: 'ticket draft delete', channel: 'tickets.draft-delete', payload: { draftId: DRAFT_ID } },
  { name: 'ticket draft delete, again', channel: 'tickets.draft-delete', payload: { draftId: DRAFT_ID } },
  { name: 'ticket drafts, none again', channel: 'tickets.drafts' },
  { name: 'ticket submit, a plaintext card number', channel: 'tickets.submit', payload: { ...TICKET, data: { cardNumber: '6222021234567890128' } } },
  { name: 'ticket submit, too large', channel: 'tickets.submit', payload: { ...TICKET, data: { notes: '长'.repeat(30_000) } } },
  { name: 'ticket submit, an extra key', channel: 'tickets.submit', payload: { ...TICKET, data: {}, createdAt: '2026-11-30T09:00:00.000Z' } },
  { name: 'ticket submit, an unknown type', channel: 'tickets.submit', payload: { typeId: 'no-such-type', typeVersion: 1, data: {} } },
  { name: 'ticket submit (queued; the institution judges it later)', channel: 'tickets.submit', payload: { ...TICKET, data: { holderName: '王测试' } } },
  { name: 'ticket outbox', channel: 'tickets.outbox' },
  { name: 'ticket list', channel: 'tickets.list', payload: { limit: 10 } },
  { name: 'ticket list, too many asked for', channel: 'tickets.list', payload: { limit: 201 } },
  { name: 'ticket dismiss, nothing to dismiss', channel: 'tickets.dismiss-undeliverable', payload: { localId: DRAFT_ID } },
  { name: 'ticket refill, nothing to refill', channel: 'tickets.refill-undeliverable', payload: { localId: DRAFT_ID } },
  { name: 'ticket refill, a malformed id', channel: 'tickets.refill-undeliverable', payload: { localId: 'local-1' } },
  { name: 'ticket get, no such ticket', channel: 'tickets.get', payload: { ticketId: UNKNOWN_TICKET } },
  { name: 'ticket get, a malformed id', channel: 'tickets.get', payload: { ticketId: 'T-1' } },
  { name: 'ticket comments, no such ticket', channel: 'tickets.comments', payload: { ticketId: UNKNOWN_TICKET } },
  { name: 'ticket list of one type', channel: 'tickets.list', payload: { type: 'bank-card-loss', limit: 5 } },
  { name: 'ticket list, a cursor the institution never issued', channel: 'tickets.list', payload: { before: 'AAAAAAAAAAAA' } },
  { name: 'ticket list, a malformed type', channel: 'tickets.list', payload: { type: 'Bank Card' } },
  { name: 'ticket history, no such ticket', channel: 'tickets.history', payload: { ticketId: UNKNOWN_TICKET } },
  { name: 'ticket history, a malformed id', channel: 'tickets.history', payload: { ticketId: 'T-1' } },
  { name: 'ticket comment, no such ticket', channel: 'tickets.comment', payload: { ticketId: UNKNOWN_TICKET, body: '备注' } },
  ...TICKET_CHANNELS_SIGNED_OUT.filter(([channel]) => ['tickets.transition', 'tickets.assign', 'tickets.extend', 'tickets.reveal', 'tickets.assignees'].includes(channel)).map(([channel, payload]) => ({
    name: `${channel}, an agent without the permission`,
    channel,
    payload,
  })),
  { name: 'phone codes (the seeded lists)', channel: 'phone.codes' },
  ...['13912345678', '+8613912345678', '13800138000', '01062345678', '2001', '13700000000'].map((number) => ({ name: `caller lookup ${number} (the seeded directory)`, channel: 'phone.lookup-caller', payload: { number } })),
  { name: 'caller lookup, a number with separators', channel: 'phone.lookup-caller', payload: { number: '139-1234-5678' } },
  { name: 'caller lookup, extra fields', channel: 'phone.lookup-caller', payload: { number: '13912345678', name: 'x' } },
  { name: 'incoming-call notification', channel: 'notify.incoming-call', payload: { title: '来电', body: '{caller} 来电', caller: '*******5678' } },
  { name: 'incoming-call notification with the full number', channel: 'notify.incoming-call', payload: { title: '来电', body: '{caller} 来电', caller: '13912345678' } },
  { name: 'incoming-call notification taken back', channel: 'notify.incoming-call-ended' },
  { name: 'incoming-call notification taken back, with a payload', channel: 'notify.incoming-call-ended', payload: { callId: 'c1' } },
  { name: 'phone credentials, a profile without SBC', channel: 'phone.credentials' },
  { name: 'agent state: ready', channel: 'phone.report-state', payload: { state: 'ready', reasonCode: null, callId: null } },
  { name: 'agent state: a known not-ready reason', channel: 'phone.report-state', payload: { state: 'not-ready', reasonCode: 'meeting', callId: null } },
  { name: 'agent state: a reason the institution does not have', channel: 'phone.report-state', payload: { state: 'not-ready', reasonCode: 'nap', callId: null } },
  { name: 'agent state: a reason without not-ready', channel: 'phone.report-state', payload: { state: 'ready', reasonCode: 'break', callId: null } },
  { name: 'agent state: a call id with a space', channel: 'phone.report-state', payload: { state: 'on-call', reasonCode: null, callId: 'a b' } },
  { name: 'call record (after wrap-up)', channel: 'phone.record-call', payload: CALL_RECORD },
  { name: 'call record again (queued once)', channel: 'phone.record-call', payload: CALL_RECORD },
  { name: 'call record with the full number', channel: 'phone.record-call', payload: { ...CALL_RECORD, remote: '13800138000' } },
  { name: 'call record naming its operator (core adds it)', channel: 'phone.record-call', payload: { ...CALL_RECORD, operatorId: 'A1001' } },
  { name: 'call record without a disposition field', channel: 'phone.record-call', payload: { ...CALL_RECORD, disposition: undefined } },
  { name: 'activity hold (a call rings)', channel: 'activity.hold', payload: { reason: 'call' } },
  { name: 'activity hold, a reason outside the contract', channel: 'activity.hold', payload: { reason: 'nap' } },
  { name: 'activity release, an unknown id', channel: 'activity.release', payload: { holdId: 'no-such-hold' } },
  { name: 'activity release, a malformed id', channel: 'activity.release', payload: { holdId: 'a b' } },
  { name: 'activity release (the call ended)', channel: 'activity.release', holdOf: 'activity hold (a call rings)' },
  { name: 'activity release of a released hold', channel: 'activity.release', holdOf: 'activity hold (a call rings)' },
  { name: 'activity hold, a second call', channel: 'activity.hold', payload: { reason: 'call' } },
  { name: 'unlock while unlocked', channel: 'session.unlock', payload: { password: 'anything' } },
  { name: 'lock', channel: 'session.lock' },
  { name: 'lock while locked', channel: 'session.lock' },
  { name: 'activity while locked', channel: 'activity.report' },
  { name: 'audit.record while locked', channel: 'audit.record', payload: { action: 'language-changed', detail: 'zh-CN' } },
  { name: 'settings while locked', channel: 'settings.get' },
  { name: 'agent state while locked (the call bar)', channel: 'phone.report-state', payload: { state: 'ringing', reasonCode: null, callId: 'c1@desk' } },
  { name: 'phone codes while locked', channel: 'phone.codes' },
  { name: 'kb search while locked (the workspace is hidden)', channel: 'kb.search', payload: { query: '挂失' } },
  { name: 'ticket drafts while locked (the workspace is hidden)', channel: 'tickets.drafts' },
  { name: 'caller lookup while locked (a call rings under the lock)', channel: 'phone.lookup-caller', payload: { number: '2001' } },
  { name: 'incoming-call notification while locked', channel: 'notify.incoming-call', payload: { title: '来电', body: '{caller} 来电', caller: '2001' } },
  { name: 'call record while locked (wrap-up under the lock)', channel: 'phone.record-call', payload: { ...CALL_RECORD, callId: 'c1@desk' } },
  { name: 'activity release while locked (the call bar)', channel: 'activity.release', holdOf: 'activity hold, a second call' },
  { name: 'activity hold while locked (a call rings under the lock)', channel: 'activity.hold', payload: { reason: 'call' } },
  { name: 'login while locked', ...login() },
  { name: 'unlock, wrong password', channel: 'session.unlock', payload: { password: 'wrong-one' } },
  { name: 'unlock, empty password', channel: 'session.unlock', payload: { password: '' } },
  { name: 'unlock', channel: 'session.unlock', payload: { password: PASSWORD } },
  { name: 'logout', channel: 'session.logout' },
  { name: 'settings after logout: the seat default again', channel: 'settings.get' },
  { name: 'desk info after logout', channel: 'session.info' },
  { name: 'logout again', channel: 'session.logout' },
  { name: 'login again', ...login() },
  { name: "settings: the operator's choice is kept", channel: 'settings.get' },
  { name: 'activity release of a hold of the last session (logout released it)', channel: 'activity.release', holdOf: 'activity hold while locked (a call rings under the lock)' },
  ...[1, 2, 3, 4].map((i) => ({ name: `activity hold ${i} of 4`, channel: 'activity.hold', payload: { reason: 'call' } })),
  { name: 'activity hold, one more than the bound', channel: 'activity.hold', payload: { reason: 'call' } },
  { name: 'logout at the end', channel: 'session.logout' },
];

type Door = (channel: string, payload: unknown) => Promise<DeskResult<unknown>>;
interface Step {
  name: string;
  result: unknown;
  /** The session.changed events the step caused. */
  events: SessionState[];
}

/**
 * What must match. Values the two sides legitimately differ in are reduced to their
 * shape: the connection (core's probe vs. the fake's setting), the audit backlog (core's
 * delivery timing), the versions (main's stand-ins) and the profile's ICE servers.
 */
function comparable(channel: string, result: DeskResult<unknown>): unknown {
  if (!result.ok) return result;
  const v = result.value as Record<string, unknown>;
  switch (channel) {
    case 'session.info':
      return { ok: true, value: { ...v, connection: typeof v['connection'] } };
    case 'audit.status':
      return { ok: true, value: { backlog: typeof v['backlog'] } };
    case 'system.versions':
      return { ok: true, value: Object.keys(v).sort() };
    case 'activity.hold':
      // Core's ids are random; the fake's are counted.
      return { ok: true, value: { holdId: typeof v['holdId'] } };
    // The KB's content is the institution's (its seed grows); the fake holds a few articles like it.
    case 'kb.spaces':
      return { ok: true, value: { spaces: Array.isArray(v['spaces']) } };
    case 'kb.search':
      return { ok: true, value: { hits: Array.isArray(v['hits']) } };
    case 'kb.mandatory':
      return { ok: true, value: { pending: Array.isArray(v['pending']) } };
    case 'kb.article':
      return { ok: true, value: Object.keys(v).sort() };
    // Ticket types and lists are the institution's (its seed has more than the fake); local ids and times are random.
    case 'tickets.types':
      return { ok: true, value: { types: Array.isArray(v['types']) && (v['types'] as { typeId: string }[]).some((t) => t.typeId === 'bank-card-loss') } };
    case 'tickets.type-version':
      return { ok: true, value: Object.keys(v).sort() };
    case 'tickets.key':
      return { ok: true, value: result.value === null ? null : Object.keys(v).sort() };
    case 'tickets.submit':
      return { ok: true, value: { localId: typeof v['localId'], state: v['state'], createdAt: typeof v['createdAt'] } };
    case 'tickets.outbox':
      return { ok: true, value: { waiting: typeof v['waiting'], undeliverable: Array.isArray(v['undeliverable']) } };
    case 'tickets.list':
      return { ok: true, value: { local: Array.isArray(v['local']), tickets: Array.isArray(v['tickets']) } };
    case 'security.ice-servers':
      return { ok: true, value: { urls: Array.isArray(v['urls']) && (v['urls'] as unknown[]).every((u) => typeof u === 'string') } };
    default:
      return result;
  }
}

async function run(door: Door, events: SessionState[]): Promise<Step[]> {
  const steps: Step[] = [];
  const raw = new Map<string, DeskResult<unknown>>();
  for (const c of CASES) {
    const from = events.length;
    const took = c.holdOf === undefined ? undefined : raw.get(c.holdOf);
    const payload = took === undefined ? c.payload : took.ok ? took.value : { holdId: 'not-taken' };
    const result = await door(c.channel, payload);
    raw.set(c.name, result);
    steps.push({ name: c.name, result: comparable(c.channel, result), events: events.slice(from) });
  }
  return steps;
}

let institution: TestInstitution;
let core: DeskCore;
/** The core and its data live for the whole file: both tests see the one seat. */
const cleanups: Cleanups = [];

beforeAll(async () => {
  institution = await startTestInstitution();
  core = await openTestDesk(institution, cleanups, { workstationId: WORKSTATION, register: true });
  // Both sides start from an enrolled seat: enrollment itself is core's own test.
  await untilEnrolled(core);
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await institution?.close();
});

describe('the fake desk behaves like core (contract)', () => {
  it('has a case for every invoke channel of the table, so a new channel needs one here', () => {
    const covered = new Set(CASES.map((c) => c.channel));
    expect(INVOKE_CHANNELS.filter((channel) => !covered.has(channel))).toEqual([]);
  });

  it('answers every step of a shift the same way, with the same session events', async () => {
    const coreEvents: SessionState[] = [];
    core.subscribe('session.changed', (s) => coreEvents.push(s));
    const real = await run((channel, payload) => core.dispatch(channel, payload), coreEvents);

    // The fake plays this same seat: same workstation, institution name and policy (from
    // the verified profile), and the operator exactly as the institution describes them.
    const loggedIn = real.find((s) => s.name === 'login')?.result as DeskResult<SessionState> | undefined;
    const operator = loggedIn?.ok && loggedIn.value.status === 'active' ? loggedIn.value.operator : null;
    // Logins refused by the institution (e.g. while its workstation checks change) stop here, said plainly.
    expect(operator, `core refused the login: ${JSON.stringify(loggedIn)}`).not.toBeNull();

    const fake: FakeDesk = createFakeDesk({
      accounts: operator === null ? [] : [{ operator, password: PASSWORD }],
      workstationId: WORKSTATION,
      institutionName: core.profile.institutionName,
      policy: core.profile.policy,
      phone: { sipServers: core.profile.sip.wss },
    });
    const fakeEvents: SessionState[] = [];
    fake.desk.session.onChanged((s) => fakeEvents.push(s));
    const doubled = await run(fake.dispatch, fakeEvents);

    // The hold steps reached core's holds, not only its access check.
    const answer = (name: string) => real.find((s) => s.name === name)?.result;
    expect(answer('activity hold (a call rings)')).toEqual({ ok: true, value: { holdId: 'string' } });
    expect(answer('activity release while locked (the call bar)')).toEqual({ ok: true, value: null });
    expect(answer('activity hold, one more than the bound')).toEqual({ ok: false, error: { code: 'too_many_holds' } });
    // The KB steps reached the institution, not only the access check.
    expect(answer('kb search, a two-character word')).toEqual({ ok: true, value: { hits: true } });
    expect(answer('kb search in a space agents may not read')).toEqual({ ok: false, error: { code: 'kb_not_found' } });
    expect(answer('kb article, a version that is not the published one')).toEqual({ ok: false, error: { code: 'kb_conflict' } });
    expect(answer('kb search, no letters or digits')).toEqual({ ok: false, error: { code: 'bad_request' } });

    expect(doubled).toEqual(real);
  });
});
