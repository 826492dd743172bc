import type { Operator } from '../../../institution/contract/api.ts';
import type { ConnectionState, LoginArgs, SessionState, UnlockArgs } from '../../contract/channels.ts';
import type { InstitutionClient } from '../api/client.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { Timers } from '../outbox/delivery.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { PushChannel, PushChannelOptions } from '../push/channel.ts';

/**
 * What the session keeper (keeper.ts) needs and what it offers. Most of core depends on
 * this surface only (the keeper's operator, its token, its state), not on how it works.
 */
export type SessionClient = Pick<InstitutionClient, 'login' | 'refresh' | 'logout' | 'reauthenticate' | 'me' | 'openEventStream'>;

export type PushChannelFactory = (o: PushChannelOptions) => PushChannel;

export interface SessionKeeperOptions {
  client: SessionClient;
  workstationId: string;
  audit: Pick<AuditChain, 'append'>;
  policy: Pick<PolicyEngine, 'apply'>;
  createPushChannel: PushChannelFactory;
  /** Where this session's push messages go (the push router); only the live session's arrive. */
  routePush(message: unknown, eventId: string | null): void;
  onSessionChanged(state: SessionState): void;
  onConnectionChanged(state: ConnectionState): void;
  timers?: Timers;
  /** Fraction of the access-token lifetime after which it is refreshed. */
  refreshAt?: number;
  /** Delay before retrying a refresh that failed for a transient reason. */
  refreshRetryMs?: number;
}

export interface SessionKeeper {
  state(): SessionState;
  connection(): ConnectionState;
  /** The operator in session (active or locked), for audit records. */
  operatorId(): string | null;
  login(args: LoginArgs): Promise<SessionState>;
  logout(): Promise<SessionState>;
  /** Locks the screen; `cause` is audited (the operator, the idle timer, the OS, a renderer crash). */
  lock(cause?: LockCause): SessionState;
  /** The institution ended this session (push): it is over here too. */
  revoke(reason: 'operator-disabled' | 'logged-out-remotely'): void;
  unlock(args: UnlockArgs): Promise<SessionState>;
  /** For handlers of operator work: throws not_logged_in or session_locked. */
  requireActive(): Operator;
  /**
   * Runs an authenticated call; on 401 refreshes once and retries. Requires an active
   * session — or, with `whileLocked`, a locked one too: for the call bar under the lock
   * screen (channels whose access rule says `whileLocked`), never for the workspace's data.
   */
  withAccessToken<T>(call: (accessToken: string) => Promise<T>, o?: { whileLocked?: boolean }): Promise<T>;
  /** App exit: logs out (best effort) and stops every timer. */
  shutdown(): Promise<void>;
}

export type LockCause = 'user' | 'idle' | 'suspend' | 'os-lock' | 'renderer-gone';
