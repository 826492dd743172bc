import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KbArticle, KbArticleArgs, KbChanged, KbSearchArgs, KbSearchResult, KbSpaceChanged, KbSpaces } from '../../../../../electron/contract/kb.ts';
import type { DeskError, DeskResult } from '../../../../../electron/contract/errors.ts';
import { articleChanges, NO_CHANGES, type ArticleChanges } from './article-changes.ts';
import { createSearchScheduler } from './kb-search-scheduler.ts';
import { NEVER_RECONNECTS, type OnReconnected } from '../../../state/reconnected.ts';

/** The desk's calls the reader needs (`desk.kb` is one). */
export interface KbReaderBridge {
  spaces(): Promise<DeskResult<KbSpaces>>;
  search(args: KbSearchArgs): Promise<DeskResult<KbSearchResult>>;
  article(args: KbArticleArgs): Promise<DeskResult<KbArticle>>;
  onChanged(listener: (change: KbChanged) => void): () => void;
  onSpaceChanged(listener: (change: KbSpaceChanged) => void): () => void;
}

export type KbHit = KbSearchResult['hits'][number];
export type KbSpace = KbSpaces['spaces'][number];

export type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; hits: readonly KbHit[] }
  | { status: 'ready'; query: string; hits: readonly KbHit[] }
  | { status: 'failed'; error: DeskError; hits: readonly KbHit[] };

export type ArticleState =
  | { status: 'loading'; articleId: number }
  | {
      status: 'shown';
      article: KbArticle;
      /** What the last live update changed (nothing on first open). */
      changes: ArticleChanges;
      /** The version a live update brought, for the notice "已更新至第 N 版". */
      updatedTo: number | null;
      /** An author retired the article while it was open: the text stays, marked as no longer valid. */
      retired: boolean;
    }
  | { status: 'failed'; articleId: number; error: DeskError };

export interface KbReaderState {
  /** What the user typed; kept while an article is open, so coming back finds it. */
  query: string;
  search: SearchState;
  /** The highlighted result (arrow keys); -1: none. */
  selected: number;
  article: ArticleState | null;
  spaces: readonly KbSpace[];
  /**
   * Why the reader closed the article on its own: the read roles of its space changed and the
   * institution no longer shows it to this operator. Cleared when another article is opened.
   */
  closedNotice: 'access-revoked' | null;
  /** Bumped when the search box should take the focus (the shortcut, coming back from an article). */
  focusRequest: number;
  start(): void;
  stop(): void;
  setQuery(query: string): void;
  select(index: number): void;
  moveSelection(delta: 1 | -1): void;
  open(articleId: number): Promise<void>;
  /** Back to the results (the query and results as they were). */
  back(): void;
  /** The search shortcut: back to the results, focus in the search box. */
  focusSearch(): void;
}

/** The institution refuses a query with no letters or digits; the page does not send one. */
export const searchable = (query: string): boolean => /[\p{L}\p{N}]/u.test(query);
/** Results asked for per search. */
export const RESULT_LIMIT = 20;
const INTERNAL: DeskError = { code: 'internal' };

const hitsOf = (s: SearchState): readonly KbHit[] => (s.status === 'idle' ? [] : s.hits);

/**
 * The knowledge-base reader (renderer/src/features/kb/reader): search as you type over
 * `desk.kb.search` (kb-search-scheduler.ts: bounded, stale answers dropped), one open
 * article, and live updates from `kb.changed` — the open article is fetched again and the
 * blocks that changed are marked, a retirement is said, and results that list a changed
 * article are searched again. A change of a space's read roles (`kb.space-changed`) asks
 * again for the space list, the results and an open article of that space; one the operator
 * may no longer read is closed at once, and the reader says why. The query is kept. Nothing
 * is kept beyond the open article and the results. When the live channel comes back after a
 * break (`onReconnected`), pushes may have been lost: all of it is asked for again.
 */
export function createKbReaderStore(bridge: KbReaderBridge, onReconnected: OnReconnected = NEVER_RECONNECTS): StoreApi<KbReaderState> {
  return createStore<KbReaderState>()((set, get) => {
    let unsubscribe: (() => void) | null = null;
    /** Which open() call the article state belongs to: a later open or back() wins. */
    let opening = 0;

    const scheduler = createSearchScheduler<string, DeskResult<KbSearchResult>>({
      run: (query) => bridge.search({ query, limit: RESULT_LIMIT }).catch(() => ({ ok: false as const, error: INTERNAL })),
      onStart: () => {
        const s = get().search;
        if (s.status !== 'searching') set({ search: { status: 'searching', hits: hitsOf(s) } });
      },
      onResult: (query, result) => {
        const hits = result.ok ? result.value.hits : hitsOf(get().search);
        const previous = hitsOf(get().search);
        // Keep the highlighted article highlighted when a refresh reorders the list.
        const selectedId = previous[get().selected]?.articleId;
        const kept = selectedId === undefined ? -1 : hits.findIndex((h) => h.articleId === selectedId);
        set({
          search: result.ok ? { status: 'ready', query, hits } : { status: 'failed', error: result.error, hits },
          selected: kept >= 0 ? kept : hits.length > 0 ? 0 : -1,
        });
      },
    });

    /** A published version replaces the one on screen, its changed blocks marked. */
    const reload = async (articleId: number): Promise<void> => {
      const token = opening;
      const result = await bridge.article({ articleId }).catch((): DeskResult<KbArticle> => ({ ok: false, error: INTERNAL }));
      const shown = get().article;
      if (token !== opening || shown?.status !== 'shown' || shown.article.articleId !== articleId) return;
      if (result.ok) {
        if (result.value.version <= shown.article.version) return;
        set({ article: { status: 'shown', article: result.value, changes: articleChanges(shown.article.body, result.value.body), updatedTo: result.value.version, retired: false } });
      } else if (result.error.code === 'kb_not_found') {
        set({ article: { ...shown, retired: true } });
      }
    };

    const onChanged = (change: KbChanged): void => {
      const shown = get().article;
      if (shown?.status === 'shown' && shown.article.articleId === change.articleId) {
        if (change.change === 'retired') set({ article: { ...shown, retired: true } });
        else if (change.version > shown.article.version) void reload(change.articleId);
      }
      // The results list an article that changed (a new title or snippet, or it is gone): search again.
      if (hitsOf(get().search).some((h) => h.articleId === change.articleId) || change.change === 'published') scheduler.rerun();
    };

    /** Spaces whose read roles changed while an article was opening: its answer may predate the change. */
    let changedWhileOpening = new Set<string>();

    /** Read roles changed: what is on screen is asked for again with the operator's own token. */
    const onSpaceChanged = (change: KbSpaceChanged): void => {
      void loadSpaces();
      scheduler.rerun();
      const shown = get().article;
      if (shown?.status === 'shown' && shown.article.spaceId === change.spaceId) void recheckAccess(shown.article.articleId);
      if (shown?.status === 'loading') changedWhileOpening.add(change.spaceId);
    };

    /** The open article again: gone for this operator (not found, or refused) → closed, with the reason said. */
    const recheckAccess = async (articleId: number): Promise<void> => {
      const token = opening;
      const result = await bridge.article({ articleId }).catch((): DeskResult<KbArticle> => ({ ok: false, error: INTERNAL }));
      const shown = get().article;
      if (token !== opening || shown?.status !== 'shown' || shown.article.articleId !== articleId) return;
      if (!result.ok && (result.error.code === 'kb_not_found' || result.error.code === 'permission_denied')) {
        opening += 1;
        set({ article: null, closedNotice: 'access-revoked' });
      } else if (result.ok && result.value.version > shown.article.version) {
        void reload(articleId);
      }
    };

    /** The spaces this operator reads now; null when the institution did not say. */
    const loadSpaces = (): Promise<readonly KbSpace[] | null> =>
      bridge.spaces().then(
        (r) => {
          if (!r.ok) return null;
          set({ spaces: r.value.spaces });
          return r.value.spaces;
        },
        () => null,
      );

    /**
     * Back after a break, with any push of the meantime possibly lost: the spaces, the results
     * and the open article are asked for again. The open article's space no longer listed →
     * closed as access revoked; still listed → a newer version replaces it, a retired one is
     * marked (reload); space list unknown → the access check decides.
     */
    const resync = async (): Promise<void> => {
      const token = opening;
      const spaces = await loadSpaces();
      if (get().search.status !== 'idle') scheduler.rerun();
      const shown = get().article;
      if (token !== opening || shown?.status !== 'shown') return;
      const { articleId, spaceId } = shown.article;
      if (spaces === null) void recheckAccess(articleId);
      else if (!spaces.some((space) => space.id === spaceId)) {
        opening += 1;
        set({ article: null, closedNotice: 'access-revoked' });
      } else void reload(articleId);
    };

    return {
      query: '',
      search: { status: 'idle' },
      selected: -1,
      article: null,
      spaces: [],
      closedNotice: null,
      focusRequest: 0,
      start() {
        if (unsubscribe !== null) return;
        const unsubscribes = [bridge.onChanged(onChanged), bridge.onSpaceChanged(onSpaceChanged), onReconnected(() => void resync())];
        unsubscribe = () => unsubscribes.forEach((u) => u());
        void loadSpaces();
      },
      stop() {
        unsubscribe?.();
        unsubscribe = null;
      },
      setQuery(query) {
        set({ query });
        const trimmed = query.trim();
        if (trimmed === '' || !searchable(trimmed)) {
          scheduler.submit(null);
          set({ search: { status: 'idle' }, selected: -1 });
          return;
        }
        scheduler.submit(trimmed.slice(0, 200));
      },
      select(index) {
        const count = hitsOf(get().search).length;
        set({ selected: count === 0 ? -1 : Math.max(0, Math.min(count - 1, index)) });
      },
      moveSelection(delta) {
        const count = hitsOf(get().search).length;
        if (count === 0) return;
        const from = get().selected;
        set({ selected: from < 0 ? (delta === 1 ? 0 : count - 1) : (from + delta + count) % count });
      },
      async open(articleId) {
        const token = ++opening;
        changedWhileOpening = new Set();
        set({ article: { status: 'loading', articleId }, closedNotice: null });
        const result = await bridge.article({ articleId }).catch((): DeskResult<KbArticle> => ({ ok: false, error: INTERNAL }));
        if (token !== opening) return;
        set({
          article: result.ok
            ? { status: 'shown', article: result.value, changes: NO_CHANGES, updatedTo: null, retired: false }
            : { status: 'failed', articleId, error: result.error },
        });
        if (result.ok && changedWhileOpening.has(result.value.spaceId)) void recheckAccess(articleId);
      },
      back() {
        opening += 1;
        set({ article: null, focusRequest: get().focusRequest + 1 });
      },
      focusSearch() {
        opening += 1;
        set({ article: null, focusRequest: get().focusRequest + 1 });
      },
    };
  });
}
