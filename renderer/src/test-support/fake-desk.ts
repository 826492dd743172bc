import type { ConnectionState, EnrollmentState, IceRefusal, Language, RecordArgs, SessionState, DeskSettings } from '../../../electron/contract/channels.ts';
import { buildDeskApi, type DeskTransport } from '../../../electron/contract/desk-api.ts';
import type { KbBlockedAttempt } from '../../../electron/contract/kb-protection.ts';
import type { UpdateStatus } from '../../../electron/contract/updates.ts';
import { DEFAULT_POLICY } from './fake-accounts.ts';
import { createFakeActivityHolds } from './fake-activity-holds.ts';
import type { FakeAccount, FakeDesk, FakeDeskOptions } from './fake-desk-options.ts';
import { createFakeInbound } from './fake-inbound.ts';
import { createFakeDispatcher, createFakeEvents, fail, ok, type FakeHandlers } from './fake-ipc.ts';
import { createFakeKb } from './fake-kb.ts';
import { createFakeKbAuthoring } from './fake-kb-authoring.ts';
import { createFakeKbImages } from './fake-kb-images.ts';
import { createFakePhone } from './fake-phone.ts';
import { createFakeTickets } from './fake-tickets.ts';

export type { FakeAccount, FakeDesk, FakeDeskOptions } from './fake-desk-options.ts';
export { AGENT, DEFAULT_POLICY, KB_AUTHOR, SUPERVISOR_WITH_TOTP, TICKET_STAFF } from './fake-accounts.ts';

/**
 * A test double of OUR desk (not of a library). It behaves like core behind the same
 * door: every call goes channel → access rule (the contract's own `accessDenial`) →
 * request schema → handler → response schema, as in electron/core/ipc/dispatch.ts, and
 * the handlers follow core's session, settings and enrollment rules. The contract test
 * (electron/core/fake-desk.contract.test.ts) runs one list of cases against this fake and
 * against the real core and demands the same answers, so the two cannot drift apart.
 *
 * A request outside the contract is answered `bad_request` (as core does) AND noted in
 * `contractViolations`; mountApp's unmount fails the test if there is any, so a renderer
 * that sends a malformed payload cannot pass by accident. The door itself is fake-ipc.ts;
 * the options and the test's handle are fake-desk-options.ts; the usual operators fake-accounts.ts.
 */
export function createFakeDesk(options: FakeDeskOptions): FakeDesk {
  const recorded: RecordArgs[] = [];
  const iceRefusals: IceRefusal[] = [];
  const kbBlocked: KbBlockedAttempt[] = [];
  let policy = options.policy ?? DEFAULT_POLICY;
  let connection: ConnectionState = options.connection ?? 'online';
  let session: SessionState = { status: 'logged-out', reason: null };
  let account: FakeAccount | null = null;
  let workstationLanguage: Language = options.settings?.language ?? 'zh-CN';
  // Like core: each operator's language and audio devices are kept apart; a language never chosen follows the seat's.
  const operatorLanguages = new Map(Object.entries(options.operatorSettings ?? {}).map(([id, s]) => [id, s.language]));
  const operatorAudio = new Map(
    Object.entries(options.operatorSettings ?? {}).flatMap(([id, s]) => (s.audioDevices === undefined ? [] : [[id, s.audioDevices] as const])),
  );
  let enrollment: EnrollmentState = options.enrollment ?? 'enrolled';
  let activityReports = 0;
  const activityHolds = createFakeActivityHolds();
  const inbound = createFakeInbound();
  const phone = createFakePhone(options.phone ?? {}, () => (session.status === 'logged-out' ? null : session.operator.id));
  const kb = createFakeKb(
    options.kb ?? {},
    () => (session.status === 'logged-out' ? null : { operatorId: session.operator.id, roles: session.operator.roles }),
    (change) => emit('kb.changed', change),
    (change) => emit('kb.space-changed', change),
  );
  const kbImages = createFakeKbImages(options.kbImages);
  const tickets = createFakeTickets(options.tickets ?? {}, () => (session.status === 'logged-out' ? null : { id: session.operator.id, permissions: session.operator.permissions }), {
    changed: (e) => emit('tickets.changed', e),
    outboxChanged: (e) => emit('tickets.outbox-changed', e),
  });
  const kbAuthoring = createFakeKbAuthoring(
    options.kb ?? {},
    () => (session.status === 'logged-out' ? null : session.operator.id),
    () => kb.acknowledged,
    (change) => emit('kb.changed', change),
  );

  let updateStatus: UpdateStatus = options.update ?? { state: 'disabled', version: null, waitingFor: null, reason: null, progress: null };
  const events = createFakeEvents((channel, payload) => {
    if (channel === 'update.changed') updateStatus = payload as UpdateStatus;
  });
  const emit = events.emit;
  const setSession = (next: SessionState) => {
    session = next;
    if (next.status === 'logged-out') activityHolds.releaseAll();
    emit('session.changed', next);
    return ok(next);
  };
  const settingsNow = (): DeskSettings => {
    if (session.status === 'logged-out') return { language: workstationLanguage };
    const audioDevices = operatorAudio.get(session.operator.id);
    return { language: operatorLanguages.get(session.operator.id) ?? workstationLanguage, ...(audioDevices === undefined ? {} : { audioDevices }) };
  };

  // Only what is left once the dispatcher's access rule passed (see the channel table).
  const handlers: FakeHandlers = {
    'session.info': () =>
      ok({
        workstationId: options.workstationId ?? 'WS-SH-0042',
        enrollment,
        institutionName: options.institutionName ?? { 'zh-CN': '示例银行信用卡中心', 'en-US': 'Example Bank Card Center' },
        connection,
        session,
        policy,
      }),
    'session.login': (args) => {
      if (session.status === 'locked') return fail({ code: 'session_locked' });
      if (session.status === 'active') return fail({ code: 'bad_request' });
      if (enrollment !== 'enrolled') {
        if (enrollment === 'pending') {
          enrollment = 'refused';
          emit('enrollment.changed', enrollment);
        }
        return fail({ code: 'workstation_not_enrolled' });
      }
      const found = options.accounts.find((a) => a.operator.id === args.operatorId);
      if (!found || found.password !== args.password) return fail({ code: 'invalid_credentials' });
      if (found.lockedForSeconds !== undefined) return fail({ code: 'account_locked', retryAfterSeconds: found.lockedForSeconds });
      if (found.totp !== undefined && args.totp === undefined) return fail({ code: 'totp_required' });
      if (found.totp !== undefined && args.totp !== found.totp) return fail({ code: 'totp_invalid' });
      account = found;
      return setSession({ status: 'active', operator: found.operator });
    },
    'session.logout': () => {
      account = null;
      return setSession({ status: 'logged-out', reason: 'user' });
    },
    'session.lock': () => (session.status === 'active' ? setSession({ status: 'locked', operator: session.operator }) : fail({ code: 'internal' })),
    'session.unlock': (args) => {
      // Core answers an unlock of an unlocked session with the session as it is.
      if (session.status !== 'locked') return ok(session);
      if (args.password !== account?.password) return fail({ code: 'invalid_credentials' });
      return setSession({ status: 'active', operator: session.operator });
    },
    'activity.report': () => {
      activityReports += 1;
      return ok(null);
    },
    'policy.get': () => ok(policy),
    'audit.record': (args) => {
      recorded.push(args);
      return ok(null);
    },
    'audit.status': () => ok({ backlog: options.backlog ?? 0 }),
    'settings.get': () => ok(settingsNow()),
    'settings.set': ({ language, audioDevices }) => {
      if (session.status === 'logged-out') {
        if (audioDevices !== undefined) return fail({ code: 'not_logged_in' });
        if (language !== undefined) workstationLanguage = language;
        return ok(settingsNow());
      }
      const id = session.operator.id;
      if (language !== undefined) operatorLanguages.set(id, language);
      if (audioDevices !== undefined) {
        const none = audioDevices.microphone === null && audioDevices.speaker === null && audioDevices.ringer === null;
        if (none) operatorAudio.delete(id);
        else operatorAudio.set(id, { ...audioDevices });
      }
      return ok(settingsNow());
    },
    'system.versions': () => ok(options.versions ?? { app: 'fake', electron: null, chrome: null, node: '24.0.0' }),
    'update.status': () => ok(updateStatus),
    'update.check': () => ok(updateStatus),
    'security.ice-servers': () => ok({ urls: [...(options.iceServers ?? [])] }),
    'security.report-ice-refused': (refusal) => {
      iceRefusals.push(refusal);
      return ok(null);
    },
    'kb.report-blocked': (attempt) => {
      kbBlocked.push(attempt);
      return ok(null);
    },
    // Article images by id (options.kbImages and uploads); any other id is what core answers for an unknown or unreadable one.
    ...kbImages,
    ...phone.handlers,
    ...inbound.handlers,
    ...activityHolds.handlers,
    ...kb.handlers,
    ...kbAuthoring.handlers,
    ...tickets.handlers,
  };

  const { dispatch, calls, contractViolations, holdNext } = createFakeDispatcher(handlers, () => session);
  const transport: DeskTransport = {
    invoke: (channel, payload) => dispatch(channel, payload) as never,
    subscribe: events.subscribe,
  };

  return {
    desk: buildDeskApi(transport),
    dispatch,
    calls,
    contractViolations,
    recorded,
    iceRefusals,
    kbBlocked,
    phone: { agentStates: phone.agentStates, credentialsIssued: phone.credentialsIssued, callRecords: phone.callRecords },
    inbound: { lookups: inbound.lookups, notices: inbound.notices, noticesEnded: inbound.noticesEnded },
    kb: { publish: (a) => kb.publish(a), retire: (id) => kb.retire(id), setReadRoles: (space, roles) => kb.setReadRoles(space, roles), acknowledged: kb.acknowledged },
    kbAuthoring: { saveAsOtherAuthor: (id, draft, authorId) => kbAuthoring.saveAsOtherAuthor(id, draft, authorId) },
    tickets: {
      deliverAll: () => tickets.deliverAll(),
      refuse: (localId, fields, reason) => tickets.refuse(localId, fields, reason),
      setStatus: (ticketId, status) => tickets.setStatus(ticketId, status),
      setRevealValue: (ticketId, pointer, value) => tickets.setRevealValue(ticketId, pointer, value),
      delivered: () => tickets.delivered(),
      reveals: tickets.reveals,
    },
    activityReports: () => activityReports,
    activityHolds: () => activityHolds.open(),
    savedSettings: settingsNow,
    emit,
    setPolicy(next) {
      policy = next;
      emit('policy.changed', next);
    },
    setConnection(next) {
      if (next === connection) return;
      connection = next;
      emit('connection.changed', next);
    },
    coreLocks() {
      if (session.status === 'active') setSession({ status: 'locked', operator: session.operator });
    },
    endSession(reason) {
      account = null;
      setSession({ status: 'logged-out', reason });
    },
    listenerCount: events.listenerCount,
    holdNext,
  };
}
