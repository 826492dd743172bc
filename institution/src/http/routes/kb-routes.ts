import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../contract/api.ts';
import {
  KbCreateArticleRequest,
  KbCreateSpaceRequest,
  KbEditArticleRequest,
  KbSpaceRolesRequest,
  type KbSpace,
  KbSpaceId,
  KbVersionRequest,
  type KbMandatoryResponse,
  type KbSearchResponse,
  type KbSpacesResponse,
  type KbUnreadResponse,
  type KbVersion,
  type KbVersionHistory,
} from '../../../contract/kb-api.ts';
import { createStaffActionLog } from '../../audit/staff-actions.ts';
import { ApiFailure } from '../../errors.ts';
import { createKbActionRecorder, type KbActor } from '../../kb/kb-actions.ts';
import { withOperatorNames } from '../../kb/kb-names.ts';
import { announceKbChange, announceKbSpaceRoles } from '../../kb/kb-push.ts';
import { createKbReads } from '../../kb/kb-reads.ts';
import { createKbSearch, KB_MAX_HITS } from '../../kb/kb-search.ts';
import { createKbSpaces } from '../../kb/kb-spaces.ts';
import { canReadSpace, createKbStore, type KbReader } from '../../kb/kb-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { registerKbAuthorRoutes } from './kb-author-routes.ts';
import { registerKbImageRoutes } from './kb-image-routes.ts';
import { requireSession } from '../guards.ts';
import { accessOf } from '../live-stream.ts';
import { parseBody } from '../validate.ts';

const SearchQuery = z
  .object({
    q: z.string(),
    space: KbSpaceId.optional(),
    limit: z.coerce.number().int().min(1).max(KB_MAX_HITS).optional(),
  })
  .strict();

const ARTICLE_ID = /^[1-9][0-9]{0,9}$/;

/**
 * Request bodies of the article routes may be larger than the server's default: KB_MAX_BODY
 * characters of Chinese are ≈ 3 bytes each in UTF-8 (and quotes, backslashes and line
 * breaks take two in JSON), so a body the schema accepts is never refused as too large first.
 */
const ARTICLE_BODY_LIMIT = 640 * 1024;

/** A reader or author, and where the request came from (for the action log). */
type KbCaller = KbReader & KbActor;

function articleIdOf(request: FastifyRequest): number {
  const raw = (request.params as { id?: unknown }).id;
  const id = typeof raw === 'string' && ARTICLE_ID.test(raw) ? Number(raw) : NaN;
  if (!(id <= 2_147_483_647)) throw new ApiFailure('not_found', 'no such article');
  return id;
}

/**
 * The knowledge base over HTTPS. Readers hold kb.read and see the spaces listing one of
 * their roles (a space they cannot see answers 404, like one that does not exist); authors
 * hold kb.edit and see everything. Publishing and retiring push `kb-changed` (ids only) to
 * the streams that may read the space. Authors also create spaces and set their read roles
 * (kb-spaces.ts; a change pushes `kb-space-changed` to whoever could read it before or after). Every change is recorded (kb-actions.ts).
 */
export function registerKbRoutes(app: HttpsApp, ctx: AppContext): void {
  const store = createKbStore({ db: ctx.handle.db, now: ctx.now });
  const search = createKbSearch({ db: ctx.handle.db });
  const reads = createKbReads({ db: ctx.handle.db });
  const spaceAdmin = createKbSpaces({ db: ctx.handle.db, now: ctx.now });
  const actions = createKbActionRecorder({ staffActions: createStaffActionLog({ db: ctx.handle.db, now: ctx.now }), serverEvents: ctx.serverEvents });

  /** A version with its author's and publisher's display names (kb-names.ts). */
  async function named(version: KbVersion): Promise<KbVersion> {
    const [withNames] = await withOperatorNames(ctx.handle.db, [version]);
    return withNames ?? version;
  }

  async function reader(request: FastifyRequest): Promise<KbCaller> {
    const caller = await requireSession(ctx, request);
    // A console session counts only its console roles and their permissions (the same for its event stream).
    const { roles, permissions } = accessOf(caller);
    const author = permissions.includes('kb.edit');
    if (!author && !permissions.includes('kb.read')) throw new ApiFailure('forbidden', 'permission kb.read is required');
    return { operatorId: caller.operator.id, roles, author, workstationId: caller.session.workstationId, source: request.ip };
  }

  async function author(request: FastifyRequest): Promise<KbCaller> {
    const who = await reader(request);
    if (!who.author) throw new ApiFailure('forbidden', 'permission kb.edit is required');
    return who;
  }

  /** `kb-changed` to the streams whose session may read the article's space (ids only). */
  async function announce(version: KbVersion, change: 'published' | 'retired'): Promise<void> {
    const space = (await store.spaces()).find((s) => s.id === version.spaceId);
    if (space !== undefined) announceKbChange(ctx.hub, version, change, space);
  }

  app.get(`${API_PREFIX}/kb/spaces`, async (request): Promise<KbSpacesResponse> => {
    const who = await reader(request);
    return { spaces: (await store.spaces()).filter((s) => canReadSpace(who, s)) };
  });

  app.post(`${API_PREFIX}/kb/spaces`, async (request, reply) => {
    const who = await author(request);
    const created = await spaceAdmin.create(parseBody(KbCreateSpaceRequest, request.body));
    await actions.spaceCreated(who, created);
    return reply.code(201).send(created);
  });

  app.put(`${API_PREFIX}/kb/spaces/:id/read-roles`, async (request): Promise<KbSpace> => {
    const who = await author(request);
    const id = KbSpaceId.safeParse((request.params as { id?: unknown }).id);
    if (!id.success) throw new ApiFailure('not_found', 'no such space');
    const { readRoles } = parseBody(KbSpaceRolesRequest, request.body);
    const { before, after, changed } = await spaceAdmin.setReadRoles(id.data, readRoles);
    // Committed: desks that could read the space before or after hear of it now, and it is recorded;
    // the same set again changes nothing.
    if (changed) {
      announceKbSpaceRoles(ctx.hub, before, after);
      await actions.spaceRolesChanged(who, before, after);
    }
    return after;
  });

  app.get(`${API_PREFIX}/kb/search`, async (request): Promise<KbSearchResponse> => {
    const who = await reader(request);
    const query = parseBody(SearchQuery, request.query);
    const visible = (await store.spaces()).filter((s) => canReadSpace(who, s)).map((s) => s.id);
    if (query.space !== undefined && !visible.includes(query.space)) throw new ApiFailure('not_found', 'no such space');
    const spaceIds = query.space === undefined ? visible : [query.space];
    return { hits: await search.search({ query: query.q, spaceIds, limit: query.limit }) };
  });

  app.get(`${API_PREFIX}/kb/mandatory`, async (request): Promise<KbMandatoryResponse> => {
    const who = await reader(request);
    return { pending: await reads.pending(who, await store.spaces()) };
  });

  app.post(`${API_PREFIX}/kb/articles`, { bodyLimit: ARTICLE_BODY_LIMIT }, async (request, reply) => {
    const who = await author(request);
    const body = parseBody(KbCreateArticleRequest, request.body);
    const created = await store.create(who.operatorId, body.spaceId, body);
    await actions.draftCreated(who, created);
    return reply.code(201).send(await named(created));
  });

  app.get(`${API_PREFIX}/kb/articles/:id`, async (request): Promise<KbVersion> => {
    const who = await reader(request);
    return named(await store.published(who, articleIdOf(request)));
  });

  app.post(`${API_PREFIX}/kb/articles/:id/versions`, { bodyLimit: ARTICLE_BODY_LIMIT }, async (request, reply) => {
    const who = await author(request);
    const articleId = articleIdOf(request);
    const body = parseBody(KbEditArticleRequest, request.body);
    const draft = await store.edit(who.operatorId, articleId, body.baseVersion, body);
    await actions.draftCreated(who, draft);
    return reply.code(201).send(await named(draft));
  });

  app.get(`${API_PREFIX}/kb/articles/:id/versions`, async (request): Promise<KbVersionHistory> => {
    await author(request);
    const articleId = articleIdOf(request);
    return { articleId, versions: await withOperatorNames(ctx.handle.db, await store.history(articleId)) };
  });

  app.post(`${API_PREFIX}/kb/articles/:id/publish`, async (request): Promise<KbVersion> => {
    const who = await author(request);
    const articleId = articleIdOf(request);
    const { version } = parseBody(KbVersionRequest, request.body);
    const { published, previousMandatory } = await store.publishTracked(who.operatorId, articleId, version);
    await announce(published, 'published');
    await actions.published(who, published, previousMandatory);
    return named(published);
  });

  app.post(`${API_PREFIX}/kb/articles/:id/retire`, async (request): Promise<KbVersion> => {
    const who = await author(request);
    const articleId = articleIdOf(request);
    const { version } = parseBody(KbVersionRequest, request.body);
    const retired = await store.retire(articleId, version);
    await announce(retired, 'retired');
    await actions.retired(who, retired);
    return named(retired);
  });

  app.post(`${API_PREFIX}/kb/articles/:id/acknowledge`, async (request, reply) => {
    const who = await reader(request);
    const articleId = articleIdOf(request);
    const { version } = parseBody(KbVersionRequest, request.body);
    const { recorded, spaceId } = await store.acknowledge(who, articleId, version);
    // A repeated acknowledgement changes nothing and is not logged again.
    if (recorded) await actions.acknowledged(who, { articleId, version, spaceId });
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/kb/articles/:id/unread`, async (request): Promise<KbUnreadResponse> => {
    const who = await author(request);
    const articleId = articleIdOf(request);
    const space = await store.readableSpace(who, await store.articleSpace(articleId));
    return reads.unread(articleId, await store.publishedVersion(articleId), space);
  });

  registerKbAuthorRoutes(app, ctx);
  registerKbImageRoutes(app, ctx);
}
