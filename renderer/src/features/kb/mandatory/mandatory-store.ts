import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCoalescedRun } from '../../../state/coalesced-run.ts';
import type { KbAcknowledgeArgs, KbArticle, KbArticleArgs, KbChanged, KbMandatoryQueue, KbSpaceChanged } from '../../../../../electron/contract/kb.ts';
import type { DeskErrorCode, DeskResult } from '../../../../../electron/contract/errors.ts';
import { NEVER_RECONNECTS, type OnReconnected } from '../../../state/reconnected.ts';

/** The desk's calls the queue needs (`desk.kb` is one). */
export interface MandatoryBridge {
  mandatory(): Promise<DeskResult<KbMandatoryQueue>>;
  article(args: KbArticleArgs): Promise<DeskResult<KbArticle>>;
  acknowledge(args: KbAcknowledgeArgs): Promise<DeskResult<null>>;
  onChanged(listener: (change: KbChanged) => void): () => void;
  onSpaceChanged(listener: (change: KbSpaceChanged) => void): () => void;
}

export type PendingRead = KbMandatoryQueue['pending'][number];

/** The article being read: acknowledging is possible only once it is shown, and only for its version. */
export type OpenRead =
  | { item: PendingRead; status: 'loading' }
  | { item: PendingRead; status: 'shown'; article: KbArticle }
  | { item: PendingRead; status: 'failed'; error: DeskErrorCode };

export interface MandatoryState {
  /** Mandatory versions not yet acknowledged, oldest publication first. */
  pending: PendingRead[];
  /** False until the first answer: the queue is not known yet. */
  loaded: boolean;
  /** The last failure of loading or acknowledging (the queue keeps its last known contents). */
  error: DeskErrorCode | null;
  open: OpenRead | null;
  acknowledging: boolean;
  /** Loads the queue and follows `kb.changed` and `kb.space-changed` (idempotent). */
  start(): void;
  stop(): void;
  refresh(): Promise<void>;
  openRead(item: PendingRead): Promise<void>;
  closeRead(): void;
  /** "已阅读并确认" for the open, shown article's version. */
  acknowledgeOpen(): Promise<void>;
}

const sameRead = (a: PendingRead, b: PendingRead) => a.articleId === b.articleId && a.version === b.version;

/**
 * The agent's mandatory-read queue (`kb.mandatory`): what holds the phone's Ready. New or
 * changed mandatory articles arrive live (`kb.changed` → the queue is asked again); each is
 * opened, read and acknowledged per version. A change of a space's read roles asks again too:
 * the institution's queue holds only readable spaces, so items of a space the agent lost drop
 * out (an open one closes) and a space gained adds its items. The live channel coming back after
 * a break asks again as well (pushes of the meantime may be lost). Refreshes never overlap: one
 * that arrives while another runs is run once more afterwards, so the last answer is always the newest.
 */
export function createMandatoryStore(bridge: MandatoryBridge, onReconnected: OnReconnected = NEVER_RECONNECTS): StoreApi<MandatoryState> {
  return createStore<MandatoryState>()((set, get) => {
    let unsubscribe: (() => void) | null = null;

    const load = async (): Promise<void> => {
      const result = await bridge.mandatory().catch((): DeskResult<KbMandatoryQueue> => ({ ok: false, error: { code: 'internal' } }));
      if (unsubscribe === null) return;
      if (!result.ok) {
        set({ error: result.error.code });
        return;
      }
      const open = get().open;
      // The open article left the queue (retired, or a newer version replaced it): close it.
      const stillPending = open === null || result.value.pending.some((p) => sameRead(p, open.item));
      set({ pending: result.value.pending, loaded: true, error: null, ...(stillPending ? {} : { open: null }) });
    };

    const refresh = createCoalescedRun(load).run;

    return {
      pending: [],
      loaded: false,
      error: null,
      open: null,
      acknowledging: false,
      start() {
        if (unsubscribe !== null) return;
        const unsubscribes = [
          bridge.onChanged((change) => {
            // Mandatory publications and retirements, and anything about an article in the queue.
            if (change.mandatory || get().pending.some((p) => p.articleId === change.articleId)) void refresh();
          }),
          bridge.onSpaceChanged(() => void refresh()),
          onReconnected(() => void refresh()),
        ];
        unsubscribe = () => unsubscribes.forEach((u) => u());
        void refresh();
      },
      stop() {
        unsubscribe?.();
        unsubscribe = null;
        set({ open: null });
      },
      refresh,
      async openRead(item) {
        set({ open: { item, status: 'loading' } });
        const result = await bridge.article({ articleId: item.articleId, version: item.version });
        if (get().open?.item !== item) return;
        if (result.ok) set({ open: { item, status: 'shown', article: result.value } });
        else {
          set({ open: { item, status: 'failed', error: result.error.code } });
          // A newer version (or a retirement) overtook the queue entry: ask for the queue again.
          if (result.error.code === 'kb_conflict' || result.error.code === 'kb_not_found') void refresh();
        }
      },
      closeRead() {
        set({ open: null });
      },
      async acknowledgeOpen() {
        const open = get().open;
        if (open?.status !== 'shown' || get().acknowledging) return;
        set({ acknowledging: true });
        const result = await bridge.acknowledge({ articleId: open.article.articleId, version: open.article.version });
        set({ acknowledging: false });
        if (result.ok) {
          set({ open: null, pending: get().pending.filter((p) => !sameRead(p, open.item)), error: null });
        } else {
          set({ error: result.error.code });
        }
        await refresh();
      },
    };
  });
}

/** The Ready gate: true while mandatory reads wait (an unknown queue does not hold; the institution decides then). */
export const readyHeld = (s: Pick<MandatoryState, 'pending'>): boolean => s.pending.length > 0;
