import {
  invokeChannels,
  type ConnectionState,
  type DeskSettings,
  type EnrollmentState,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type RecordArgs,
  type SessionState,
} from '../../../electron/contract/channels.ts';
import { buildDeskApi, type DeskApi, type DeskTransport } from '../../../electron/contract/desk-api.ts';
import type { DeskError, DeskResult } from '../../../electron/contract/errors.ts';
import type { Operator } from '../../../institution/contract/api.ts';
import type { Policy } from '../../../institution/contract/site-profile.ts';

/**
 * A test double of OUR desk transport (not of a library): it answers the desk channels
 * the way core does for the cases the renderer must handle, and checks every request
 * and answer against the real contract schemas, so a renderer that sends a malformed
 * payload fails its test instead of passing against a lenient fake.
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
  policy?: Policy;
  connection?: ConnectionState;
  backlog?: number;
  /** What the core has stored from an earlier run; defaults to the core's default (zh-CN). */
  settings?: DeskSettings;
  /**
   * The workstation's enrollment; 'enrolled' by default. Otherwise every login fails with
   * workstation_not_enrolled, and a 'pending' one turns 'refused' at the first login, as
   * core's does when the institution refuses the enrollment it was waiting for.
   */
  enrollment?: EnrollmentState;
}

type Handler<C extends InvokeChannel> = (payload: InvokeRequest<C>) => DeskResult<InvokeResponse<C>>;
type Handlers = { [C in InvokeChannel]: Handler<C> };

export interface FakeDesk {
  desk: DeskApi;
  /** Every invoke, in order (passwords included: this never leaves the test). */
  calls: { channel: InvokeChannel; payload: unknown }[];
  /** audit.record payloads, in order. */
  recorded: RecordArgs[];
  /** What the core holds now; it outlives any renderer mounted on this fake, like core's store. */
  savedSettings(): DeskSettings;
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  /** Pushes a policy change the way the institution would. */
  setPolicy(policy: Policy): void;
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
  const recorded: RecordArgs[] = [];
  let policy = options.policy ?? DEFAULT_POLICY;
  let session: SessionState = { status: 'logged-out', reason: null };
  let account: FakeAccount | null = null;
  let settings: DeskSettings = options.settings ?? { language: 'zh-CN' };
  let enrollment: EnrollmentState = options.enrollment ?? 'enrolled';
  const holds = new Map<InvokeChannel, Promise<void>>();

  const emit = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };
  const setSession = (next: SessionState) => {
    session = next;
    emit('session.changed', next);
    return ok(next);
  };

  const handlers: Handlers = {
    'session.info': () =>
      ok({
        workstationId: options.workstationId ?? 'WS-SH-0042',
        enrollment,
        institutionName: { 'zh-CN': '示例银行信用卡中心', 'en-US': 'Example Bank Card Center' },
        connection: options.connection ?? 'online',
        session,
        policy,
      }),
    'session.login': (args) => {
      if (enrollment !== 'enrolled') {
        enrollment = 'refused';
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
    'session.lock': () => {
      if (session.status !== 'active') return fail({ code: 'not_logged_in' });
      return setSession({ status: 'locked', operator: session.operator });
    },
    'session.unlock': (args) => {
      if (session.status !== 'locked' || !account) return fail({ code: 'not_logged_in' });
      if (args.password !== account.password) return fail({ code: 'invalid_credentials' });
      return setSession({ status: 'active', operator: session.operator });
    },
    'policy.get': () => ok(policy),
    'audit.record': (args) => {
      recorded.push(args);
      return ok(null);
    },
    'audit.status': () => ok({ backlog: options.backlog ?? 0 }),
    // Open in every session state, as in core.
    'settings.get': () => ok(settings),
    'settings.set': (next) => {
      settings = { ...next };
      return ok(settings);
    },
  };

  const transport: DeskTransport = {
    async invoke(channel, payload) {
      calls.push({ channel, payload });
      const hold = holds.get(channel);
      holds.delete(channel);
      if (hold) await hold;
      const schemas = invokeChannels[channel];
      schemas.request.parse(payload);
      const handler = handlers[channel] as unknown as Handler<typeof channel>;
      const result = handler(payload);
      if (result.ok) schemas.response.parse(result.value);
      return result;
    },
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
    calls,
    recorded,
    savedSettings: () => settings,
    emit,
    setPolicy(next) {
      policy = next;
      emit('policy.changed', next);
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
