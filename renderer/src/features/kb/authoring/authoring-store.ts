import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KbAuthorVersion, KbSpace, KbUnread } from '../../../../../electron/contract/kb.ts';
import type { KbArticleSummary } from '../../../../../institution/contract/kb-api.ts';
import type { DeskErrorCode } from '../../../../../electron/contract/errors.ts';
import { EMPTY_DRAFT, sameText, settle, textOf, type AuthoringBridge, type DraftText } from './authoring-bridge.ts';
import { imageMarkdown, insertAt, uploadImage, type ImageFile, type ImageStatus } from './image-insert.ts';

export type Leave = { kind: 'space'; spaceId: string } | { kind: 'article'; articleId: number } | { kind: 'new' };
export type AuthoringProblem = DeskErrorCode | 'title-required';
export type AuthoringNotice = 'saved' | 'published' | 'retired' | 'rebased';

export interface AuthoringData {
  spaces: KbSpace[];
  spaceId: string | null;
  articles: KbArticleSummary[];
  /** What the editor shows: nothing, a new article, or an existing one. */
  articleId: number | 'new' | null;
  /** The open article's versions, newest first. */
  history: KbAuthorVersion[];
  /** The version the editor's text is based on (what a save names as `baseVersion`). */
  base: KbAuthorVersion | null;
  draft: DraftText;
  busy: 'loading' | 'saving' | 'publishing' | 'retiring' | null;
  problem: AuthoringProblem | null;
  /** After `kb_edit_conflict`: the newer version another author saved. The author's own text stays in `draft`. */
  conflict: KbAuthorVersion | null;
  notice: AuthoringNotice | null;
  /** Who has not read the published version (null: not asked, or nothing published). */
  unread: KbUnread | null;
  /** A move away from unsaved text, waiting for the author to confirm or cancel. */
  pendingLeave: Leave | null;
  /** The image being inserted, or what became of the last one (image-insert.ts). */
  image: ImageStatus | null;
}

export interface AuthoringActions {
  start(): void;
  stop(): void;
  selectSpace(spaceId: string): void;
  openArticle(articleId: number): void;
  newArticle(): void;
  confirmLeave(): void;
  cancelLeave(): void;
  edit(patch: Partial<DraftText>): void;
  save(): Promise<KbAuthorVersion | null>;
  /** Keeps the author's text and bases it on the newer version; the next save goes on top of it. */
  rebaseOnLatest(): void;
  /** Drops the author's text for the newer version's (their explicit choice). */
  discardForLatest(): void;
  publish(): Promise<void>;
  retire(): Promise<void>;
  loadUnread(): Promise<void>;
  /**
   * Checks the file, uploads it into the space and puts its Markdown where `where()` says
   * the author's selection is once the upload is done; answers where the caret goes (null:
   * nothing inserted, `image` says why).
   */
  insertImage(file: ImageFile, read: () => Promise<Uint8Array>, where: () => { start: number; end: number }): Promise<number | null>;
}

export type AuthoringState = AuthoringData & AuthoringActions;

/** Unsaved: the editor's text differs from the version it is based on (a new article: from empty). */
export function isDirty(s: Pick<AuthoringData, 'articleId' | 'draft' | 'base'>): boolean {
  if (s.articleId === null) return false;
  return !sameText(s.draft, s.base === null ? EMPTY_DRAFT : textOf(s.base));
}

export const publishedOf = (history: readonly KbAuthorVersion[]): KbAuthorVersion | undefined => history.find((v) => v.status === 'published');

/** Nothing open: what every move to another article, a new one or another space starts from. */
const closed = (): Pick<AuthoringData, 'articleId' | 'history' | 'base' | 'draft' | 'conflict' | 'unread' | 'problem' | 'notice' | 'image'> => ({
  articleId: null,
  history: [],
  base: null,
  draft: EMPTY_DRAFT,
  conflict: null,
  unread: null,
  problem: null,
  notice: null,
  image: null,
});

/**
 * Authoring (kb.edit): a space's articles, one article's history and the editor's draft.
 * Every save names the version it was based on; when another author got there first the
 * institution answers `kb_edit_conflict` and the store keeps the author's text, fetches the
 * newer version and lets the author choose (rebase and save again, or take theirs).
 */
export function createAuthoringStore(bridge: AuthoringBridge): StoreApi<AuthoringState> {
  return createStore<AuthoringState>()((set, get) => {
    let unsubscribe: (() => void) | null = null;

    const loadList = async (spaceId: string) => {
      const result = await settle(() => bridge.authorArticles({ spaceId }));
      if (get().spaceId !== spaceId) return;
      if (result.ok) set({ articles: result.value.articles });
      else set({ problem: result.error.code });
    };

    const loadHistory = async (articleId: number): Promise<KbAuthorVersion[] | null> => {
      const result = await settle(() => bridge.history({ articleId }));
      if (get().articleId !== articleId) return null;
      if (!result.ok) {
        set({ problem: result.error.code });
        return null;
      }
      set({ history: result.value.versions });
      return result.value.versions;
    };

    const leave = async (to: Leave) => {
      set({ pendingLeave: null });
      if (to.kind === 'space') {
        set({ ...closed(), spaceId: to.spaceId, articles: [] });
        await loadList(to.spaceId);
      } else if (to.kind === 'new') {
        set({ ...closed(), articleId: 'new' });
      } else {
        set({ ...closed(), articleId: to.articleId, busy: 'loading' });
        const versions = await loadHistory(to.articleId);
        if (get().articleId !== to.articleId) return;
        const latest = versions?.[0] ?? null;
        set({ busy: null, base: latest, draft: latest === null ? EMPTY_DRAFT : textOf(latest) });
        if (versions !== null && publishedOf(versions) !== undefined) await get().loadUnread();
      }
    };
    const request = (to: Leave) => {
      if (isDirty(get())) set({ pendingLeave: to });
      else void leave(to);
    };

    /** Another author moved on: keep the draft, show what they saved. */
    const conflicted = async (articleId: number) => {
      const versions = await loadHistory(articleId);
      set({ problem: 'kb_edit_conflict', conflict: versions?.[0] ?? null });
    };

    return {
      spaces: [],
      spaceId: null,
      articles: [],
      ...closed(),
      busy: null,
      pendingLeave: null,

      start() {
        if (unsubscribe !== null) return;
        unsubscribe = bridge.onChanged((change) => {
          const s = get();
          if (change.spaceId === s.spaceId) void loadList(change.spaceId);
          // Published or retired elsewhere: the statuses change, never the author's text.
          if (change.articleId === s.articleId) {
            void loadHistory(change.articleId).then((versions) => {
              const base = get().base;
              const fresh = versions?.find((v) => v.version === base?.version);
              if (fresh !== undefined) set({ base: fresh });
              if (versions !== null && publishedOf(versions) !== undefined) void get().loadUnread();
            });
          }
        });
        void (async () => {
          const result = await settle(() => bridge.authorSpaces());
          if (!result.ok) {
            set({ problem: result.error.code });
            return;
          }
          set({ spaces: result.value.spaces });
          const first = result.value.spaces[0];
          if (get().spaceId === null && first !== undefined) await leave({ kind: 'space', spaceId: first.id });
        })();
      },
      stop() {
        unsubscribe?.();
        unsubscribe = null;
      },
      selectSpace: (spaceId) => request({ kind: 'space', spaceId }),
      openArticle: (articleId) => request({ kind: 'article', articleId }),
      newArticle: () => request({ kind: 'new' }),
      confirmLeave() {
        const to = get().pendingLeave;
        if (to !== null) void leave(to);
      },
      cancelLeave: () => set({ pendingLeave: null }),
      edit: (patch) => set({ draft: { ...get().draft, ...patch }, notice: null }),

      async insertImage(file, read, where) {
        const { articleId, spaceId, image } = get();
        if (articleId === null || spaceId === null || image?.kind === 'uploading') return null;
        const report = (status: ImageStatus) => {
          if (get().articleId === articleId) set({ image: status });
        };
        const uploaded = await uploadImage(bridge, spaceId, file, read, report);
        // The author moved to another article meanwhile: the image stays uploaded, unused.
        if (uploaded === null || get().articleId !== articleId) return null;
        const { start, end } = where();
        const inserted = insertAt(get().draft.body, start, end, imageMarkdown(file.name, uploaded));
        set({ draft: { ...get().draft, body: inserted.body }, image: { kind: 'inserted' }, notice: null });
        return inserted.caret;
      },

      async save() {
        const s = get();
        if (s.articleId === null || s.spaceId === null || s.busy !== null) return null;
        const draft = { ...s.draft, title: s.draft.title.trim() };
        if (draft.title === '') {
          set({ problem: 'title-required' });
          return null;
        }
        set({ busy: 'saving', problem: null, notice: null });
        const articleId = s.articleId;
        const result =
          articleId === 'new'
            ? await settle(() => bridge.createArticle({ spaceId: s.spaceId as string, ...draft }))
            : await settle(() => bridge.saveDraft({ articleId, baseVersion: s.base?.version ?? 1, ...draft }));
        set({ busy: null });
        if (get().articleId !== articleId) return null;
        if (!result.ok) {
          if (result.error.code === 'kb_edit_conflict' && articleId !== 'new') await conflicted(articleId);
          else set({ problem: result.error.code });
          return null;
        }
        const saved = result.value;
        // Only the text the author saved becomes the base: typing during the save stays unsaved.
        set({ articleId: saved.articleId, base: saved, history: [saved, ...get().history.filter((v) => v.version !== saved.version)], notice: 'saved', conflict: null });
        const now = get().draft;
        if (now.body === draft.body && now.mandatory === draft.mandatory && now.title.trim() === draft.title) set({ draft: textOf(saved) });
        void loadList(saved.spaceId);
        return saved;
      },
      rebaseOnLatest() {
        const latest = get().conflict;
        if (latest !== null) set({ base: latest, conflict: null, problem: null, notice: 'rebased' });
      },
      discardForLatest() {
        const latest = get().conflict;
        if (latest !== null) set({ base: latest, draft: textOf(latest), conflict: null, problem: null, notice: null });
      },

      async publish() {
        if (get().articleId === null || get().busy !== null) return;
        // Unsaved text is saved first: what is published is exactly what the author sees.
        if (isDirty(get()) && (await get().save()) === null) return;
        const base = get().base;
        if (base === null || base.status !== 'draft') return;
        set({ busy: 'publishing', problem: null });
        const result = await settle(() => bridge.publish({ articleId: base.articleId, version: base.version }));
        set({ busy: null });
        if (get().articleId !== base.articleId) return;
        if (!result.ok) {
          if (result.error.code === 'kb_edit_conflict') await conflicted(base.articleId);
          else set({ problem: result.error.code });
          return;
        }
        set({ base: result.value, draft: textOf(result.value), notice: 'published' });
        await loadHistory(base.articleId);
        void loadList(base.spaceId);
        await get().loadUnread();
      },

      async retire() {
        const s = get();
        const published = publishedOf(s.history);
        if (typeof s.articleId !== 'number' || published === undefined || s.busy !== null) return;
        set({ busy: 'retiring', problem: null });
        const result = await settle(() => bridge.retire({ articleId: published.articleId, version: published.version }));
        set({ busy: null });
        if (get().articleId !== published.articleId) return;
        if (!result.ok) {
          if (result.error.code === 'kb_edit_conflict') await conflicted(published.articleId);
          else set({ problem: result.error.code });
          return;
        }
        const versions = await loadHistory(published.articleId);
        const base = get().base;
        const fresh = versions?.find((v) => v.version === base?.version);
        set({ notice: 'retired', unread: null, ...(fresh === undefined ? {} : { base: fresh }) });
        void loadList(published.spaceId);
      },

      async loadUnread() {
        const articleId = get().articleId;
        if (typeof articleId !== 'number') return;
        const result = await settle(() => bridge.unread({ articleId }));
        if (get().articleId !== articleId) return;
        if (result.ok) set({ unread: result.value });
        // Nothing published (any more): nobody is asked to read it.
        else set({ unread: null });
      },
    };
  });
}
