import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AnchorBook } from '../audit/anchors.ts';
import type { AuditIngest } from '../audit/audit-ingest.ts';
import type { ServerEventLog } from '../audit/server-events.ts';
import type { CredentialChecker } from '../auth/credentials.ts';
import type { ScryptParams } from '../auth/password.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { SourceRateLimiter } from '../auth/source-rate-limit.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import type { SiteProfileService } from '../profile/site-profile-service.ts';
import type { PushHub } from '../push/push-hub.ts';
import type { PhoneStore } from '../phone/phone-store.ts';
import type { ReadinessSink } from '../phone/readiness-sink.ts';
import type { SipConfig } from '../phone/sip-credentials.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { ChallengeStore } from '../workstations/challenges.ts';
import type { Enrollment } from '../workstations/enrollment.ts';
import type { WorkstationRegistry } from '../workstations/registration.ts';
import type { TicketKeyRing } from '../tickets/ticket-key.ts';
import type { ArtifactStore } from '../updates/artifact-store.ts';
import type { ReleaseStore } from '../updates/release-store.ts';
import type { UpdateCheckThrottle } from '../updates/check-throttle.ts';

/** Everything a route needs, built once by server.ts and passed in (no globals). */
export interface AppContext {
  handle: DatabaseHandle;
  now: Clock;
  credentials: CredentialChecker;
  sessions: SessionStore;
  settings: SettingsStore;
  profile: SiteProfileService;
  audit: AuditIngest;
  enrollment: Enrollment;
  registry: WorkstationRegistry;
  hub: PushHub;
  scrypt: ScryptParams;
  challenges: ChallengeStore;
  anchors: AnchorBook;
  serverEvents: ServerEventLog;
  /** Per source address, on the auth routes. */
  authRateLimit: SourceRateLimiter;
  /** Open event streams allowed per source address (checked before a stream starts). */
  maxStreamsPerSource: number;
  /** Code lists and agent states of the softphone. */
  phone: PhoneStore;
  /** The secret shared with the SBCs, the SIP domain and the credential lifetime; null: no SIP service. */
  sip: SipConfig | null;
  /** The SBCs' queues: who is Ready (every agent-state report is pushed here). */
  readiness: ReadinessSink;
  /** The update server: releases, rollout, results and the artifact files. */
  updates: { releases: ReleaseStore; artifacts: ArtifactStore; checkThrottle: UpdateCheckThrottle };
  /** The institution's ticket keys (sensitive fields are sealed to the current one; older ones still open). */
  ticketKeys: TicketKeyRing;
  /** Tests only: awaited between checking a ticket change and writing it (to make racing requests overlap). */
  beforeTicketWrite?: () => Promise<void>;
}

export type HttpsApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>;
