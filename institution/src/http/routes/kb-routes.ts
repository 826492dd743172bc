import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../contract/api.ts';
import {
  KbCreateArticleRequest,
  KbEditArticleRequest,
  KbSpaceId,
  KbVersionRequest,
  type KbMandatoryResponse,
  type KbSearchResponse,
  type KbSpacesResponse,
  type KbUnreadResponse,
  type KbVersion,
  type KbVersionHistory,
} from '../../../contract/kb-api.ts';
import { CONSOLE_ROLES } from '../../auth/permissions.ts';
import { ApiFailure } from '../../errors.ts';
import { createKbReads } from '../../kb/kb-reads.ts';
import { createKbSearch, KB_MAX_HITS } from '../../kb/kb-search.ts';
import { canReadSpace, createKbStore, type KbReader } from '../../kb/kb-store.ts';
import { parseRoles } from '../../operators/operator-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession, sessionPermissions } from '../guards.ts';
import { parseBody } from '../validate.ts';

const SearchQuery = z
  .object({
    q: z.string(),
    space: KbSpaceId.optional(),
    limit: z.coerce.number().int().min(1).max(KB_MAX_HITS).optional(),
  })
  .strict();

const ARTICLE_ID = /^[1-9][0-9]{0,9}$/;

function articleIdOf(request: FastifyRequest): number {
  const raw = (request.params as { id?: unknown }).id;
  const id = typeof raw === 'string' && ARTICLE_ID.test(raw) ? Number(raw) : NaN;
  if (!(id <= 2_147_483_647)) throw new ApiFailure('not_found', 'no such article');
  return id;
}

/**
 * The knowledge base over HTTPS. Readers hold kb.read and see the spaces listing one of
 * their roles (a space they cannot see answers 404, like one that does not exist); authors
 * hold kb.edit and see everything. Publishing and retiring push `kb-changed` (ids only).
 */
export function registerKbRoutes(app: HttpsApp, ctx: AppContext): void {
  const store = createKbStore({ db: ctx.handle.db, now: ctx.now });
  const search = createKbSearch({ db: ctx.handle.db });
  const reads = createKbReads({ db: ctx.handle.db });

  async function reader(request: FastifyRequest): Promise<KbReader> {
    const caller = await requireSession(ctx, request);
    const granted = sessionPermissions(caller);
    const author = granted.includes('kb.edit');
    if (!author && !granted.includes('kb.read')) throw new ApiFailure('forbidden', 'permission kb.read is required');
    const roles = parseRoles(caller.operator.roles);
    // A console session counts only its console roles (see guards.sessionPermissions).
    return { operatorId: caller.operator.id, roles: caller.session.workstationId === null ? roles.filter((r) => CONSOLE_ROLES.includes(r)) : roles, author };
  }

  async function author(request: FastifyRequest): Promise<KbReader> {
    const who = await reader(request);
    if (!who.author) throw new ApiFailure('forbidden', 'permission kb.edit is required');
    return who;
  }

  function announce(version: KbVersion, change: 'published' | 'retired'): void {
    ctx.hub.broadcast({ type: 'kb-changed', change, articleId: version.articleId, spaceId: version.spaceId, version: version.version, mandatory: version.mandatory });
  }

  app.get(`${API_PREFIX}/kb/spaces`, async (request): Promise<KbSpacesResponse> => {
    const who = await reader(request);
    return { spaces: (await store.spaces()).filter((s) => canReadSpace(who, s)) };
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

  app.post(`${API_PREFIX}/kb/articles`, async (request, reply) => {
    const who = await author(request);
    const body = parseBody(KbCreateArticleRequest, request.body);
    const created = await store.create(who.operatorId, body.spaceId, body);
    return reply.code(201).send(created);
  });

  app.get(`${API_PREFIX}/kb/articles/:id`, async (request): Promise<KbVersion> => {
    const who = await reader(request);
    return store.published(who, articleIdOf(request));
  });

  app.post(`${API_PREFIX}/kb/articles/:id/versions`, async (request, reply) => {
    const who = await author(request);
    const articleId = articleIdOf(request);
    const body = parseBody(KbEditArticleRequest, request.body);
    return reply.code(201).send(await store.edit(who.operatorId, articleId, body.baseVersion, body));
  });

  app.get(`${API_PREFIX}/kb/articles/:id/versions`, async (request): Promise<KbVersionHistory> => {
    await author(request);
    const articleId = articleIdOf(request);
    return { articleId, versions: await store.history(articleId) };
  });

  app.post(`${API_PREFIX}/kb/articles/:id/publish`, async (request): Promise<KbVersion> => {
    const who = await author(request);
    const articleId = articleIdOf(request);
    const { version } = parseBody(KbVersionRequest, request.body);
    const published = await store.publish(who.operatorId, articleId, version);
    announce(published, 'published');
    return published;
  });

  app.post(`${API_PREFIX}/kb/articles/:id/retire`, async (request): Promise<KbVersion> => {
    await author(request);
    const articleId = articleIdOf(request);
    const { version } = parseBody(KbVersionRequest, request.body);
    const retired = await store.retire(articleId, version);
    announce(retired, 'retired');
    return retired;
  });

  app.post(`${API_PREFIX}/kb/articles/:id/acknowledge`, async (request, reply) => {
    const who = await reader(request);
    const articleId = articleIdOf(request);
    const { version } = parseBody(KbVersionRequest, request.body);
    await store.acknowledge(who, articleId, version);
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/kb/articles/:id/unread`, async (request): Promise<KbUnreadResponse> => {
    const who = await author(request);
    const articleId = articleIdOf(request);
    const space = await store.readableSpace(who, await store.articleSpace(articleId));
    return reads.unread(articleId, await store.publishedVersion(articleId), space);
  });
}
