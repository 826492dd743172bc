import { z } from 'zod';
import { OperatorId } from './ids.ts';

/**
 * The knowledge base (`/kb/...`): spaces readable per role, articles in Markdown with
 * versions (draft → published → superseded/retired), mandatory reads acknowledged per
 * version, and search. Authors hold `kb.edit`; readers `kb.read` plus a role the space lists.
 * Search results carry text as segments (hit or not), never markup: the desk renders data.
 */

export const KbSpaceId = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/);
export const KbArticleId = z.number().int().min(1).max(2_147_483_647);
export const KbVersionNumber = z.number().int().min(1).max(1_000_000);
export const KbVersionStatus = z.enum(['draft', 'published', 'superseded', 'retired']);
export type KbVersionStatus = z.infer<typeof KbVersionStatus>;

/** Longest article body accepted (characters of Markdown). */
export const KB_MAX_BODY = 100_000;
/** Longest search query accepted (characters). */
export const KB_MAX_QUERY = 200;

export const KbSpace = z
  .object({
    id: KbSpaceId,
    nameZh: z.string().min(1).max(40),
    nameEn: z.string().min(1).max(60),
    /** Roles whose operators (with kb.read) may read the space; authors read every space. */
    readRoles: z.array(z.enum(['agent', 'supervisor', 'admin', 'qa'])),
  })
  .strict();
export type KbSpace = z.infer<typeof KbSpace>;

export const KbSpacesResponse = z.object({ spaces: z.array(KbSpace) }).strict();
export type KbSpacesResponse = z.infer<typeof KbSpacesResponse>;

/** One version of an article, as authors and readers see it. */
export const KbVersion = z
  .object({
    articleId: KbArticleId,
    spaceId: KbSpaceId,
    version: KbVersionNumber,
    status: KbVersionStatus,
    title: z.string().min(1).max(120),
    /** Markdown source; rendered by the desk as a sanitized tree, never as HTML. */
    body: z.string().max(KB_MAX_BODY),
    mandatory: z.boolean(),
    authorId: OperatorId,
    createdAt: z.iso.datetime(),
    /** When and by whom it was published; null while a draft. */
    publishedAt: z.iso.datetime().nullable(),
    publishedBy: OperatorId.nullable(),
  })
  .strict();
export type KbVersion = z.infer<typeof KbVersion>;

export const KbCreateArticleRequest = z
  .object({
    spaceId: KbSpaceId,
    title: z.string().trim().min(1).max(120),
    body: z.string().max(KB_MAX_BODY),
    mandatory: z.boolean(),
  })
  .strict();
export type KbCreateArticleRequest = z.infer<typeof KbCreateArticleRequest>;

/** A new draft on top of `baseVersion`, which must still be the article's latest (else 409: nothing is lost). */
export const KbEditArticleRequest = z
  .object({
    baseVersion: KbVersionNumber,
    title: z.string().trim().min(1).max(120),
    body: z.string().max(KB_MAX_BODY),
    mandatory: z.boolean(),
  })
  .strict();
export type KbEditArticleRequest = z.infer<typeof KbEditArticleRequest>;

/** Names the version a publish, retire or acknowledgement is about (a stale one is 409). */
export const KbVersionRequest = z.object({ version: KbVersionNumber }).strict();
export type KbVersionRequest = z.infer<typeof KbVersionRequest>;

export const KbVersionHistory = z.object({ articleId: KbArticleId, versions: z.array(KbVersion) }).strict();
export type KbVersionHistory = z.infer<typeof KbVersionHistory>;

/** Text as runs: `hit` runs matched the query. Data for the renderer, never markup. */
export const KbTextSegment = z.object({ text: z.string(), hit: z.boolean() }).strict();
export type KbTextSegment = z.infer<typeof KbTextSegment>;

export const KbSearchHit = z
  .object({
    articleId: KbArticleId,
    spaceId: KbSpaceId,
    version: KbVersionNumber,
    mandatory: z.boolean(),
    title: z.array(KbTextSegment),
    snippet: z.array(KbTextSegment),
  })
  .strict();
export type KbSearchHit = z.infer<typeof KbSearchHit>;

export const KbSearchResponse = z.object({ hits: z.array(KbSearchHit) }).strict();
export type KbSearchResponse = z.infer<typeof KbSearchResponse>;

export const KbUnreadResponse = z
  .object({
    articleId: KbArticleId,
    version: KbVersionNumber,
    operators: z.array(z.object({ id: OperatorId, displayName: z.string().min(1).max(80) }).strict()),
  })
  .strict();
export type KbUnreadResponse = z.infer<typeof KbUnreadResponse>;

/** The caller's queue of mandatory published versions not yet acknowledged (the Ready gate reads it). */
export const KbMandatoryResponse = z
  .object({
    pending: z.array(z.object({ articleId: KbArticleId, spaceId: KbSpaceId, version: KbVersionNumber, title: z.string().min(1).max(120) }).strict()),
  })
  .strict();
export type KbMandatoryResponse = z.infer<typeof KbMandatoryResponse>;
