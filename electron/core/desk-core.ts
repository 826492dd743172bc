import { EnrollmentCode, WorkstationId } from '../../institution/contract/api.ts';
import type { SiteProfile } from '../../institution/contract/site-profile.ts';
import type { EventChannel, EventPayload, SessionState } from '../contract/channels.ts';
import type { DeskResult } from '../contract/errors.ts';
import { createAnchorHeartbeat } from './anchor/heartbeat.ts';
import { createInstitutionClient } from './api/client.ts';
import { createSecurityRecorder, type FaultEvent, type SecurityEvent } from './audit/security-recorder.ts';
import { createAuditChain } from './audit/chain.ts';
import { createAuditDeliverer } from './audit/deliverer.ts';
import { loadOrCreateWorkstationKey } from './audit/workstation-key.ts';
import { createWorkstationSigner } from './audit/workstation-signer.ts';
import { takeEnrollmentCode } from './enrollment/code-custody.ts';
import { createEnroller } from './enrollment/enroller.ts';
import { createKbDomain } from './kb/kb-domain.ts';
import { createDispatcher, type MainHandlers } from './ipc/dispatch.ts';
import { createDeskEvents } from './ipc/events.ts';
import { createCoreHandlers } from './ipc/handlers.ts';
import { createAllowlist, type Allowlist } from './net/allowlist.ts';
import type { KeyProvider } from './outbox/crypto.ts';
import { createDeliveryLoop } from './outbox/delivery.ts';
import { openOutboxStore } from './outbox/store.ts';
import { createCallRecords } from './phone/call-records.ts';
import { createCallerLookup } from './phone/caller-lookup.ts';
import { createPhoneService } from './phone/phone-service.ts';
import { createPolicyEngine } from './policy/engine.ts';
import { verifyAboveFloor } from './profile/rollback-floor.ts';
import { createPushChannel } from './push/channel.ts';
import { createPushRouter, type PushRouter } from './push/router.ts';
import { routeSessionPushes } from './push/session-domains.ts';
import { createTicketDomain, type TicketDomainOptions } from './tickets/ticket-domain.ts';
import { createConnectionMonitor, observeReachability } from './session/connection.ts';
import { createIdleLock, type IdleLock } from './session/idle-lock.ts';
import { createRendererHolds } from './session/renderer-holds.ts';
import { createSessionKeeper, type LockCause, type SessionKeeper } from './session/keeper.ts';
import { createDeskSettings } from './settings/desk-settings.ts';
import { createUpdateDomain, type UpdaterConfig } from './updates/update-domain.ts';

/**
 * Composition root of the desktop's brain. Electron main and the browser test host
 * both build exactly this, so the browser e2e exercises the same handlers as the app.
 * Order matters: the outbox opens first (it holds the rollback floor), the signed
 * profile is verified before anything reads it, and only then is the network touched.
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

const ENROLLED_SETTING = 'workstation.enrolled-key';

export async function createDeskCore(o: DeskCoreOptions): Promise<DeskCore> {
  const workstationId = WorkstationId.safeParse(o.workstationId);
  if (!workstationId.success) throw new TypeError('createDeskCore: workstationId must match [A-Za-z0-9._-]{1,64}');
  if (o.enrollmentCode !== undefined && !EnrollmentCode.safeParse(o.enrollmentCode).success) {
    throw new TypeError('createDeskCore: enrollmentCode must be 26 base32 characters [A-Z2-7]');
  }
  const now = o.now ?? Date.now;
  const log = o.log ?? ((m: string) => console.error(m));

  const store = await openOutboxStore({ dataDir: o.dataDir, keyProvider: o.keyProvider, now });
  let profile: SiteProfile;
  try {
    profile = verifyAboveFloor(store, o.signedProfile, o.trustedProfileKeys, now());
  } catch (e) {
    store.close();
    throw e;
  }

  const allowlist = createAllowlist(profile, { appOrigin: o.appOrigin, devOrigins: o.devOrigins ?? [] });
  const api = createInstitutionClient({
    baseUrls: profile.api.baseUrls,
    pins: profile.pins,
    ...(o.caPem === undefined ? {} : { caPem: o.caPem }),
    ...(o.clientCertificate === undefined ? {} : { clientCertificate: o.clientCertificate }),
    ...(o.apiPool === undefined ? {} : { pool: o.apiPool }),
    // Proof of the enrolled key on login/refresh/unlock, and the chain's signed head on every session call.
    workstation: { workstationId: o.workstationId, profileSerial: profile.serial, prove: (p) => signer.prove(p), auditHead: () => signer.auditHeadHeader() },
  });
  const signingKey = loadOrCreateWorkstationKey(store);
  const chain = createAuditChain({ store, workstationId: o.workstationId, signingKey, now });
  const signer = createWorkstationSigner({ workstationId: o.workstationId, signingKey, head: () => chain.head(), now });
  const events = createDeskEvents({ log });
  // Set once the delivery loop exists: the institution answering again ends any backoff at
  // once, so a backlog queued during an outage does not wait out a retry of up to a minute.
  let connectionBack = () => {};
  const connection = createConnectionMonitor({
    check: () => api.health(),
    intervalMs: o.reachabilityIntervalMs ?? 15_000,
    onChange: (c) => {
      events.emit('connection.changed', c);
      if (c === 'online') connectionBack();
    },
  });
  // Every request's outcome updates the status bar at once, not only the next probe: it
  // must not say "online" beside a login that just failed as unreachable.
  const client = observeReachability(api, (reachable) => connection.observed(reachable));
  // Call records follow the signed-in operator (their token sends them); built before the keeper exists.
  let session: SessionKeeper | null = null;
  const callRecords = createCallRecords({
    store,
    client,
    session: {
      operatorId: () => session?.operatorId() ?? null,
      withAccessToken: (call, opts) => (session === null ? Promise.reject(new TypeError('no session keeper')) : session.withAccessToken(call, opts)),
    },
    audit: chain,
  });
  // Tickets (tickets/ticket-domain.ts): built before the keeper exists, like call records; its
  // deliverers run after audit and call records.
  const tickets = createTicketDomain({
    store,
    client,
    session: {
      operatorId: () => session?.operatorId() ?? null,
      state: () => session?.state() ?? { status: 'logged-out', reason: null },
      withAccessToken: (call, opts) => (session === null ? Promise.reject(new TypeError('no session keeper')) : session.withAccessToken(call, opts)),
    },
    profile,
    events: { emit: (channel, payload) => events.emit(channel, payload) },
    audit: { append: (type, actor, data) => chain.append(type, actor, data) },
    now,
    log,
    ...o.tickets,
  });
  const delivery = createDeliveryLoop({
    store,
    deliverers: [createAuditDeliverer(client), callRecords.deliverer, ...tickets.deliverers],
    ...(o.deliveryBackoff === undefined ? {} : { backoff: o.deliveryBackoff }),
    onError: (kind, e) => log(`outbox ${kind}: delivery failed with ${e instanceof Error ? e.name : typeof e}`),
  });
  connectionBack = () => delivery.nudge();
  const heartbeat = createAnchorHeartbeat({
    send: (head) => client.anchorAuditHead(head),
    signedHead: () => signer.signedHead(),
    ...(o.anchorIntervalMs === undefined ? {} : { intervalMs: o.anchorIntervalMs }),
    onError: (e) => log(`audit anchor failed with ${e instanceof Error ? e.name : typeof e}`),
  });

  const actor = () => session?.operatorId() ?? null;
  const policy = createPolicyEngine({ baseline: profile.policy, audit: chain, actor });
  // Keyed by the public key: a regenerated key (new data dir) must be enrolled again.
  const enrolledValue = `${o.workstationId} ${chain.publicKeySpkiBase64()}`;
  const enrollmentCode = takeEnrollmentCode(store, o.enrollmentCode, store.getSetting(ENROLLED_SETTING) === enrolledValue);
  const enroller = createEnroller({
    client,
    workstationId: o.workstationId,
    publicKeySpkiBase64: chain.publicKeySpkiBase64(),
    enrollmentCode: enrollmentCode.code(),
    record: {
      isEnrolled: () => store.getSetting(ENROLLED_SETTING) === enrolledValue,
      markEnrolled: () => store.setSetting(ENROLLED_SETTING, enrolledValue),
    },
    ...(o.enrollmentBackoff === undefined ? {} : { backoff: o.enrollmentBackoff }),
    // The institution refuses audit from a key it does not know: deliver only once it does.
    onEnrolled: () => {
      enrollmentCode.spent();
      delivery.start();
      heartbeat.start();
    },
    onStateChanged: (state) => events.emit('enrollment.changed', state),
    log,
  });
  const router = createPushRouter({ audit: chain, actor, log });
  // The domains built on the session (idle lock, phone, the page's holds) hear its changes
  // through this list: they need the keeper to exist, the keeper needs somewhere to announce.
  const sessionFollowers: ((s: SessionState) => void)[] = [];
  session = createSessionKeeper({
    client,
    workstationId: o.workstationId,
    audit: chain,
    policy,
    createPushChannel,
    routePush: (message, eventId) => router.route(message, eventId),
    onSessionChanged: (s) => {
      connection.sessionChanged(s.status !== 'logged-out', session?.connection() ?? 'connecting');
      for (const follow of sessionFollowers) follow(s);
      events.emit('session.changed', s);
    },
    onConnectionChanged: (c) => connection.fromSession(c),
  });
  const keeper = session;
  const phoneService = createPhoneService({ profile, client, session: keeper, audit: chain });
  // The updater must know when a call or its wrap-up runs: it hears every state the phone takes.
  let phoneStateHeard: (state: string) => void = () => undefined;
  const phone: typeof phoneService = {
    ...phoneService,
    reportState: (report) => {
      phoneStateHeard(report.state);
      return phoneService.reportState(report);
    },
  };
  const isUnlocked = () => keeper.state().status === 'active';
  const lock = (cause: LockCause) => {
    if (isUnlocked()) keeper.lock(cause);
  };
  const idleLock = createIdleLock({ idleSeconds: () => policy.current().idleLockSeconds, isUnlocked, lock, now });
  const holds = createRendererHolds({ idle: idleLock, audit: chain, operatorId: () => keeper.operatorId() });
  const updates = createUpdateDomain({
    config: o.updates,
    profile,
    allowlist,
    ...(o.caPem === undefined ? {} : { caPem: o.caPem }),
    dataDir: o.dataDir,
    workstationId: o.workstationId,
    store,
    signingKey,
    audit: chain,
    actor,
    holds: () => idleLock.holds(),
    session: () => keeper.state(),
    events,
    now,
    log,
  });
  phoneStateHeard = (state) => updates.phoneState(state);
  sessionFollowers.push((s) => {
    if (s.status === 'active') idleLock.restart();
    // Records the operator left queued here (an outage, a sign-out) go out now.
    if (s.status === 'active') delivery.nudge();
    if (s.status === 'logged-out') {
      phone.forget();
      // The page's holds end with the session (an OS lock keeps them: the call goes on).
      holds.releaseAll('session-ended');
    }
  });
  // After the page's holds are settled: sign-out and a locked screen are the updater's safe moments.
  sessionFollowers.push((s) => updates.sessionChanged(s));
  sessionFollowers.push((s) => tickets.sessionChanged(s));

  // recordBlocked runs only on dispatch, after the recorder below exists.
  const kb = createKbDomain({ client, session: keeper, router, events, recordBlocked: (e) => recorder.kbBlocked(e) });
  const unsubscribes = [
    ...routeSessionPushes(router, { session: keeper, policy, audit: chain }),
    ...kb.unsubscribes,
    ...tickets.listen(router),
    policy.onChange((p) => {
      idleLock.policyChanged();
      events.emit('policy.changed', p);
    }),
    store.onChange((backlog) => events.emit('audit.status-changed', { backlog })),
  ];
  // Before the dispatcher: the page's WebRTC guard reports refusals through a channel.
  const recorder = createSecurityRecorder({ audit: chain, actor, now });
  const dispatcher = createDispatcher(
    {
      ...createCoreHandlers({
        workstationId: o.workstationId,
        profile,
        session: keeper,
        connection,
        enrollment: enroller,
        policy,
        audit: chain,
        outbox: store,
        // Per operator once one is signed in (announced, locked or not); the workstation's otherwise.
        settings: createDeskSettings(store, () => {
          const s = keeper.state();
          return s.status === 'logged-out' ? null : s.operator.id;
        }),
        idle: idleLock,
        holds,
        security: recorder,
        phone,
        lookUpCaller: createCallerLookup({ client, session: keeper }),
        callRecords,
        now,
      }),
      ...kb.handlers,
      ...tickets.handlers,
      ...updates.handlers,
      ...o.mainHandlers,
    },
    { session: () => keeper.state(), log },
  );
  if (enroller.state() === 'enrolled') {
    delivery.start();
    heartbeat.start();
  }
  enroller.start();
  connection.start();

  let closed = false;
  return {
    profile,
    allowlist,
    workstationId: o.workstationId,
    dispatch: (channel, payload) =>
      closed ? Promise.resolve({ ok: false, error: { code: 'internal' } }) : dispatcher.dispatch(channel, payload),
    subscribe: (channel, listener) => events.subscribe(channel, listener),
    recordSecurity: (event) => {
      if (!closed) recorder.security(event);
    },
    recordFault: (event) => {
      if (!closed) recorder.fault(event);
    },
    lockNow: (cause) => {
      if (closed) return;
      lock(cause);
      // A page that is gone cannot release what it held: its holds go with it.
      if (cause === 'renderer-gone') holds.releaseAll('renderer-gone');
    },
    idle: { hold: (reason) => idleLock.hold(reason), holds: () => idleLock.holds() },
    push: { on: (kind, handler) => router.on(kind, handler) },
    session: {
      requireActive: () => keeper.requireActive(),
      withAccessToken: (call) => keeper.withAccessToken(call),
      operatorId: () => keeper.operatorId(),
    },
    async close() {
      if (closed) return;
      closed = true;
      // Quitting must not hang on an unreachable institution. Tokens are dropped at once
      // (shutdown ends the session locally first); the server logout and one last audit
      // flush get a bounded time. Rows caught mid-delivery are simply resent next start:
      // the institution acknowledges re-sent events without storing them twice.
      const bound = o.closeTimeoutMs ?? 3_000;
      enroller.stop();
      heartbeat.stop();
      connection.stop();
      idleLock.stop();
      updates.close();
      await within(keeper.shutdown(), bound);
      if (enroller.state() === 'enrolled') await within(delivery.flushNow(), bound);
      await within(delivery.stop(), bound);
      for (const u of unsubscribes) u();
      store.close();
    },
  };
}

/** Waits for `p` (errors ignored) or `ms`, whichever comes first. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
