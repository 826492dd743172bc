import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { SiteProfile, SpkiPin } from '../contract/site-profile.ts';
import { DEFAULT_ANCHOR_POLICY, createAnchorBook } from './audit/anchors.ts';
import type { AnchorPolicy } from './audit/anchors.ts';
import { createAuditIngest } from './audit/audit-ingest.ts';
import { createServerEventLog } from './audit/server-events.ts';
import { DEFAULT_LOCKOUT, createCredentialChecker } from './auth/credentials.ts';
import type { LockoutConfig } from './auth/credentials.ts';
import { DEFAULT_SCRYPT_PARAMS } from './auth/password.ts';
import type { ScryptParams } from './auth/password.ts';
import { DEFAULT_TOKEN_TTL, createSessionStore } from './auth/sessions.ts';
import type { TokenTtl } from './auth/sessions.ts';
import { DEFAULT_AUTH_RATE_LIMIT, createSourceRateLimiter } from './auth/source-rate-limit.ts';
import type { SourceRateLimitConfig } from './auth/source-rate-limit.ts';
import { DEFAULT_UPDATE_CHECK_RATE_LIMIT, createUpdateCheckThrottle } from './updates/check-throttle.ts';
import { systemClock } from './clock.ts';
import { databasePath } from './data-dir.ts';
import type { Clock } from './clock.ts';
import { openDatabase } from './db/open-database.ts';
import type { DatabaseHandle } from './db/database-handle.ts';
import { buildApp } from './http/app.ts';
import type { AppContext } from './http/context.ts';
import { loadOrCreateProfileKey } from './profile/profile-keys.ts';
import { loadOrCreateTicketKeys } from './tickets/ticket-key.ts';
import { createSiteProfileService } from './profile/site-profile-service.ts';
import { createPhoneStore } from './phone/phone-store.ts';
import { startReadiness } from './phone/readiness-wiring.ts';
import { DEFAULT_SIP_TTL_SECONDS, SipConfigSchema } from './phone/sip-credentials.ts';
import type { SipConfig } from './phone/sip-credentials.ts';
import { createPushHub } from './push/push-hub.ts';
import { createSettingsStore } from './settings/settings-store.ts';
import { loadTls } from './tls/load-tls.ts';
import { DEFAULT_CHALLENGES, createChallengeStore } from './workstations/challenges.ts';
import type { ChallengeConfig } from './workstations/challenges.ts';
import { createEnrollment } from './workstations/enrollment.ts';
import { createWorkstationRegistry } from './workstations/registration.ts';
import { createArtifactStore } from './updates/artifact-store.ts';
import { createReleaseStore } from './updates/release-store.ts';

export interface InstitutionServerOptions {
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = an ephemeral port (default). */
  port?: number;
  now?: Clock;
  /** Production certificate (chain, leaf first) and key; without it a dev CA is used. */
  tls?: { certFile: string; keyFile: string };
  /** The URL desktops use, when it differs from the listening address (e.g. behind a DNS name). */
  publicUrl?: string;
  sipWss?: { url: string; weight: number }[];
  /**
   * The secret the institution shares with its SBCs (Kamailio's auth_ephemeral) to sign SIP
   * credentials; with `sipDomain`. Without both, `POST /phone/credentials` answers 404.
   * Never logged (docs/operations.md: how to share it).
   */
  sipSecret?: string;
  /** The SIP domain of the operators' addresses (`sip:<operatorId>@<sipDomain>`). */
  sipDomain?: string;
  /** Lifetime of issued SIP credentials (default 600 s). */
  sipCredentialTtlSeconds?: number;
  /**
   * The SBCs' Kamailio JSON-RPC URLs (jsonrpcs over xhttp on a management address): every
   * agent-state report is pushed to their queue's readiness table. None by default.
   */
  sbcRpcUrls?: string[];
  /** Tests: readiness retry backoff and Kamailio restart check. */
  sbcReadinessTuning?: { retry?: { firstMs: number; maxMs: number }; restartCheckMs?: number };
  /** Where delivery problems with the SBCs are written (serve: stderr). */
  sbcLog?: (line: string) => void;
  /** TURN servers the signed profile names (desktops allow WebRTC to use no others); none by default. */
  turn?: { urls: string[] }[];
  /** STUN servers the signed profile names; none by default. */
  stun?: { urls: string[] }[];
  /** SPKI pins of the SBCs' WSS certificates, carried by the signed profile (`sip.pins`); none by default. */
  sipPins?: string[];
  lockout?: Partial<LockoutConfig>;
  tokenTtl?: Partial<TokenTtl>;
  /** scrypt cost for new password hashes. */
  passwordHashing?: ScryptParams;
  bodyLimitBytes?: number;
  sseHeartbeatMs?: number;
  /** Per-source limit of refused requests on the auth routes. */
  authRateLimit?: Partial<SourceRateLimitConfig>;
  /** Workstation-proof challenges: lifetime and how many may be outstanding per workstation. */
  challenges?: Partial<ChallengeConfig>;
  /** Audit anchoring: how long deliveries may stay short of an anchored head. */
  anchorPolicy?: Partial<AnchorPolicy>;
  /** Open event streams per session (default 2; one more closes the oldest). */
  maxStreamsPerSession?: number;
  /** Open event streams per source address (default 256; more are refused with 429). */
  maxStreamsPerSource?: number;
  logger?: boolean;
  /** `GET /updates/check` per source address and per workstation id (DEFAULT_UPDATE_CHECK_RATE_LIMIT). */
  updateCheckRateLimit?: { perSource?: Partial<SourceRateLimitConfig>; perWorkstation?: Partial<SourceRateLimitConfig> };
  /** Largest update artifact accepted (default 512 MiB). */
  updateArtifactMaxBytes?: number;
  /** Test hook: every registered route. */
  onRoute?: (method: string, url: string) => void;
  /** Test hook: awaited between checking a ticket change and writing it, so concurrent requests overlap there. */
  beforeTicketWrite?: () => Promise<void>;
}

export interface InstitutionServer {
  /** https://HOST:PORT (no trailing slash, no /api/v1). */
  url: string;
  caCertPem: string;
  profilePublicKeyPem: string;
  profileKeyId: string;
  /** SPKI pin of the TLS leaf certificate, as published in the site profile. */
  tlsPin: string;
  close(): Promise<void>;
}

const SbcRpcUrls = z.array(z.url({ protocol: /^https?$/ })).max(8);
const SipWss = z.array(z.object({ url: z.url({ protocol: /^wss$/ }), weight: z.number().int().min(1).max(100) }).strict()).max(8);

/** Both or neither: a secret without a domain (or the reverse) is a configuration mistake, refused at start. */
function sipConfig(options: InstitutionServerOptions): SipConfig | null {
  if (options.sipSecret === undefined && options.sipDomain === undefined) return null;
  const parsed = SipConfigSchema.safeParse({ secret: options.sipSecret, domain: options.sipDomain, ttlSeconds: options.sipCredentialTtlSeconds ?? DEFAULT_SIP_TTL_SECONDS });
  // The message names the fields only: zod would otherwise echo the secret it refused.
  if (!parsed.success) throw new TypeError(`institution server: SIP settings invalid (${[...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ')})`);
  return parsed.data;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Opens the data directory (database, TLS, keys), starts HTTPS and returns how to reach it. */
export async function startInstitutionServer(options: InstitutionServerOptions): Promise<InstitutionServer> {
  const now = options.now ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const sipWss = SipWss.parse(options.sipWss ?? []);
  const sip = sipConfig(options);
  const turn = SiteProfile.shape.turn.parse(options.turn ?? []);
  const stun = SiteProfile.shape.stun.parse(options.stun ?? []) ?? [];
  const sipPins = z.array(SpkiPin).max(8).parse(options.sipPins ?? []);
  const tls = await loadTls(options.dataDir, options.tls);
  const key = loadOrCreateProfileKey(options.dataDir);
  const ticketKeys = await loadOrCreateTicketKeys(options.dataDir);
  const scrypt = options.passwordHashing ?? DEFAULT_SCRYPT_PARAMS;
  const handle: DatabaseHandle = await openDatabase(databasePath(options.dataDir));
  const db = handle.db;
  const settings = createSettingsStore({ db, now });
  const hub = createPushHub({ heartbeatMs: options.sseHeartbeatMs, maxStreamsPerSession: options.maxStreamsPerSession });
  const anchors = createAnchorBook({ db, now, policy: { ...DEFAULT_ANCHOR_POLICY, ...options.anchorPolicy } });
  const baseUrls: string[] = [];
  const phone = createPhoneStore({ db, now });
  const serverEvents = createServerEventLog({ db, now });
  const sbcRpcUrls = SbcRpcUrls.safeParse(options.sbcRpcUrls ?? []);
  if (!sbcRpcUrls.success) {
    await handle.close();
    throw new TypeError('institution server: SBC RPC URLs must be http(s) URLs (at most 8)');
  }
  const readiness = startReadiness({
    sbcRpcUrls: sbcRpcUrls.data,
    db,
    phone,
    serverEvents,
    ...(options.sbcLog === undefined ? {} : { log: options.sbcLog }),
    ...(options.sbcReadinessTuning === undefined ? {} : { tuning: options.sbcReadinessTuning }),
  });
  const ctx: AppContext = {
    handle,
    now,
    scrypt,
    settings,
    hub,
    credentials: createCredentialChecker({ db, now, scrypt, lockout: { ...DEFAULT_LOCKOUT, ...options.lockout } }),
    sessions: createSessionStore({ db, now, ttl: { ...DEFAULT_TOKEN_TTL, ...options.tokenTtl } }),
    profile: createSiteProfileService({ settings, key, now, config: { baseUrls, sipWss, turn, stun, sipPins, pins: [tls.leafPin], ticketKey: { keyId: ticketKeys.current.kid, publicKey: ticketKeys.current.publicKeySpki } } }),
    audit: createAuditIngest({ db, now, anchors }),
    enrollment: createEnrollment({ handle, now }),
    registry: createWorkstationRegistry({ handle, now }),
    challenges: createChallengeStore({ db, now, config: { ...DEFAULT_CHALLENGES, ...options.challenges } }),
    anchors,
    serverEvents,
    authRateLimit: createSourceRateLimiter({ ...DEFAULT_AUTH_RATE_LIMIT, ...options.authRateLimit }, now),
    maxStreamsPerSource: options.maxStreamsPerSource ?? 256,
    phone,
    sip,
    readiness,
    updates: {
      releases: createReleaseStore({ db, now }),
      artifacts: createArtifactStore(options.dataDir, options.updateArtifactMaxBytes ?? 512 * 1024 ** 2),
      checkThrottle: createUpdateCheckThrottle(
        {
          perSource: { ...DEFAULT_UPDATE_CHECK_RATE_LIMIT.perSource, ...options.updateCheckRateLimit?.perSource },
          perWorkstation: { ...DEFAULT_UPDATE_CHECK_RATE_LIMIT.perWorkstation, ...options.updateCheckRateLimit?.perWorkstation },
        },
        now,
      ),
    },
    ticketKeys,
    ...(options.beforeTicketWrite === undefined ? {} : { beforeTicketWrite: options.beforeTicketWrite }),
  };
  const app = buildApp(ctx, {
    https: { key: tls.keyPem, cert: tls.certPem },
    bodyLimitBytes: options.bodyLimitBytes ?? 256 * 1024,
    logger: options.logger ?? false,
    onRoute: options.onRoute,
  });
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    hub.close();
    await readiness.close();
    await handle.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const url = `https://${urlHost(host)}:${port}`;
  baseUrls.push(options.publicUrl ?? url);
  return {
    url,
    caCertPem: tls.caCertPem,
    profilePublicKeyPem: key.publicKeyPem,
    profileKeyId: key.keyId,
    tlsPin: tls.leafPin,
    async close(): Promise<void> {
      hub.close();
      await app.close();
      await readiness.close();
      await handle.close();
    },
  };
}
