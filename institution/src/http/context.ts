import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AuditIngest } from '../audit/audit-ingest.ts';
import type { CredentialChecker } from '../auth/credentials.ts';
import type { ScryptParams } from '../auth/password.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import type { SiteProfileService } from '../profile/site-profile-service.ts';
import type { PushHub } from '../push/push-hub.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { Enrollment } from '../workstations/enrollment.ts';
import type { WorkstationRegistry } from '../workstations/registration.ts';

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
}

export type HttpsApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>;
