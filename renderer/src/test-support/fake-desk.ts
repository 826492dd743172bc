import { accessDenial } from '../../../electron/contract/access.ts';
import {
  eventChannels,
  invokeChannels,
  isInvokeChannel,
  type ConnectionState,
  type DeskInfo,
  type DeskSettings,
  type EnrollmentState,
  type EventChannel,
  type EventPayload,
  type IceRefusal,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type Language,
  type RecordArgs,
  type SessionState,
  type SystemVersions,
} from '../../../electron/contract/channels.ts';
import { buildDeskApi, type DeskApi, type DeskTransport } from '../../../electron/contract/desk-api.ts';
import type { KbBlockedAttempt } from '../../../electron/contract/kb-protection.ts';
import type { KbImageData } from '../../../electron/contract/kb-image.ts';
import type { DeskError, DeskResult } from '../../../electron/contract/errors.ts';
import type { UpdateStatus } from '../../../electron/contract/updates.ts';
import type { Operator } from '../../../institution/contract/api.ts';
import type { Policy } from '../../../institution/contract/site-profile.ts';
import { createFakeActivityHolds } from './fake-activity-holds.ts';
import { createFakeInbound, type FakeInbound } from './fake-inbound.ts';
import { createFakeKb, type FakeKb, type FakeKbArticle } from './fake-kb.ts';
import { createFakeKbAuthoring, type FakeKbAuthoring } from './fake-kb-authoring.ts';
import { createFakeKbImages } from './fake-kb-images.ts';
import { createFakePhone, type FakePhone, type FakePhoneOptions } from './fake-phone.ts';
import { createFakeTickets, type FakeTicketOptions, type FakeTickets } from './fake-tickets.ts';

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
 * that sends a malformed payload cannot pass by accident.
 */
export interface FakeAccount {
  operator: Operator;
  password: string;
  /** When set, login needs this 6-digit code. */
  totp?: string;
  /** When set, login fails with account_locked and this retry time. */
  lockedForSeconds?: number;
}

export interface FakeDeskOptions {
  accounts: FakeAccount[];
  workstationId?: string;
  institutionName?: DeskInfo['institutionName'];
  policy?: Policy;
  connection?: ConnectionState;
  backlog?: number;
  /** The workstation's stored default (login screen language); core's default (zh-CN) otherwise. */
  settings?: DeskSettings;
  /** Languages operators chose earlier on this seat; an operator without one gets the workstation's. */
  operatorSettings?: Record<string, DeskSettings>;
  /**
   * The workstation's enrollment; 'enrolled' by default. Otherwise every login fails with
   * workstation_not_enrolled, and a 'pending' one turns 'refused' (with an
   * `enrollment.changed` event) at the first login, as core's does when the institution
   * refuses the enrollment it was waiting for.
   */
  enrollment?: EnrollmentState;
  versions?: SystemVersions;
  /** The ICE server URLs the seat's profile allows (`security.ice-servers`); none by default. */
  iceServers?: string[];
  /** The phone's SBCs, SIP domain and code lists (fake-phone.ts). */
  phone?: FakePhoneOptions;
  /** The knowledge base's articles (fake-kb.ts); a few like the demo seed's by default. */
  kb?: { articles?: readonly FakeKbArticle[] };
  /** Article images `kb.image` answers, by image id (base64 of a PNG, JPEG or WebP); `kb.upload-image` adds more (fake-kb-images.ts). */
  kbImages?: Readonly<Record<string, KbImageData>>;
  /** The updater's state (`update.status`); disabled by default. Tests change it with `emit('update.changed', …)`. */
  update?: UpdateStatus;
  /** Ticket types and key (fake-tickets.ts); FAKE_TICKET_TYPES and FAKE_TICKET_KEY by default. */
  tickets?: FakeTicketOptions;
}

type Handler<C extends InvokeChannel> = (payload: InvokeRequest<C>) => DeskResult<InvokeResponse<C>>;
type Handlers = { [C in InvokeChannel]: Handler<C> };

export interface FakeDesk {
  desk: DeskApi;
  /** The same door as core's `dispatch`: any channel string, any payload. */
  dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>>;
  /** Every invoke of a table channel, in order (passwords included: this never leaves the test). */
  calls: { channel: InvokeChannel; payload: unknown }[];
  /** Requests the contract refused (channel and why), for mountApp to fail the test on. */
  contractViolations: string[];
  /** audit.record payloads, in order. */
  recorded: RecordArgs[];
  /** security.report-ice-refused payloads, in order (core audits each). */
  iceRefusals: IceRefusal[];
  /** kb.report-blocked payloads, in order (core audits each as kb.protection-blocked). */
  kbBlocked: KbBlockedAttempt[];
  /** What the phone reported (agent states) and was handed (credentials). */
  phone: Pick<FakePhone, 'agentStates' | 'credentialsIssued' | 'callRecords'>;
  /** Caller lookups and desktop notifications (fake-inbound.ts). */
  inbound: Pick<FakeInbound, 'lookups' | 'notices' | 'noticesEnded'>;
  /** The knowledge base: an author publishes or retires (with `kb.changed`); acknowledgements received. */
  kb: Pick<FakeKb, 'publish' | 'retire' | 'acknowledged'>;
  /** The knowledge base's authors: another author saves a draft (a concurrent edit). */
  kbAuthoring: Pick<FakeKbAuthoring, 'saveAsOtherAuthor'>;
  /** Tickets: the institution delivers the queue, refuses one, changes a status; reveals asked for (fake-tickets.ts). */
  tickets: Pick<FakeTickets, 'deliverAll' | 'refuse' | 'setStatus' | 'setRevealValue' | 'delivered' | 'reveals'>;
  /** Accepted `activity.report` calls. */
  activityReports(): number;
  /** The reasons of the activity holds open now (`activity.hold`, not yet released). */
  activityHolds(): string[];
  /** What `settings.get` answers now (the signed-in operator's, else the workstation's), as core's store holds it. */
  savedSettings(): DeskSettings;
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  /** Pushes a policy change the way the institution would. */
  setPolicy(policy: Policy): void;
  /** Core's connection monitor changed its mind. */
  setConnection(state: ConnectionState): void;
  /** Core locks an active session by itself (idle policy, OS lock), as core's idle lock does. */
  coreLocks(): void;
  /** Ends the session from the institution's side. */
  endSession(reason: 'expired' | 'operator-disabled' | 'revoked'): void;
  listenerCount(channel: EventChannel): number;
  /** Holds the next call on `channel` until the returned function is called. */
  holdNext(channel: InvokeChannel): () => void;
}

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = (error: DeskError): DeskResult<never> => ({ ok: false, error });

export const DEFAULT_POLICY: Policy = { idleLockSeconds: 300, watermark: true };

export function createFakeDesk(options: FakeDeskOptions): FakeDesk {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const calls: FakeDesk['calls'] = [];
  const contractViolations: string[] = [];
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
  const holds = new Map<InvokeChannel, Promise<void>>();
  const activityHolds = createFakeActivityHolds();
  const inbound = createFakeInbound();
  const phone = createFakePhone(options.phone ?? {}, () => (session.status === 'logged-out' ? null : session.operator.id));
  const kb = createFakeKb(
    options.kb ?? {},
    () => (session.status === 'logged-out' ? null : { operatorId: session.operator.id, roles: session.operator.roles }),
    (change) => emit('kb.changed', change),
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
  const emit = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => {
    // Core never sends an event outside the contract (it drops it); here that is a test bug.
    eventChannels[channel].payload.parse(payload);
    if (channel === 'update.changed') updateStatus = payload as UpdateStatus;
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };
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
  const handlers: Handlers = {
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

  async function dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>> {
    if (!isInvokeChannel(channel)) {
      contractViolations.push(`${channel}: not a desk channel`);
      return fail({ code: 'bad_request' });
    }
    calls.push({ channel, payload });
    const hold = holds.get(channel);
    holds.delete(channel);
    if (hold) await hold;
    const spec = invokeChannels[channel];
    const denied = accessDenial(spec.access, session);
    if (denied !== null) return fail({ code: denied });
    const request = spec.request.safeParse(payload);
    if (!request.success) {
      contractViolations.push(`${channel}: request does not match the contract`);
      return fail({ code: 'bad_request' });
    }
    const handler = handlers[channel] as unknown as Handler<typeof channel>;
    const result = handler(request.data as never);
    // A fake answer outside the contract is a bug in this file: fail loudly.
    if (result.ok) spec.response.parse(result.value);
    return result;
  }

  const transport: DeskTransport = {
    invoke: (channel, payload) => dispatch(channel, payload) as never,
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
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
    kb: { publish: (a) => kb.publish(a), retire: (id) => kb.retire(id), acknowledged: kb.acknowledged },
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
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
    holdNext(channel) {
      let release = () => {};
      holds.set(
        channel,
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      return release;
    },
  };
}

export const AGENT: FakeAccount = {
  operator: {
    id: 'A1001',
    displayName: '李娜',
    roles: ['agent'],
    permissions: ['calls.handle', 'kb.read', 'tickets.create'],
    team: 'Card-Team-3',
    totpEnabled: false,
    disabled: false,
  },
  password: 'correct horse',
};

export const SUPERVISOR_WITH_TOTP: FakeAccount = {
  operator: {
    id: 'S2001',
    displayName: '王强',
    roles: ['supervisor', 'agent'],
    permissions: ['calls.handle', 'kb.read', 'supervision.monitor', 'reports.read'],
    team: 'Card-Team-3',
    totpEnabled: true,
    disabled: false,
  },
  password: 'battery staple',
  totp: '492817',
};
