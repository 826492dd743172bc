import type { LoginResponse, MeResponse, Operator, TokenPair } from '../../../institution/contract/api.ts';
import type { ConnectionState, SessionState } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { Timers } from '../outbox/delivery.ts';
import type { PushChannel } from '../push/channel.ts';
import { failureCode, isTransient, isUnauthorized } from './api-failures.ts';
import type { SessionKeeper, SessionKeeperOptions } from './keeper-options.ts';

export type { LockCause, PushChannelFactory, SessionClient, SessionKeeper, SessionKeeperOptions } from './keeper-options.ts';

/** The session as it is held in the keeper's closure (null when logged out). */
interface Live {
  generation: number;
  /** False while login is still fetching /me: not yet a session to anyone outside. */
  ready: boolean;
  operator: Operator;
  locked: boolean;
  tokens: TokenPair;
  push: PushChannel | null;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * The operator's session. Tokens live in this closure only: never on disk, never in the
 * renderer, never in an event or a log. State machine:
 *
 *   logged-out --login--> active <--lock/unlock--> locked
 *   active|locked --logout | session-revoked push | refresh refused--> logged-out
 *
 * Every transition is audited and announced. Async work checks a session generation
 * so a late answer (refresh, me, push) cannot resurrect a session that has ended.
 */
export function createSessionKeeper(o: SessionKeeperOptions): SessionKeeper {
  const timers = o.timers ?? defaultTimers;
  const refreshAt = o.refreshAt ?? 0.8;
  const refreshRetryMs = o.refreshRetryMs ?? 5_000;
  let live: Live | null = null;
  let endedReason: Extract<SessionState, { status: 'logged-out' }>['reason'] = null;
  let connection: ConnectionState = 'offline';
  let generation = 0;
  let loginInFlight = false;
  let refreshTimer: unknown = null;
  let refreshing: Promise<void> | null = null;

  /** Read through a function so TypeScript does not keep a narrowing across awaits. */
  const current = (): Live | null => live;
  const state = (): SessionState =>
    live === null || !live.ready
      ? { status: 'logged-out', reason: endedReason }
      : { status: live.locked ? 'locked' : 'active', operator: live.operator };
  const announce = () => o.onSessionChanged(state());
  const setConnection = (c: ConnectionState) => {
    if (c === connection) return;
    connection = c;
    o.onConnectionChanged(c);
  };
  const clearRefreshTimer = () => {
    if (refreshTimer !== null) timers.clearTimeout(refreshTimer);
    refreshTimer = null;
  };
  const scheduleRefresh = (ms: number) => {
    clearRefreshTimer();
    refreshTimer = timers.setTimeout(() => {
      refreshTimer = null;
      refresh().catch(() => undefined);
    }, ms);
  };

  /** Ends the session locally: push stopped, timers cleared, tokens dropped. */
  const end = (reason: NonNullable<typeof endedReason>, auditType: 'session.logout' | 'session.revoked' | 'session.expired', data: Record<string, string>) => {
    if (!live) return;
    const { operator, push, ready } = live;
    live = null;
    generation += 1;
    clearRefreshTimer();
    push?.stop();
    setConnection('offline');
    // A login still being set up was never announced; login() itself reports its failure.
    if (!ready) return;
    endedReason = reason;
    o.audit.append(auditType, operator.id, data);
    announce();
  };

  // Single flight: the timer, a 401 and the push channel may all ask at once, and the
  // institution may rotate refresh tokens, so only one refresh may be on the wire.
  const refresh = (): Promise<void> => {
    refreshing ??= doRefresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
  const doRefresh = async (): Promise<void> => {
    const s = live;
    if (!s) throw new DeskFailure('not_logged_in');
    let pair: TokenPair;
    try {
      pair = await o.client.refresh(s.tokens.refreshToken);
    } catch (e) {
      if (s.generation !== generation) throw new DeskFailure('session_expired');
      if (isTransient(e)) {
        // The institution is unreachable, not refusing: keep the session and retry.
        scheduleRefresh(refreshRetryMs);
        throw e;
      }
      end('expired', 'session.expired', { cause: failureCode(e) });
      throw new DeskFailure('session_expired');
    }
    if (s.generation !== generation || !live) throw new DeskFailure('session_expired');
    live.tokens = pair;
    scheduleRefresh(Math.max(1_000, pair.expiresIn * 1_000 * refreshAt));
  };

  const withToken = async <T>(call: (token: string) => Promise<T>): Promise<T> => {
    const s = live;
    if (!s) throw new DeskFailure('not_logged_in');
    try {
      return await call(s.tokens.accessToken);
    } catch (e) {
      if (!isUnauthorized(e) || s.generation !== generation) throw e;
    }
    await refresh();
    if (!live || s.generation !== generation) throw new DeskFailure('session_expired');
    return call(live.tokens.accessToken);
  };

  const startPush = (s: Live) => {
    const gen = s.generation;
    s.push = o.createPushChannel({
      open: (lastEventId, signal) => {
        if (!live || gen !== generation) return Promise.reject(new DeskFailure('not_logged_in'));
        return o.client.openEventStream(live.tokens.accessToken, lastEventId, signal);
      },
      onMessage: (message, eventId) => {
        if (gen === generation) o.routePush(message, eventId);
      },
      onState: (c) => {
        if (gen === generation) setConnection(c);
      },
      // The channel stops itself on 401; with fresh tokens it may resume.
      onUnauthorized: () => {
        if (gen !== generation) return;
        refresh().then(
          () => {
            if (gen === generation) live?.push?.start();
          },
          () => undefined,
        );
      },
    });
    s.push.start();
  };

  /**
   * Fetches /me, starts refresh and push. Throws if any step fails. (Enrollment is not the
   * session's business: core enrolls the workstation at start-up with IT's code.)
   */
  const establish = async (s: Live): Promise<void> => {
    const me: MeResponse = await withToken((t) => o.client.me(t));
    if (current() !== s) throw new DeskFailure('session_expired');
    s.operator = me.operator;
    o.policy.apply(me.policy, 'me');
    scheduleRefresh(Math.max(1_000, s.tokens.expiresIn * 1_000 * refreshAt));
    startPush(s);
  };

  const logout = async (cause: 'user' | 'shutdown'): Promise<SessionState> => {
    if (!live) return state();
    const token = live.tokens.accessToken;
    end('user', 'session.logout', { cause });
    // Best effort: the tokens are already gone from this process either way.
    await o.client.logout(token).catch(() => undefined);
    return state();
  };

  return {
    state,
    connection: () => connection,
    operatorId: () => live?.operator.id ?? null,
    async login(args) {
      if (live?.locked) throw new DeskFailure('session_locked');
      if (live || loginInFlight) throw new DeskFailure('bad_request', 'a session is already open');
      loginInFlight = true;
      try {
        let res: LoginResponse;
        try {
          res = await o.client.login({ ...args, workstationId: o.workstationId });
        } catch (e) {
          o.audit.append('session.login-failed', null, { operatorId: args.operatorId, reason: failureCode(e) });
          throw e;
        }
        generation += 1;
        const s: Live = { generation, ready: false, operator: res.operator, locked: false, tokens: res, push: null };
        live = s;
        try {
          await establish(s);
        } catch (e) {
          if (current() === s) {
            s.push?.stop();
            live = null;
            generation += 1;
            clearRefreshTimer();
          }
          o.audit.append('session.login-failed', null, { operatorId: args.operatorId, reason: `setup-${failureCode(e)}` });
          await o.client.logout(s.tokens.accessToken).catch(() => undefined);
          throw e;
        }
        endedReason = null;
        s.ready = true;
        o.audit.append('session.login', s.operator.id, {});
        announce();
        return state();
      } finally {
        loginInFlight = false;
      }
    },
    logout: () => logout('user'),
    lock(cause = 'user') {
      if (!live?.ready) throw new DeskFailure('not_logged_in');
      if (live.locked) throw new DeskFailure('session_locked');
      live.locked = true;
      o.audit.append('session.locked', live.operator.id, { cause });
      announce();
      return state();
    },
    async unlock({ password }) {
      const s = live;
      if (!s?.ready) throw new DeskFailure('not_logged_in');
      if (!s.locked) return state();
      try {
        await withToken((t) => o.client.reauthenticate(t, password));
      } catch (e) {
        if (live === s) o.audit.append('session.unlock-failed', s.operator.id, { reason: failureCode(e) });
        throw e;
      }
      if (live !== s) throw new DeskFailure('not_logged_in');
      s.locked = false;
      o.audit.append('session.unlocked', s.operator.id, {});
      announce();
      return state();
    },
    revoke(reason) {
      end(reason === 'operator-disabled' ? 'operator-disabled' : 'revoked', 'session.revoked', { reason });
    },
    requireActive() {
      if (!live?.ready) throw new DeskFailure('not_logged_in');
      if (live.locked) throw new DeskFailure('session_locked');
      return live.operator;
    },
    withAccessToken(call, o = {}) {
      if (!live?.ready) return Promise.reject(new DeskFailure('not_logged_in'));
      if (live.locked && o.whileLocked !== true) return Promise.reject(new DeskFailure('session_locked'));
      return withToken(call);
    },
    async shutdown() {
      await logout('shutdown');
      clearRefreshTimer();
    },
  };
}
