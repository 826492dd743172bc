import { z } from 'zod';
import {
  AnchorResponse,
  AuditBatchResponse,
  CallerLookupResponse,
  CallRecordReceipt,
  ChallengeResponse,
  EnrollWorkstationResponse,
  HealthResponse,
  LoginResponse,
  MeResponse,
  KbMandatoryResponse,
  KbImageUploadResponse,
  KbSearchResponse,
  KbSpacesResponse,
  KbVersion,
  PhoneCodes,
  SipCredentialsResponse,
  TokenPair,
  type AgentStateReport,
  type AnchorRequest,
  type AuditBatchRequest,
  type CallerLookupRequest,
  type CallRecord,
  type EnrollWorkstationRequest,
  type KbImageType,
} from '../../../institution/contract/api.ts';
import { backoffDelay } from '../net/backoff.ts';
import { ApiFailure, isTransientStatus } from './failure.ts';
import { contractBody, httpFailure } from './response.ts';
import { checkToken, normalizeBaseUrl, pathOf, type Call } from './call-parts.ts';
import { routes, type Route } from './routes.ts';
import { createKbAuthorCalls, type KbAuthorClient } from './kb-author-calls.ts';
import { createKbSpaceCalls, type KbSpaceClient } from './kb-space-calls.ts';
import { createTicketCalls, type TicketClient } from './ticket-calls.ts';
import { createTransport, type Exchange } from './transport.ts';
import { auditHeadHeaders, loginBody, proofHeaders, type LoginAttempt, type WorkstationAuth } from './workstation-auth.ts';

export { ApiFailure } from './failure.ts';
export type { ApiFailureKind } from './failure.ts';
export { toDeskError } from './desk-error.ts';
export { pathOf } from './call-parts.ts';
export type { LoginAttempt, WorkstationAuth } from './workstation-auth.ts';

/**
 * The desktop's only way to the Institution API. HTTPS with the profile's SPKI pins (and
 * optional private CA and client certificate), a per-attempt timeout, failover across
 * the profile's base URLs in order, and retries with backoff for failures that cannot
 * have had an effect on the server.
 */
export interface InstitutionClient extends TicketClient, KbSpaceClient, KbAuthorClient {
  health(): Promise<HealthResponse>;
  /** Fetches a challenge and sends the login with the workstation's proof (the login itself is never retried). */
  login(req: LoginAttempt): Promise<LoginResponse>;
  /** With the workstation's proof, like login; never retried (it rotates the refresh token). */
  refresh(refreshToken: string): Promise<TokenPair>;
  logout(accessToken: string): Promise<void>;
  /** With the workstation's proof; never retried (a wrong password counts towards lockout). */
  reauthenticate(accessToken: string, password: string): Promise<void>;
  me(accessToken: string): Promise<MeResponse>;
  /** No bearer: the enrollment code in the request is the authorization. */
  enrollWorkstation(req: EnrollWorkstationRequest): Promise<void>;
  sendAuditBatch(req: AuditBatchRequest): Promise<AuditBatchResponse>;
  /** The heartbeat: the chain's signed head, anchored at the institution (no session needed). */
  anchorAuditHead(req: AnchorRequest): Promise<AnchorResponse>;
  siteProfile(): Promise<unknown>;
  /** Ephemeral SIP credentials for the session's operator (the password goes to the renderer's phone only). */
  sipCredentials(accessToken: string): Promise<SipCredentialsResponse>;
  /** Sent at most once to a server that might have received it (each report enters the history). */
  reportAgentState(accessToken: string, report: AgentStateReport): Promise<void>;
  phoneCodes(accessToken: string): Promise<PhoneCodes>;
  /** The screen pop: the customer behind a caller's number, masked by the institution. */
  lookUpCaller(accessToken: string, request: CallerLookupRequest): Promise<CallerLookupResponse>;
  /** Idempotent by operator + call id: the outbox resends until acknowledged. */
  recordCall(accessToken: string, record: CallRecord): Promise<CallRecordReceipt>;
  /** The knowledge base, as a reader (kb.read): spaces, search, the published version of one article, the mandatory queue. */
  kbSpaces(accessToken: string): Promise<KbSpacesResponse>;
  kbSearch(accessToken: string, query: { q: string; space?: string; limit?: number }): Promise<KbSearchResponse>;
  kbArticle(accessToken: string, articleId: number): Promise<KbVersion>;
  kbMandatory(accessToken: string): Promise<KbMandatoryResponse>;
  /** Idempotent: the institution records one acknowledgement per operator and version. */
  kbAcknowledge(accessToken: string, articleId: number, version: number): Promise<void>;
  /** An article image's bytes and the content type the institution gave them (core/kb/images.ts checks both). */
  kbImage(accessToken: string, imageId: string): Promise<{ contentType: string | undefined; bytes: Buffer }>;
  /** An author's image as raw bytes of its type into a space (kb.edit); the same bytes again answer the same id. */
  kbUploadImage(accessToken: string, spaceId: string, mime: KbImageType, bytes: Buffer): Promise<KbImageUploadResponse>;
  /** low-level for the push channel: opens GET /api/v1/events with bearer + Last-Event-ID; resolves with the response stream once 200 */
  openEventStream(accessToken: string, lastEventId: string | null, signal: AbortSignal): Promise<NodeJS.ReadableStream>;
}

export interface InstitutionClientOptions {
  baseUrls: string[];
  pins: string[];
  caPem?: string;
  clientCertificate?: { certPem: string; keyPem: string };
  /** Per attempt, from connect to the end of the body (to the headers for the event stream). */
  timeoutMs?: number;
  /** Extra rounds over the base URLs for retry-safe calls. */
  retries?: number;
  /** First backoff delay; doubles per round, capped at 10 s, with jitter. */
  backoffMs?: number;
  /** [0, 1) source for the jitter; injectable for tests. */
  random?: () => number;
  /** The workstation's proof and audit head (desk-core passes the chain's signer). */
  workstation?: WorkstationAuth;
  /**
   * Reuse checked keep-alive connections for retry-safe calls (default true; transport.ts).
   * false: a new TLS connection per request (the benchmark's baseline).
   */
  pool?: boolean;
}

const MAX_BACKOFF_MS = 10_000;
/** openapi.yaml: Last-Event-ID is at most 64 characters. */
const EVENT_ID_SHAPE = /^[\x20-\x7e]{1,64}$/;
const NoContent = z.unknown();

/** May this failure be tried on the next base URL, or again after a backoff? */
function canTryElsewhere(failure: ApiFailure, route: Route): boolean {
  if (failure.kind === 'network' || failure.kind === 'timeout') return route.retrySafe || !failure.mayHaveReachedServer;
  if (failure.kind === 'http') return route.retrySafe && isTransientStatus(failure.status);
  return false;
}

export function createInstitutionClient(options: InstitutionClientOptions): InstitutionClient {
  if (options.baseUrls.length === 0) throw new TypeError('institution client: at least one base URL is required');
  if (options.pins.length === 0) throw new TypeError('institution client: at least one SPKI pin is required');
  const baseUrls = options.baseUrls.map(normalizeBaseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const backoff = { initialMs: options.backoffMs ?? 250, maxMs: MAX_BACKOFF_MS, random: options.random ?? Math.random };
  const transport = createTransport(
    { pins: options.pins, caPem: options.caPem, clientCertificate: options.clientCertificate },
    options.pool === undefined ? {} : { pool: options.pool },
  );
  /** Index of the base URL that answered last: the next call starts there instead of waiting on a dead primary. */
  let preferred = 0;

  function urlFor(base: URL, path: string): URL {
    const prefix = base.pathname.replace(/\/+$/, '');
    return new URL(`${prefix}${path}`, base);
  }

  function headersFor(call: Call, extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra, ...call.headers };
    // Every call of a session carries the chain's signed head, so the institution anchors it as it goes.
    if (call.token !== undefined) Object.assign(headers, auditHeadHeaders(options.workstation), { authorization: `Bearer ${call.token}` });
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.raw !== undefined) headers['content-type'] = call.raw.contentType;
    return headers;
  }

  /** Runs one call over the base URLs and retry rounds; returns the first non-failing exchange. */
  async function run(call: Call, mode: 'buffered' | 'stream-on-200', extraHeaders?: Record<string, string>, signal?: AbortSignal): Promise<Exchange> {
    if (call.token !== undefined) checkToken(call.token);
    // Labels name the route's template, never its ids or the user's search text (they reach logs).
    const label = `${call.route.method} ${call.route.path}`;
    const body = call.raw !== undefined ? call.raw.bytes : call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
    const rounds = call.route.retrySafe && mode === 'buffered' ? retries + 1 : 1;
    let last: ApiFailure | undefined;
    for (let round = 0; round < rounds; round++) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, backoffDelay(round - 1, backoff)));
      const start = preferred;
      for (let offset = 0; offset < baseUrls.length; offset++) {
        const index = (start + offset) % baseUrls.length;
        const base = baseUrls[index] as URL;
        try {
          const exchange = await transport.exchange(
            {
              method: call.route.method,
              url: urlFor(base, call.path ?? call.route.path),
              headers: headersFor(call, extraHeaders),
              body,
              timeoutMs,
              signal,
              // Only calls that are safe to repeat ride on a pooled connection (transport.ts).
              reuse: call.route.retrySafe,
            },
            mode,
          );
          if (exchange.kind === 'buffered' && (exchange.status < 200 || exchange.status > 299)) {
            throw httpFailure(label, exchange.status, exchange.headers, exchange.body);
          }
          preferred = index;
          return exchange;
        } catch (error) {
          const failure = error instanceof ApiFailure ? error : new ApiFailure('network', `${label}: unexpected transport error`);
          if (!canTryElsewhere(failure, call.route) || signal?.aborted) throw failure;
          last = failure;
        }
      }
    }
    throw last ?? new ApiFailure('network', `${label}: no base URL answered`);
  }

  async function json<S extends z.ZodType>(call: Call, schema: S): Promise<z.infer<S>> {
    const exchange = await run(call, 'buffered');
    if (exchange.kind !== 'buffered') throw new ApiFailure('bad-response', 'unexpected stream');
    return contractBody(`${call.route.method} ${call.route.path}`, exchange.status, exchange.headers, exchange.body, schema);
  }

  async function noContent(call: Call): Promise<void> {
    await run(call, 'buffered');
  }

  /**
   * The call with the workstation's proof over its path and body: first a fresh challenge
   * (a retry-safe call of its own), then the call itself, which keeps its own retry rule.
   * A failed challenge means the call was never sent.
   */
  async function proven(call: Call & { body: unknown }): Promise<Call> {
    const auth = options.workstation;
    if (auth === undefined) return call;
    const { nonce } = await json({ route: routes.challenge, body: { workstationId: auth.workstationId } }, ChallengeResponse);
    return { ...call, headers: { ...call.headers, ...proofHeaders(auth, call.route.path, nonce, call.body) } };
  }

  return {
    health: () => json({ route: routes.health }, HealthResponse),
    login: async (req) => json(await proven({ route: routes.login, body: loginBody(req, options.workstation) }), LoginResponse),
    refresh: async (refreshToken) => json(await proven({ route: routes.refresh, body: { refreshToken } }), TokenPair),
    logout: (accessToken) => noContent({ route: routes.logout, token: accessToken }),
    reauthenticate: async (accessToken, password) => {
      // Checked before the challenge is fetched: a malformed token sends nothing at all.
      checkToken(accessToken);
      await noContent(await proven({ route: routes.reauthenticate, token: accessToken, body: { password } }));
    },
    me: (accessToken) => json({ route: routes.me, token: accessToken }, MeResponse),
    async enrollWorkstation(req) {
      // 200 (already enrolled with this key) or 201 (enrolled now); the body is checked all the same.
      await json({ route: routes.enrollWorkstation, body: req }, EnrollWorkstationResponse);
    },
    sendAuditBatch: (req) => json({ route: routes.auditBatch, body: req }, AuditBatchResponse),
    anchorAuditHead: (req) => json({ route: routes.anchor, body: req }, AnchorResponse),
    siteProfile: () => json({ route: routes.siteProfile }, NoContent),
    sipCredentials: (accessToken) => json({ route: routes.sipCredentials, token: accessToken }, SipCredentialsResponse),
    reportAgentState: (accessToken, report) => noContent({ route: routes.agentState, token: accessToken, body: report }),
    phoneCodes: (accessToken) => json({ route: routes.phoneCodes, token: accessToken }, PhoneCodes),
    lookUpCaller: (accessToken, request) => json({ route: routes.lookUpCaller, token: accessToken, body: request }, CallerLookupResponse),
    recordCall: (accessToken, record) => json({ route: routes.recordCall, token: accessToken, body: record }, CallRecordReceipt),
    kbSpaces: (accessToken) => json({ route: routes.kbSpaces, token: accessToken }, KbSpacesResponse),
    kbSearch: (accessToken, query) => json({ route: routes.kbSearch, path: pathOf(routes.kbSearch, {}, query), token: accessToken }, KbSearchResponse),
    kbArticle: (accessToken, articleId) => json({ route: routes.kbArticle, path: pathOf(routes.kbArticle, { id: articleId }), token: accessToken }, KbVersion),
    kbMandatory: (accessToken) => json({ route: routes.kbMandatory, token: accessToken }, KbMandatoryResponse),
    kbAcknowledge: (accessToken, articleId, version) =>
      noContent({ route: routes.kbAcknowledge, path: pathOf(routes.kbAcknowledge, { id: articleId }), token: accessToken, body: { version } }),
    async kbImage(accessToken, imageId) {
      const exchange = await run({ route: routes.kbImage, path: pathOf(routes.kbImage, { imageId }), token: accessToken }, 'buffered', { accept: 'image/png, image/jpeg, image/webp' });
      if (exchange.kind !== 'buffered') throw new ApiFailure('bad-response', 'unexpected stream');
      const type = exchange.headers['content-type'];
      return { contentType: typeof type === 'string' ? type : undefined, bytes: exchange.body };
    },
    kbUploadImage: (accessToken, spaceId, mime, bytes) =>
      json({ route: routes.kbUploadImage, path: pathOf(routes.kbUploadImage, {}, { space: spaceId }), token: accessToken, raw: { contentType: mime, bytes } }, KbImageUploadResponse),
    // Tickets (ticket-calls.ts): the same runner, so the same pins, failover and retry rules.
    ...createTicketCalls({ json, pathOf }),
    // Knowledge-base spaces and authoring (kb-space-calls.ts, kb-author-calls.ts), likewise.
    ...createKbSpaceCalls({ json, pathOf }),
    ...createKbAuthorCalls({ json, pathOf }),
    async openEventStream(accessToken, lastEventId, signal) {
      const extra: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-store' };
      // Ids come from the server's stream; one that cannot be a header value is not sent back.
      if (lastEventId !== null && EVENT_ID_SHAPE.test(lastEventId)) extra['last-event-id'] = lastEventId;
      const exchange = await run({ route: routes.events, token: accessToken }, 'stream-on-200', extra, signal);
      if (exchange.kind !== 'stream') throw new ApiFailure('bad-response', `${routes.events.method} ${routes.events.path}: unexpected status`, { status: exchange.status });
      const type = exchange.headers['content-type'];
      if (typeof type !== 'string' || !type.trim().toLowerCase().startsWith('text/event-stream')) {
        exchange.stream.destroy();
        throw new ApiFailure('bad-response', `${routes.events.method} ${routes.events.path}: response is not an event stream`, { status: 200 });
      }
      return exchange.stream;
    },
  };
}
