import type { InvokeRequest, InvokeResponse } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { SessionKeeper } from '../session/keeper.ts';

/**
 * The authors' half of the knowledge base (kb.edit): spaces, a space's articles, history,
 * drafts, publish, retire and who has not read. Each call goes to the institution with the
 * author's token; core keeps nothing (no drafts on disk: the page holds unsaved text).
 */
export type KbAuthoringClient = Pick<
  InstitutionClient,
  'kbSpaces' | 'kbAuthorArticles' | 'kbHistory' | 'kbUnread' | 'kbCreateArticle' | 'kbSaveDraft' | 'kbPublish' | 'kbRetire'
>;

export interface KbAuthoringOptions {
  client: KbAuthoringClient;
  session: Pick<SessionKeeper, 'withAccessToken'>;
}

type Handler<C extends AuthoringChannel> = (p: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
export type AuthoringChannel = 'kb.author-spaces' | 'kb.author-articles' | 'kb.history' | 'kb.create-article' | 'kb.save-draft' | 'kb.publish' | 'kb.retire' | 'kb.unread';
export type KbAuthoring = { [C in AuthoringChannel]: Handler<C> };

/**
 * The institution's answers in the desk's words. 409 on an author's call always means "the
 * article moved on since you opened it" (a draft on a version that is no longer the latest,
 * a publish of a draft that is no longer the latest, a retire of a version no longer
 * published): `kb_edit_conflict`, which the editor shows without dropping the author's text.
 * 404 is an unknown space or article; 403 an author whose kb.edit was withdrawn.
 */
export function authoringFailure(e: unknown): unknown {
  if (!(e instanceof ApiFailure) || e.kind !== 'http') return e;
  if (e.status === 409) return new DeskFailure('kb_edit_conflict');
  if (e.status === 404) return new DeskFailure('kb_not_found');
  if (e.status === 403) return new DeskFailure('permission_denied');
  return e;
}

export function createKbAuthoring(o: KbAuthoringOptions): KbAuthoring {
  const withToken = async <T>(call: (token: string) => Promise<T>): Promise<T> => {
    try {
      return await o.session.withAccessToken(call);
    } catch (e) {
      throw authoringFailure(e);
    }
  };
  return {
    // The institution lists every space to an author (kb.edit reads them all).
    'kb.author-spaces': () => withToken((t) => o.client.kbSpaces(t)),
    'kb.author-articles': ({ spaceId }) => withToken((t) => o.client.kbAuthorArticles(t, spaceId)),
    'kb.history': ({ articleId }) => withToken((t) => o.client.kbHistory(t, articleId)),
    'kb.create-article': (args) => withToken((t) => o.client.kbCreateArticle(t, args)),
    'kb.save-draft': ({ articleId, ...draft }) => withToken((t) => o.client.kbSaveDraft(t, articleId, draft)),
    'kb.publish': ({ articleId, version }) => withToken((t) => o.client.kbPublish(t, articleId, version)),
    'kb.retire': ({ articleId, version }) => withToken((t) => o.client.kbRetire(t, articleId, version)),
    'kb.unread': ({ articleId }) => withToken((t) => o.client.kbUnread(t, articleId)),
  };
}
