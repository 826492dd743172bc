import { API_PREFIX } from '../../../contract/api.ts';
import { KbSpaceId, type KbAuthorArticlesResponse } from '../../../contract/kb-api.ts';
import { ApiFailure } from '../../errors.ts';
import { createKbAuthorList } from '../../kb/kb-author-list.ts';
import { createKbStore } from '../../kb/kb-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requirePermission } from '../guards.ts';

/** What only authors (kb.edit) list: a space's articles with their drafts. */
export function registerKbAuthorRoutes(app: HttpsApp, ctx: AppContext): void {
  const store = createKbStore({ db: ctx.handle.db, now: ctx.now });
  const list = createKbAuthorList({ db: ctx.handle.db });

  app.get(`${API_PREFIX}/kb/spaces/:id/articles`, async (request): Promise<KbAuthorArticlesResponse> => {
    await requirePermission(ctx, request, 'kb.edit');
    const spaceId = KbSpaceId.safeParse((request.params as { id?: unknown }).id);
    if (!spaceId.success || (await store.spaces()).every((s) => s.id !== spaceId.data)) throw new ApiFailure('not_found', 'no such space');
    return { articles: await list.articles(spaceId.data) };
  });
}
