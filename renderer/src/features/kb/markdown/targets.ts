/**
 * What a link or image target in an article may be. An article never navigates and never
 * makes the page fetch anything by URL:
 * - `kb:<articleId>` links open another article inside the desk (a callback, no href);
 * - `kb-image:<imageId>` images are loaded as bytes through the desk bridge;
 * - anything else (http, mailto, javascript:, data:, relative paths, …) is shown as text.
 */

/** Image ids are the institution's random ids (institution/contract/kb-api.ts KbImageId). */
const IMAGE_ID = /^[A-Za-z0-9_-]{22}$/;
const ARTICLE = /^kb:([1-9][0-9]{0,9})$/;
const IMAGE = /^kb-image:([A-Za-z0-9_-]{22})$/;
/** Same bound as the institution's article ids. */
const MAX_ARTICLE_ID = 2_147_483_647;

export type LinkTarget = { kind: 'article'; articleId: number } | { kind: 'inert'; target: string };
export type ImageTarget = { kind: 'kb-image'; imageId: string } | { kind: 'blocked'; target: string };

export function isKbImageId(value: string): boolean {
  return IMAGE_ID.test(value);
}

export function linkTarget(href: string): LinkTarget {
  const match = ARTICLE.exec(href.trim());
  const id = match ? Number(match[1]) : NaN;
  return id <= MAX_ARTICLE_ID ? { kind: 'article', articleId: id } : { kind: 'inert', target: href };
}

export function imageTarget(src: string): ImageTarget {
  const match = IMAGE.exec(src.trim());
  return match ? { kind: 'kb-image', imageId: match[1]! } : { kind: 'blocked', target: src };
}

/** A target shown as text is cut to this many characters (a data: URL can be megabytes). */
export const SHOWN_TARGET_CHARS = 120;

export function shownTarget(target: string): string {
  const flat = target.replace(/\s+/g, ' ').trim();
  return flat.length > SHOWN_TARGET_CHARS ? `${flat.slice(0, SHOWN_TARGET_CHARS)}…` : flat;
}
