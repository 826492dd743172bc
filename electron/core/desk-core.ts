import type { SessionState } from '../contract/channels.ts';
import { createAnchorHeartbeat } from './anchor/heartbeat.ts';
import { createInstitutionClient } from './api/client.ts';
import { createSecurityRecorder } from './audit/security-recorder.ts';
import { createAuditChain } from './audit/chain.ts';
import { createAuditDeliverer } from './audit/deliverer.ts';
import { loadOrCreateWorkstationKey } from './audit/workstation-key.ts';
import { createWorkstationSigner } from './audit/workstation-signer.ts';
import { createKbDomain } from './kb/kb-domain.ts';
import { createDispatcher } from './ipc/dispatch.ts';
import { createDeskEvents } from './ipc/events.ts';
import { createCoreHandlers } from './ipc/handlers.ts';
import { createAllowlist } from './net/allowlist.ts';
import { createDeliveryLoop } from './outbox/delivery.ts';
import { createCallRecords } from './phone/call-records.ts';
import { createCallerLookup } from './phone/caller-lookup.ts';
import { createPhoneService } from './phone/phone-service.ts';
import { createPolicyEngine } from './policy/engine.ts';
import { createPushChannel } from './push/channel.ts';
import { createPushRouter } from './push/router.ts';
import { routeSessionPushes } from './push/session-domains.ts';
import { createTicketDomain } from './tickets/ticket-domain.ts';
import { createConnectionMonitor, observeReachability } from './session/connection.ts';
import { createIdleLock } from './session/idle-lock.ts';
import { createRendererHolds } from './session/renderer-holds.ts';
import { createSessionKeeper, type LockCause } from './session/keeper.ts';
import { createDeskSettings } from './settings/desk-settings.ts';
import { createLateSession } from './startup/late-session.ts';
import { openVerifiedStore } from './startup/open-verified-store.ts';
import { shutDownDeskCore } from './startup/shut-down.ts';
import { createWorkstationEnrollment } from './startup/workstation-enrollment.ts';
import { createUpdateDomain } from './updates/update-domain.ts';
import type { DeskCore, DeskCoreOptions } from './desk-core-options.ts';

export type { DeskCore, DeskCoreOptions } from './desk-core-options.ts';

/**
 * Composition root of the desktop's brain. Electron main and the browser test host
 * both build exactly this, so the browser e2e exercises the same handlers as the app.
 * Order matters: the outbox opens first (it holds the rollback floor), the signed
 * profile is verified before anything reads it, and only then is the network touched.
 * The steps that need more than a few lines live in startup/; this file keeps the order.
 */
export async function createDeskCore(o: DeskCoreOptions): Promise<DeskCore> {
  const now = o.now ?? Date.now;
  const log = o.log ?? ((m: string) => console.error(m));

  const { store, profile } = await openVerifiedStore(o, now);

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
  const session = createLateSession();
  const callRecords = createCallRecords({
    store,
    client,
    session: { operatorId: session.operatorId, withAccessToken: session.withAccessToken },
    audit: chain,
  });
  // Tickets (tickets/ticket-domain.ts): built before the keeper exists, like call records; its
  // deliverers run after audit and call records.
  const tickets = createTicketDomain({
    store,
    client,
    session: { operatorId: session.operatorId, state: session.state, withAccessToken: session.withAccessToken },
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

  const actor = session.operatorId;
  const policy = createPolicyEngine({ baseline: profile.policy, audit: chain, actor });
  const enroller = createWorkstationEnrollment({
    store,
    client,
    workstationId: o.workstationId,
    publicKeySpkiBase64: chain.publicKeySpkiBase64(),
    providedCode: o.enrollmentCode,
    backoff: o.enrollmentBackoff,
    // The institution refuses audit from a key it does not know: deliver only once it does.
    onEnrolled: () => {
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
  const keeper = createSessionKeeper({
    client,
    workstationId: o.workstationId,
    audit: chain,
    policy,
    createPushChannel,
    routePush: (message, eventId) => router.route(message, eventId),
    onSessionChanged: (s) => {
      connection.sessionChanged(s.status !== 'logged-out', session.current()?.connection() ?? 'connecting');
      for (const follow of sessionFollowers) follow(s);
      events.emit('session.changed', s);
    },
    onConnectionChanged: (c) => connection.fromSession(c),
  });
  session.attach(keeper);
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
  const idleLock = createIdleLock({
    idleSeconds: () => policy.current().idleLockSeconds,
    isUnlocked,
    lock,
    now,
    ...(o.osIdleSeconds === undefined ? {} : { osIdleSeconds: o.osIdleSeconds }),
  });
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
      const stopAtOnce = [() => heartbeat.stop(), () => connection.stop(), () => idleLock.stop(), () => updates.close()];
      await shutDownDeskCore({ enroller, stopAtOnce, keeper, delivery, unsubscribes, store }, o.closeTimeoutMs ?? 3_000);
    },
  };
}
