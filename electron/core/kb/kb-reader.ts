import type { InvokeRequest, InvokeResponse, KbArticle } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { KbVersion } from '../../../institution/contract/kb-api.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { SessionKeeper } from '../session/keeper.ts';

/**
 * The reader's half of the knowledge base (`kb.spaces`, `kb.search`, `kb.article`,
 * `kb.mandatory`, `kb.acknowledge`): each call goes to the institution with the operator's
 * token, which decides what they may see. Core keeps nothing: no cache, nothing on disk
 * (issue #8: "nothing of the KB touches the workstation's disk").
 */
export type KbReaderClient = Pick<InstitutionClient, 'kbSpaces' | 'kbSearch' | 'kbArticle' | 'kbMandatory' | 'kbAcknowledge'>;

export interface KbReaderOptions {
  client: KbReaderClient;
  session: Pick<SessionKeeper, 'withAccessToken'>;
}

export interface KbReader {
  'kb.spaces': (p: InvokeRequest<'kb.spaces'>) => Promise<InvokeResponse<'kb.spaces'>>;
  'kb.search': (p: InvokeRequest<'kb.search'>) => Promise<InvokeResponse<'kb.search'>>;
  'kb.article': (p: InvokeRequest<'kb.article'>) => Promise<InvokeResponse<'kb.article'>>;
  'kb.mandatory': (p: InvokeRequest<'kb.mandatory'>) => Promise<InvokeResponse<'kb.mandatory'>>;
  'kb.acknowledge': (p: InvokeRequest<'kb.acknowledge'>) => Promise<InvokeResponse<'kb.acknowledge'>>;
}

/**
 * The institution's KB answers in the desk's words. 404 covers "no such article", "not
 * published", "retired" and "a space you may not read" alike (the institution does not say
 * which, so neither do we); 409 is a version that is no longer the published one; 403 a
 * reader whose kb.read the institution withdrew. Everything else keeps the usual mapping.
 */
export function kbFailure(e: unknown): unknown {
  if (!(e instanceof ApiFailure) || e.kind !== 'http') return e;
  if (e.status === 404) return new DeskFailure('kb_not_found');
  if (e.status === 409) return new DeskFailure('kb_conflict');
  if (e.status === 403) return new DeskFailure('permission_denied');
  return e;
}

/** Only what a reader needs of a published version (the author and draft times stay at the institution). */
export function readerView(v: KbVersion): KbArticle {
  // Readers are only ever given published versions; anything else is the institution's bug.
  if (v.status !== 'published' || v.publishedAt === null || v.publishedBy === null) throw new ApiFailure('bad-response', 'GET /kb/articles/{id}: not a published version');
  return {
    articleId: v.articleId,
    spaceId: v.spaceId,
    version: v.version,
    title: v.title,
    body: v.body,
    mandatory: v.mandatory,
    publishedAt: v.publishedAt,
    publishedBy: v.publishedBy,
    ...(v.publishedByName === undefined ? {} : { publishedByName: v.publishedByName }),
  };
}

export function createKbReader(o: KbReaderOptions): KbReader {
  const withToken = async <T>(call: (token: string) => Promise<T>): Promise<T> => {
    try {
      return await o.session.withAccessToken(call);
    } catch (e) {
      throw kbFailure(e);
    }
  };
  return {
    'kb.spaces': () => withToken((t) => o.client.kbSpaces(t)),
    'kb.search': ({ query, spaceId, limit }) => withToken((t) => o.client.kbSearch(t, { q: query, space: spaceId, limit })),
    'kb.article': async ({ articleId, version }) => {
      const article = readerView(await withToken((t) => o.client.kbArticle(t, articleId)));
      // The page asked for a version a later publish has overtaken: it must say so, not show another.
      if (version !== undefined && article.version !== version) throw new DeskFailure('kb_conflict');
      return article;
    },
    'kb.mandatory': () => withToken((t) => o.client.kbMandatory(t)),
    'kb.acknowledge': async ({ articleId, version }) => {
      await withToken((t) => o.client.kbAcknowledge(t, articleId, version));
      return null;
    },
  };
}
