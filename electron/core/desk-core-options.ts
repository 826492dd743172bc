import type { SiteProfile } from '../../institution/contract/site-profile.ts';
import type { EventChannel, EventPayload } from '../contract/channels.ts';
import type { DeskResult } from '../contract/errors.ts';
import type { FaultEvent, SecurityEvent } from './audit/security-recorder.ts';
import type { MainHandlers } from './ipc/dispatch.ts';
import type { Allowlist } from './net/allowlist.ts';
import type { KeyProvider } from './outbox/crypto.ts';
import type { PushRouter } from './push/router.ts';
import type { IdleLock } from './session/idle-lock.ts';
import type { LockCause, SessionKeeper } from './session/keeper.ts';
import type { TicketDomainOptions } from './tickets/ticket-domain.ts';
import type { UpdaterConfig } from './updates/update-domain.ts';

/**
 * What the desk core (desk-core.ts) is built from and what it hands back to Electron main
 * and the browser test host. Kept apart from the start-up sequence so callers and tests
 * can read the surface without the wiring.
 */
export interface DeskCoreOptions {
  dataDir: string;
  workstationId: string;
  /**
   * The one-time code IT got when it registered this workstation with the institution.
   * Core moves it into its encrypted store at once (main may then delete it from
   * workstation.json) and enrolls the workstation's key with it right after start, until
   * the institution has accepted the key. A secret until spent: never logged.
   */
  enrollmentCode?: string;
  signedProfile: unknown;
  /**
   * Seconds since the OS last saw input (main: `powerMonitor.getSystemIdleTime`). The idle lock
   * takes the longer of this and the renderer's heartbeats (session/idle-lock.ts).
   */
  osIdleSeconds?: () => number;
  /** keyId → Ed25519 public key (SPKI PEM) the institution signs profiles with. */
  trustedProfileKeys: Record<string, string>;
  /** Extra CA for the institution's TLS certificate (private PKI, tests); pins still apply. */
  caPem?: string;
  clientCertificate?: { certPem: string; keyPem: string };
  /** Reuse pin-checked keep-alive connections for retry-safe calls (default true; false: the benchmark's baseline). */
  apiPool?: boolean;
  keyProvider: KeyProvider;
  now?: () => number;
  /** The renderer's origin, `app://desk`. */
  appOrigin: string;
  devOrigins?: string[];
  /** Receives error types and channel names only (never payloads). */
  log?: (message: string) => void;
  /** How long close() waits for the server logout and a last audit flush (default 3 s). */
  closeTimeoutMs?: number;
  /** Pause between reachability probes while nobody is signed in (default 15 s). */
  reachabilityIntervalMs?: number;
  /** Audit delivery retry backoff; defaults suit production. */
  deliveryBackoff?: { initialMs: number; maxMs: number };
  /** Enrollment retry backoff (network failures); defaults suit production. */
  enrollmentBackoff?: { initialMs: number; maxMs: number };
  /** Pause between audit-head anchors sent to the institution (default 60 s: the rewrite window). */
  anchorIntervalMs?: number;
  /**
   * The handlers of the main-owned channels (electron/contract/channels.ts): Electron main
   * passes its own, the browser test host its stand-ins. They run behind the same
   * dispatcher as core's, so the same access rules and schemas apply.
   */
  mainHandlers: MainHandlers;
  /** Signed updates (pinned update keys, the running version, main's installer); absent: the updater is disabled. */
  updates?: UpdaterConfig;
  /** Ticket delivery tuning and the filing-session wait (tests, the drain bench); defaults suit production. */
  tickets?: Pick<TicketDomainOptions, 'delivery' | 'filingSessionWaitMs'>;
}

export interface DeskCore {
  readonly profile: SiteProfile;
  readonly allowlist: Allowlist;
  readonly workstationId: string;
  dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>>;
  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Audits a refusal of the trusted side under its own kind (`security.<kind>`), origin only. */
  recordSecurity(event: SecurityEvent): void;
  /** Audits a process fault (`fault.<kind>`): types and reasons only, never messages. */
  recordFault(event: FaultEvent): void;
  /** Locks the operator's screen now if a session is unlocked (OS lock, suspend, a crashed renderer). */
  lockNow(cause: Exclude<LockCause, 'user' | 'idle'>): void;
  /** Activity holds: an active call or an update install keeps the idle timer from locking. */
  readonly idle: Pick<IdleLock, 'hold' | 'holds'>;
  /** Where later domains (kb, tickets, agent state) register for their push kinds. */
  readonly push: Pick<PushRouter, 'on'>;
  /** For main's future handlers (kb, tickets, phone) that need the operator's session. */
  readonly session: Pick<SessionKeeper, 'requireActive' | 'withAccessToken' | 'operatorId'>;
  close(): Promise<void>;
}
