import { verify } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../contract/api.ts';
import {
  PublishReleaseRequest,
  SetGroupRequest,
  UpdateCheckQuery,
  UpdateGroupName,
  UpdateResultRequest,
  UpdateRolloutRequest,
  updateResultSignedText,
  type ArtifactReceipt,
  type ReleaseSummary,
  type UpdateCheckResponse,
} from '../../../contract/update-api.ts';
import { Sha512Hex, SemVer, UpdateChannelName } from '../../../contract/update-manifest.ts';
import { createStaffActionLog } from '../../audit/staff-actions.ts';
import { ApiFailure } from '../../errors.ts';
import { ArtifactRefused, parseRange } from '../../updates/artifact-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requirePermission, type Caller } from '../guards.ts';
import { parseBody } from '../validate.ts';
import { recordServerEvent } from '../workstation-auth.ts';

/** How far a result's signing time may be from the server's clock. */
const RESULT_SKEW_MS = 5 * 60 * 1000;

function param<T extends z.ZodType>(params: unknown, name: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse((params as Record<string, unknown> | null)?.[name]);
  if (!parsed.success) throw new ApiFailure('bad_request', `the ${name} in the path is malformed`);
  return parsed.data;
}

/** `percent 10 groups pilot,branch-2` / `halted true`: what a rollout is or becomes (fields given only). */
function rolloutDetail(r: { percent?: number; groups?: readonly string[]; halted?: boolean }): string {
  const parts: string[] = [];
  if (r.percent !== undefined) parts.push(`percent ${r.percent}`);
  if (r.groups !== undefined) parts.push(`groups ${r.groups.length === 0 ? '-' : r.groups.join(',')}`);
  if (r.halted !== undefined) parts.push(`halted ${r.halted}`);
  return parts.join(' ');
}

/**
 * The update server: IT uploads artifacts and publishes signed releases (`updates.publish`),
 * steers the rollout (percentage, named groups, halt/resume); desks check, download (with
 * HTTP range requests, so an interrupted download resumes) and report what they did. Checks
 * and results land in the workstation's server-side record (server-events) and the results
 * table; the desk's own signed record of the same moments travels in its audit chain.
 */
export function registerUpdateRoutes(app: HttpsApp, ctx: AppContext): void {
  const { releases, artifacts } = ctx.updates;
  const staffActions = createStaffActionLog({ db: ctx.handle.db, now: ctx.now });
  /** What IT did to what every desk will install: in the institution-wide staff-action log, after it succeeded. */
  const recordAction = (caller: Caller, request: FastifyRequest, type: 'update-artifact-uploaded' | 'update-release-published' | 'update-rollout-changed' | 'update-group-set', subject: string, detail: string) =>
    staffActions.record({ type, operatorId: caller.operator.id, workstationId: caller.session.workstationId, subject, detail, source: request.ip });

  // Artifacts are the one non-JSON body of the API: streamed to disk, hashed on the way.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    scope.put(`${API_PREFIX}/admin/updates/artifacts/:sha512`, async (request, reply) => {
      const caller = await requirePermission(ctx, request, 'updates.publish');
      const { operator } = caller;
      const sha512 = param(request.params, 'sha512', Sha512Hex);
      if (request.headers['content-type'] !== 'application/octet-stream') throw new ApiFailure('unsupported_media_type', 'artifacts are uploaded as application/octet-stream');
      const declared = Number(request.headers['content-length'] ?? 'NaN');
      if (Number.isFinite(declared) && declared > artifacts.maxBytes) throw new ApiFailure('payload_too_large', 'artifact is larger than the server accepts');
      let size: number;
      try {
        size = await artifacts.save(sha512, request.body as Readable);
      } catch (error) {
        if (error instanceof ArtifactRefused) {
          throw error.code === 'too-large' ? new ApiFailure('payload_too_large', 'artifact is larger than the server accepts') : new ApiFailure('bad_request', `artifact refused: ${error.code}`);
        }
        throw error;
      }
      await releases.recordArtifact(sha512, size, operator.id);
      await recordAction(caller, request, 'update-artifact-uploaded', `update-artifact:${sha512.slice(0, 16)}`, `size ${size}`);
      const receipt: ArtifactReceipt = { sha512, size };
      return reply.code(201).send(receipt);
    });
  });

  app.post(`${API_PREFIX}/admin/updates/releases`, async (request, reply) => {
    const caller = await requirePermission(ctx, request, 'updates.publish');
    const body = parseBody(PublishReleaseRequest, request.body);
    const published = await releases.publish(body.signed, body.rollout, caller.operator.id);
    await recordAction(caller, request, 'update-release-published', `update-release:${published.channel}/${published.version}`, rolloutDetail(published.rollout));
    return reply.code(201).send(published);
  });

  app.get(`${API_PREFIX}/admin/updates/releases`, async (request) => {
    await requirePermission(ctx, request, 'updates.publish');
    return { releases: await releases.list() };
  });

  app.patch(`${API_PREFIX}/admin/updates/releases/:channel/:version`, async (request): Promise<ReleaseSummary> => {
    const caller = await requirePermission(ctx, request, 'updates.publish');
    const channel = param(request.params, 'channel', UpdateChannelName);
    const version = param(request.params, 'version', SemVer);
    const change = parseBody(UpdateRolloutRequest, request.body);
    const changed = await releases.setRollout(channel, version, change);
    await recordAction(caller, request, 'update-rollout-changed', `update-release:${channel}/${version}`, rolloutDetail(change));
    return changed;
  });

  app.put(`${API_PREFIX}/admin/updates/groups/:name`, async (request, reply) => {
    const caller = await requirePermission(ctx, request, 'updates.publish');
    const name = param(request.params, 'name', UpdateGroupName);
    const { workstationIds } = parseBody(SetGroupRequest, request.body);
    await releases.setGroup(name, workstationIds);
    await recordAction(caller, request, 'update-group-set', `update-group:${name}`, `${workstationIds.length} workstations`);
    return reply.code(204).send();
  });

  // Public: manifests are signed and artifacts hashed, so neither needs a session; a desk
  // checks at start, before sign-in and after sign-out too.
  app.get(`${API_PREFIX}/updates/check`, async (request): Promise<UpdateCheckResponse> => {
    // Throttled before any work: per source, then per workstation id (check-throttle.ts).
    const bySource = ctx.updates.checkThrottle.takeSource(request.ip);
    if (!bySource.ok) throw new ApiFailure('rate_limited', 'too many update checks from this address; try again later', bySource.retryAfterSeconds);
    const query = parseBody(UpdateCheckQuery, request.query ?? {});
    const byWorkstation = ctx.updates.checkThrottle.takeWorkstation(query.workstationId);
    if (!byWorkstation.ok) throw new ApiFailure('rate_limited', 'too many update checks for this workstation; try again later', byWorkstation.retryAfterSeconds);
    const found = await releases.decide(query.channel, query.workstationId);
    const answer: UpdateCheckResponse =
      found === null ? { status: 'none' } : found.decision === 'offered' ? { status: 'offered', signed: found.release.signed } : { status: found.decision, version: found.release.version };
    const offered = found === null ? '-' : found.release.version;
    await recordServerEvent(ctx, request, query.workstationId, 'update-checked', null, `${query.version} ${answer.status} ${offered}`);
    return answer;
  });

  /**
   * GET downloads an artifact (one range honoured); HEAD answers the same status and headers
   * (Content-Length, Content-Range, Accept-Ranges) without the body, so a desk or a proxy can
   * learn the size before downloading. Registered explicitly: the app exposes no implicit HEAD twins.
   */
  const artifactHandler = (withBody: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const sha512 = param(request.params, 'sha512', Sha512Hex);
    const size = await artifacts.size(sha512);
    if (size === null) throw new ApiFailure('not_found', 'no such artifact');
    const range = parseRange(request.headers.range, size);
    void reply.header('accept-ranges', 'bytes').header('content-type', 'application/octet-stream');
    if (range === 'invalid') return reply.code(416).header('content-range', `bytes */${size}`).send();
    if (range === null) {
      void reply.code(200).header('content-length', String(size));
      return withBody ? reply.send(artifacts.open(sha512)) : reply.send();
    }
    void reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', String(range.end - range.start + 1));
    return withBody ? reply.send(artifacts.open(sha512, range)) : reply.send();
  };
  app.get(`${API_PREFIX}/updates/artifacts/:sha512`, artifactHandler(true));
  app.head(`${API_PREFIX}/updates/artifacts/:sha512`, artifactHandler(false));

  app.post(`${API_PREFIX}/updates/results`, async (request, reply) => {
    const body = parseBody(UpdateResultRequest, request.body);
    // Signed by the workstation's enrolled key: nobody else can report for it (made-up ids
    // and forged results cannot reach the tables); a stale one is refused, a replay is stored once.
    const key = await ctx.enrollment.publicKeyOf(body.workstationId);
    if (key === null) throw new ApiFailure('workstation_not_enrolled', 'this workstation is not enrolled with the institution');
    const { signature, ...signed } = body;
    let valid: boolean;
    try {
      valid = verify(null, Buffer.from(updateResultSignedText(signed), 'utf8'), key, Buffer.from(signature, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) throw new ApiFailure('workstation_proof_invalid', 'the result is not signed by this workstation');
    const at = Date.parse(body.at);
    if (Math.abs(ctx.now() - at) > RESULT_SKEW_MS) throw new ApiFailure('bad_request', 'the result is not from now (clock more than 5 minutes off?)');
    if (!(await releases.recordResult(body, at))) return reply.code(204).send();
    await recordServerEvent(ctx, request, body.workstationId, 'update-result', null, `${body.version} ${body.outcome}${body.reason === undefined ? '' : ` ${body.reason}`}`);
    return reply.code(204).send();
  });
}
