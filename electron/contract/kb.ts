import { z } from 'zod';
import { OperatorId } from '../../institution/contract/ids.ts';
import {
  KB_MAX_QUERY,
  KbArticleId,
  KbMandatoryResponse,
  KbSearchResponse,
  KbSpacesResponse,
  KbSpaceId,
  KbVersion,
  KbVersionNumber,
  KbAuthorArticlesResponse,
  KbCreateArticleRequest,
  KbEditArticleRequest,
  KbUnreadResponse,
  KbVersionHistory,
  KbCreateSpaceRequest,
  KbReadRoles,
  KbSpace,
} from '../../institution/contract/kb-api.ts';

/**
 * What the knowledge base's channels carry (`kb.*` in channels.ts). Readers hold `kb.read`;
 * core forwards to the Institution API (`/kb/...`), whose schemas these reuse. Titles and
 * snippets arrive as `{ text, hit }` segments and bodies as Markdown source: data the
 * renderer turns into React nodes, never HTML. Nothing of it is written to disk.
 */
export { KbArticleId, KbSpaceId, KbVersionNumber, KbTextSegment, KbSearchHit, KbSpace, KbReadRoles } from '../../institution/contract/kb-api.ts';

// ---------------------------------------------------------------------------------------
// Readers (agents): spaces, search, one article, the mandatory queue, acknowledgements.
// ---------------------------------------------------------------------------------------

/** The most hits one search may ask for (the institution's KB_MAX_HITS). */
export const KB_SEARCH_MAX_LIMIT = 50;

/** `kb.spaces`: the spaces the operator may read. */
export const KbSpaces = KbSpacesResponse;
export type KbSpaces = z.infer<typeof KbSpaces>;

/**
 * `kb.search`: search as you type. The query is the user's text (trimmed by the page); the
 * institution ranks it (bigram FTS5, all terms must occur, the last one a prefix).
 */
export const KbSearchArgs = z
  .object({
    query: z.string().min(1).max(KB_MAX_QUERY),
    spaceId: KbSpaceId.optional(),
    limit: z.number().int().min(1).max(KB_SEARCH_MAX_LIMIT).optional(),
  })
  .strict();
export type KbSearchArgs = z.infer<typeof KbSearchArgs>;
export const KbSearchResult = KbSearchResponse;
export type KbSearchResult = z.infer<typeof KbSearchResult>;

/**
 * `kb.article`: the published version of an article. With `version`, that version must still
 * be the published one (`kb_conflict` when a later publish overtook it: ask again without).
 */
export const KbArticleArgs = z.object({ articleId: KbArticleId, version: KbVersionNumber.optional() }).strict();
export type KbArticleArgs = z.infer<typeof KbArticleArgs>;

/** One published article as a reader sees it: Markdown source and who published it when. */
export const KbArticle = z
  .object({
    articleId: KbArticleId,
    spaceId: KbSpaceId,
    version: KbVersionNumber,
    title: KbVersion.shape.title,
    /** Markdown source; rendered as a sanitized React tree (renderer/src/features/kb/markdown). */
    body: KbVersion.shape.body,
    mandatory: z.boolean(),
    publishedAt: z.iso.datetime(),
    publishedBy: OperatorId,
    /** The publisher's display name, when the institution gives it (shown instead of the id). */
    publishedByName: KbVersion.shape.publishedByName,
  })
  .strict();
export type KbArticle = z.infer<typeof KbArticle>;

/** `kb.mandatory`: the caller's queue of mandatory published versions not yet acknowledged. */
export const KbMandatoryQueue = KbMandatoryResponse;
export type KbMandatoryQueue = z.infer<typeof KbMandatoryQueue>;

/** `kb.acknowledge`: "I have read this version" — it must be the published one (`kb_conflict` otherwise). */
export const KbAcknowledgeArgs = z.object({ articleId: KbArticleId, version: KbVersionNumber }).strict();
export type KbAcknowledgeArgs = z.infer<typeof KbAcknowledgeArgs>;

/**
 * Event `kb.changed`: an article was published or retired (the institution's `kb-changed`
 * push). Ids and the version only, never content: the page fetches what it shows.
 */
export const KbChanged = z
  .object({
    change: z.enum(['published', 'retired']),
    articleId: KbArticleId,
    spaceId: KbSpaceId,
    version: KbVersionNumber,
    mandatory: z.boolean(),
  })
  .strict();
export type KbChanged = z.infer<typeof KbChanged>;

/**
 * Event `kb.space-changed`: a space's read roles changed (the institution's `kb-space-changed`
 * push, sent to desks that could read it before or after). The space id only: the page asks
 * again with the operator's token — an open article of the space, its results, the space list,
 * the mandatory queue — and what the institution now answers decides what stays on screen.
 */
export const KbSpaceChanged = z.object({ change: z.literal('read-roles'), spaceId: KbSpaceId }).strict();
export type KbSpaceChanged = z.infer<typeof KbSpaceChanged>;

// ---------------------------------------------------------------------------------------
// Article images (`kb.image`, `kb.author-image`, `kb.upload-image`): their schemas live in kb-image.ts.
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Authoring (authors hold kb.edit): spaces, a space's articles, history, drafts, publish,
// retire, who has not read. The mandatory flag belongs to a version: it is set in the draft.
// ---------------------------------------------------------------------------------------

/** `kb.author-articles`: a space's articles as authors see them (drafts included). */
export const KbAuthorArticlesArgs = z.object({ spaceId: KbSpaceId }).strict();
export type KbAuthorArticlesArgs = z.infer<typeof KbAuthorArticlesArgs>;
export const KbAuthorArticles = KbAuthorArticlesResponse;
export type KbAuthorArticles = z.infer<typeof KbAuthorArticles>;

/** `kb.history` and `kb.unread` name one article. */
export const KbArticleRef = z.object({ articleId: KbArticleId }).strict();
export type KbArticleRef = z.infer<typeof KbArticleRef>;

/** `kb.history`: every version, newest first, with its author, creation, publisher and publication time. */
export const KbHistory = KbVersionHistory;
export type KbHistory = z.infer<typeof KbHistory>;

/** `kb.create-article`: a new article as version 1, a draft. */
export const KbCreateArticleArgs = KbCreateArticleRequest;
export type KbCreateArticleArgs = z.infer<typeof KbCreateArticleArgs>;

/**
 * `kb.save-draft`: a new draft on top of `baseVersion`, which must still be the article's
 * latest — else `kb_edit_conflict` (another author saved first; the page keeps the text).
 */
export const KbSaveDraftArgs = KbEditArticleRequest.extend({ articleId: KbArticleId }).strict();
export type KbSaveDraftArgs = z.infer<typeof KbSaveDraftArgs>;

/** `kb.publish` (the latest draft) and `kb.retire` (the published version); a stale version is `kb_edit_conflict`. */
export const KbVersionArgs = z.object({ articleId: KbArticleId, version: KbVersionNumber }).strict();
export type KbVersionArgs = z.infer<typeof KbVersionArgs>;

/** A version as authors see it (drafts included), the institution's own schema. */
export const KbAuthorVersion = KbVersion;
export type KbAuthorVersion = z.infer<typeof KbAuthorVersion>;

/** `kb.unread`: operators who may read the article and have not acknowledged its published version. */
export const KbUnread = KbUnreadResponse;
export type KbUnread = z.infer<typeof KbUnread>;

/**
 * `kb.create-space`: a new space (id, names zh/en, the roles that may read it). An id already
 * taken is `kb_space_exists` — nothing is overwritten.
 */
export const KbCreateSpaceArgs = KbCreateSpaceRequest;
export type KbCreateSpaceArgs = z.infer<typeof KbCreateSpaceArgs>;

/** `kb.set-space-roles`: who may read the space from now on (the whole list; empty: authors only). */
export const KbSetSpaceRolesArgs = z.object({ spaceId: KbSpaceId, readRoles: KbReadRoles }).strict();
export type KbSetSpaceRolesArgs = z.infer<typeof KbSetSpaceRolesArgs>;

/** Both answer the space as the institution now holds it. */
export const KbSpaceResult = KbSpace;
export type KbSpaceResult = z.infer<typeof KbSpaceResult>;
