import type {
  KbArticleRef,
  KbAuthorArticles,
  KbAuthorArticlesArgs,
  KbAuthorVersion,
  KbChanged,
  KbCreateArticleArgs,
  KbCreateSpaceArgs,
  KbHistory,
  KbSaveDraftArgs,
  KbSetSpaceRolesArgs,
  KbSpaceResult,
  KbSpaces,
  KbUnread,
  KbVersionArgs,
} from '../../../../../electron/contract/kb.ts';
import type { KbUploadImageArgs, KbUploadImageResult } from '../../../../../electron/contract/kb-image.ts';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';

/** The desk's authoring calls (`desk.kb` is one); channels.ts, needs('kb.edit'). */
export interface AuthoringBridge {
  authorSpaces(): Promise<DeskResult<KbSpaces>>;
  authorArticles(args: KbAuthorArticlesArgs): Promise<DeskResult<KbAuthorArticles>>;
  history(args: KbArticleRef): Promise<DeskResult<KbHistory>>;
  createArticle(args: KbCreateArticleArgs): Promise<DeskResult<KbAuthorVersion>>;
  saveDraft(args: KbSaveDraftArgs): Promise<DeskResult<KbAuthorVersion>>;
  publish(args: KbVersionArgs): Promise<DeskResult<KbAuthorVersion>>;
  retire(args: KbVersionArgs): Promise<DeskResult<KbAuthorVersion>>;
  unread(args: KbArticleRef): Promise<DeskResult<KbUnread>>;
  uploadImage(args: KbUploadImageArgs): Promise<DeskResult<KbUploadImageResult>>;
  createSpace(args: KbCreateSpaceArgs): Promise<DeskResult<KbSpaceResult>>;
  setSpaceRoles(args: KbSetSpaceRolesArgs): Promise<DeskResult<KbSpaceResult>>;
  onChanged(listener: (change: KbChanged) => void): () => void;
}

/** What the editor holds: the author's text, never lost until they choose to. */
export interface DraftText {
  title: string;
  body: string;
  mandatory: boolean;
}

export const EMPTY_DRAFT: DraftText = Object.freeze({ title: '', body: '', mandatory: false });

export const textOf = (v: Pick<KbAuthorVersion, 'title' | 'body' | 'mandatory'>): DraftText => ({ title: v.title, body: v.body, mandatory: v.mandatory });
export const sameText = (a: DraftText, b: DraftText): boolean => a.title === b.title && a.body === b.body && a.mandatory === b.mandatory;

/** A bridge call that threw (a torn-down page) reads as an internal failure, like every other failure. */
export async function settle<T>(call: () => Promise<DeskResult<T>>): Promise<DeskResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: 'internal' } };
  }
}
