import { KbAuthorArticlesResponse, KbUnreadResponse, KbVersion, KbVersionHistory, type KbCreateArticleRequest, type KbEditArticleRequest } from '../../../institution/contract/kb-api.ts';
import { routes } from './routes.ts';
import type { TicketCallRunner } from './ticket-calls.ts';

/**
 * The Institution API's knowledge-base authoring calls (kb.edit: a space's articles, an
 * article's history and who has not read it, drafts, publish, retire), on the client's own
 * request runner like the ticket calls, so they get the same pins, failover, retry rules
 * (routes.ts) and typed failures.
 */
export interface KbAuthorClient {
  kbAuthorArticles(accessToken: string, spaceId: string): Promise<KbAuthorArticlesResponse>;
  kbHistory(accessToken: string, articleId: number): Promise<KbVersionHistory>;
  kbUnread(accessToken: string, articleId: number): Promise<KbUnreadResponse>;
  kbCreateArticle(accessToken: string, request: KbCreateArticleRequest): Promise<KbVersion>;
  /** 409 when `baseVersion` is no longer the latest (another author saved first). */
  kbSaveDraft(accessToken: string, articleId: number, request: KbEditArticleRequest): Promise<KbVersion>;
  kbPublish(accessToken: string, articleId: number, version: number): Promise<KbVersion>;
  kbRetire(accessToken: string, articleId: number, version: number): Promise<KbVersion>;
}

export function createKbAuthorCalls({ json, pathOf }: TicketCallRunner): KbAuthorClient {
  const at = (route: (typeof routes)[keyof typeof routes], id: number | string) => pathOf(route, { id });
  return {
    kbAuthorArticles: (token, spaceId) => json({ route: routes.kbAuthorArticles, path: at(routes.kbAuthorArticles, spaceId), token }, KbAuthorArticlesResponse),
    kbHistory: (token, articleId) => json({ route: routes.kbHistory, path: at(routes.kbHistory, articleId), token }, KbVersionHistory),
    kbUnread: (token, articleId) => json({ route: routes.kbUnread, path: at(routes.kbUnread, articleId), token }, KbUnreadResponse),
    kbCreateArticle: (token, request) => json({ route: routes.kbCreateArticle, token, body: request }, KbVersion),
    kbSaveDraft: (token, articleId, request) => json({ route: routes.kbSaveDraft, path: at(routes.kbSaveDraft, articleId), token, body: request }, KbVersion),
    kbPublish: (token, articleId, version) => json({ route: routes.kbPublish, path: at(routes.kbPublish, articleId), token, body: { version } }, KbVersion),
    kbRetire: (token, articleId, version) => json({ route: routes.kbRetire, path: at(routes.kbRetire, articleId), token, body: { version } }, KbVersion),
  };
}
