import { z } from 'zod';
import { isCleanName, NAME_MESSAGE } from './clean-text.ts';
import { OperatorId } from './ids.ts';
import { KB_IMAGE_MAX_BYTES, KB_IMAGE_MIMES } from './kb-image-bytes.ts';

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

/**
 * Control characters other than tab, line feed and carriage return (C0 and DEL, C1), and the
 * noncharacters U+FFFE / U+FFFF: never part of an article, and NUL in particular breaks
 * C-string consumers (exports, search indexes) downstream.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const FORBIDDEN_IN_ARTICLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text an article may hold: well-formed UTF-16 (no lone surrogate) without the characters above. */
export function isCleanArticleText(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !FORBIDDEN_IN_ARTICLE.test(text);
}

const ARTICLE_TEXT_MESSAGE = 'must be well-formed text without NUL or other control characters (tab and line breaks are fine)';
/** A title: one line, so line breaks are refused too. */
const ArticleTitle = z
  .string()
  .refine(isCleanName, NAME_MESSAGE)
  .trim()
  .min(1)
  .max(120)
  .refine((t) => isCleanArticleText(t) && !/[\r\n\t]/.test(t), ARTICLE_TEXT_MESSAGE);
const ArticleBody = z.string().max(KB_MAX_BODY).refine(isCleanArticleText, ARTICLE_TEXT_MESSAGE);

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

/** Roles a space may list for reading: each at most once (an empty list: only authors read it). */
export const KbReadRoles = z
  .array(z.enum(['agent', 'supervisor', 'admin', 'qa']))
  .max(4)
  .refine((roles) => new Set(roles).size === roles.length, 'each role at most once');

/** A space's name: one line of clean text (no bidi-override or invisible characters either: clean-text.ts), trimmed. */
const spaceName = (max: number) =>
  z
    .string()
    .refine(isCleanName, NAME_MESSAGE)
    .trim()
    .min(1)
    .max(max)
    .refine((t) => isCleanArticleText(t) && !/[\r\n\t]/.test(t), 'must be one line of well-formed text without control characters');

/** `POST /kb/spaces` (kb.edit): a new space; an id already taken is 409 (nothing is overwritten). */
export const KbCreateSpaceRequest = z
  .object({ id: KbSpaceId, nameZh: spaceName(40), nameEn: spaceName(60), readRoles: KbReadRoles })
  .strict();
export type KbCreateSpaceRequest = z.infer<typeof KbCreateSpaceRequest>;

/** `PUT /kb/spaces/{id}/read-roles` (kb.edit): who may read the space from now on (the whole list). */
export const KbSpaceRolesRequest = z.object({ readRoles: KbReadRoles }).strict();
export type KbSpaceRolesRequest = z.infer<typeof KbSpaceRolesRequest>;

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
    /** Display names, when the institution still has the operator (an article and its history; absent elsewhere). */
    authorName: z.string().min(1).max(80).optional(),
    publishedByName: z.string().min(1).max(80).optional(),
  })
  .strict();
export type KbVersion = z.infer<typeof KbVersion>;

export const KbCreateArticleRequest = z
  .object({
    spaceId: KbSpaceId,
    title: ArticleTitle,
    body: ArticleBody,
    mandatory: z.boolean(),
  })
  .strict();
export type KbCreateArticleRequest = z.infer<typeof KbCreateArticleRequest>;

/** A new draft on top of `baseVersion`, which must still be the article's latest (else 409: nothing is lost). */
export const KbEditArticleRequest = z
  .object({
    baseVersion: KbVersionNumber,
    title: ArticleTitle,
    body: ArticleBody,
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

/** An article as authors list it: its latest version (draft or not) and what readers see now. */
export const KbArticleSummary = z
  .object({
    articleId: KbArticleId,
    spaceId: KbSpaceId,
    /** The latest version's title (a draft's, when the latest is a draft). */
    title: z.string().min(1).max(120),
    latestVersion: KbVersionNumber,
    latestStatus: KbVersionStatus,
    /** The version readers see; null while unpublished or after retirement. */
    publishedVersion: KbVersionNumber.nullable(),
    mandatory: z.boolean(),
    updatedAt: z.iso.datetime(),
  })
  .strict();
export type KbArticleSummary = z.infer<typeof KbArticleSummary>;

/** `GET /kb/spaces/{id}/articles` (authors): the space's articles, most recently changed first. */
export const KbAuthorArticlesResponse = z.object({ articles: z.array(KbArticleSummary) }).strict();
export type KbAuthorArticlesResponse = z.infer<typeof KbAuthorArticlesResponse>;

/**
 * Article images (`/kb/images`): uploaded by authors into a space, fetched by readers of that
 * space as bytes — the desk renders them from bytes it fetched through core, never by URL.
 * Markdown names one as `![alt](kb-image:<imageId>)`. The type is decided by the file's
 * magic bytes (PNG, JPEG, WebP; never SVG, which can carry script).
 */
export const KbImageId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
export const KbImageType = z.enum(KB_IMAGE_MIMES);
export type KbImageType = z.infer<typeof KbImageType>;
/**
 * Largest image accepted (bytes). The desk's HTTPS client refuses answers over 1 MiB, and the
 * bytes cross the desk bridge again as base64 (4/3): 768 KiB keeps both well inside.
 */
export { KB_IMAGE_MAX_BYTES };

/** `POST /kb/images?space=…` (201 new; 200 when the same bytes are already in the space). */
export const KbImageUploadResponse = z
  .object({
    imageId: KbImageId,
    spaceId: KbSpaceId,
    type: KbImageType,
    bytes: z.number().int().min(1).max(KB_IMAGE_MAX_BYTES),
  })
  .strict();
export type KbImageUploadResponse = z.infer<typeof KbImageUploadResponse>;
