import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskError } from '../../../../../electron/contract/errors.ts';
import type { SealedField } from '../../../../../institution/contract/ticket-crypto.ts';
import { createAutosave } from './draft-autosave.ts';
import { settle, type TicketCallContext, type TicketDraft, type TicketFormBridge, type TicketTypeVersion } from './form-bridge.ts';
import { fieldIssues } from './form-issues.ts';
import { fieldsOf, leavesOf, type FieldSpec } from './form-model.ts';
import { dataOf, normalize, rawOf, type RawValues, type SealedValues } from './form-values.ts';
import { importSealKey, sealValue, type SealKey } from './seal.ts';

/**
 * One ticket being filled in: what the agent typed, the sealed sensitive fields, which fields
 * were left once (their errors show from then on), the draft's autosave and the submission.
 * Sensitive plaintext lives only in `raw` while the agent is in the field; leaving it with a
 * valid value seals it and clears `raw`, so neither the draft nor this state keeps it.
 */
export interface TicketFormData {
  status: 'loading' | 'ready' | 'failed' | 'submitting' | 'submitted';
  loadError: DeskError | null;
  type: TicketTypeVersion | null;
  raw: RawValues;
  sealed: SealedValues;
  /** Sensitive fields being sealed right now. */
  sealing: Record<string, true>;
  /** Sensitive fields whose sealing failed (the agent types the value again). */
  sealFailed: Record<string, true>;
  /** Fields the agent has left at least once: their problems show (and update as they type). */
  touched: Record<string, true>;
  /** Submit was pressed: every field's problems show. */
  attempted: boolean;
  /** The type has sensitive fields and the profile names no ticket key: nothing can be sealed. */
  keyMissing: boolean;
  /** A refill opened under a type version that has since been superseded: the latest version's number (else null). */
  newerVersion: number | null;
  draftId: string;
  draft: { state: 'none' | 'saving' | 'saved' | 'failed'; at: number | null; error: DeskError | null };
  submitError: DeskError | null;
  localId: string | null;
}

export interface TicketFormActions {
  /**
   * Opens a new ticket of the type's latest version, or the saved draft. `showProblems`: every
   * field's problems at once, as after 提交 (a refill of a ticket the institution refused).
   */
  open(from: { typeId: string } | { draft: TicketDraft; showProblems?: boolean }): Promise<void>;
  edit(pointer: string, value: string | boolean): void;
  leave(pointer: string): Promise<void>;
  /** Files the ticket; answers the local id, or the pointer of the first field to fix (null: refused, see submitError). */
  submit(): Promise<{ localId: string } | { fix: string } | null>;
  discard(): Promise<void>;
  dispose(): void;
}

export type TicketFormState = TicketFormData & TicketFormActions;

export interface TicketFormDeps {
  bridge: TicketFormBridge;
  now: () => number;
  call?: TicketCallContext;
  newId?: () => string;
}

/** The type's fields without language (titles are the component's; values and checks need only the shape). */
const leavesOfType = (type: TicketTypeVersion | null): FieldSpec[] => (type === null ? [] : leavesOf(fieldsOf(type.schema, type.uiSchema, 'zh-CN')));

export function createTicketFormStore(deps: TicketFormDeps): StoreApi<TicketFormState> {
  const { bridge, now } = deps;
  let key: SealKey | null = null;
  let call = deps.call;
  /** A complaint's subject, kept from the draft (the form has no field for it; a refill must not drop it). */
  let about: string | undefined;
  let leaves: FieldSpec[] = [];
  const pendingSeals = new Map<string, Promise<void>>();

  const store = createStore<TicketFormState>()((set, get) => {
    const wireData = () => dataOf(leaves, get().raw, get().sealed, 'wire');
    // Nothing typed yet (a checkbox left as it was counts as nothing): no draft to keep.
    const hasContent = () => Object.keys(get().sealed).length > 0 || Object.values(get().raw).some((v) => v === true || (typeof v === 'string' && v.trim() !== ''));

    const saveDraft = async (): Promise<void> => {
      const { type, status, draftId } = get();
      if (type === null || status === 'submitting' || status === 'submitted') return;
      if (get().draft.state === 'none' && !hasContent()) return;
      const draft: TicketDraft = {
        draftId,
        typeId: type.typeId,
        typeVersion: type.version,
        values: wireData(),
        updatedAt: new Date(now()).toISOString(),
        ...(call === undefined ? {} : { call }),
        ...(about === undefined ? {} : { aboutOperatorId: about }),
      };
      set({ draft: { ...get().draft, state: 'saving' } });
      const result = await settle(() => bridge.draftSave(draft));
      set({ draft: result.ok ? { state: 'saved', at: now(), error: null } : { state: 'failed', at: get().draft.at, error: result.error } });
    };
    const autosave = createAutosave(saveDraft);

    const problemOf = (pointer: string) => {
      const type = get().type;
      return type === null ? undefined : fieldIssues(type.schema, leaves, get().raw, get().sealed).get(pointer);
    };

    const seal = async (field: FieldSpec): Promise<void> => {
      const { type, raw } = get();
      const typed = raw[field.pointer];
      if (type === null || key === null || typeof typed !== 'string') return;
      const value = normalize(field, typed);
      if (value === '' || problemOf(field.pointer) !== undefined) return;
      set((s) => ({ sealing: { ...s.sealing, [field.pointer]: true } }));
      let envelope: SealedField | null = null;
      try {
        envelope = await sealValue(value, field, key, { typeId: type.typeId, typeVersion: type.version });
      } catch {
        envelope = null;
      }
      set((s) => {
        const { [field.pointer]: _done, ...sealing } = s.sealing;
        // The agent came back and typed something else meanwhile: that text wins, this envelope is dropped.
        if (s.raw[field.pointer] !== typed) return { sealing };
        const { [field.pointer]: _plain, ...rest } = s.raw;
        if (envelope === null) return { sealing, sealFailed: { ...s.sealFailed, [field.pointer]: true } };
        return { sealing, raw: rest, sealed: { ...s.sealed, [field.pointer]: envelope } };
      });
    };

    return {
      status: 'loading',
      loadError: null,
      type: null,
      raw: {},
      sealed: {},
      sealing: {},
      sealFailed: {},
      touched: {},
      attempted: false,
      keyMissing: false,
      newerVersion: null,
      draftId: (deps.newId ?? (() => globalThis.crypto.randomUUID()))(),
      draft: { state: 'none', at: null, error: null },
      submitError: null,
      localId: null,

      async open(from) {
        set({ status: 'loading', loadError: null });
        const typeId = 'draft' in from ? from.draft.typeId : from.typeId;
        const found =
          'draft' in from
            ? await settle(() => bridge.typeVersion({ typeId, typeVersion: from.draft.typeVersion }))
            : await settle(async () => {
                const all = await bridge.types();
                if (!all.ok) return all;
                const type = all.value.types.find((t) => t.typeId === typeId);
                return type === undefined ? { ok: false as const, error: { code: 'ticket_type_unknown' as const } } : { ok: true as const, value: type };
              });
        if (!found.ok) {
          set({ status: 'failed', loadError: found.error });
          return;
        }
        const type = found.value;
        leaves = leavesOfType(type);
        let keyMissing = false;
        if (leaves.some((f) => f.sensitive)) {
          const answer = await settle(() => bridge.key());
          if (!answer.ok) {
            set({ status: 'failed', loadError: answer.error });
            return;
          }
          try {
            key = answer.value === null ? null : await importSealKey(answer.value);
          } catch {
            key = null;
          }
          keyMissing = key === null;
        }
        if ('draft' in from) {
          const { raw, sealed } = rawOf(leaves, from.draft.values);
          call = from.draft.call ?? call;
          about = from.draft.aboutOperatorId;
          // Restored text shows its problems at once: the agent left those fields before the crash.
          const touched = Object.fromEntries(Object.keys(raw).filter((p) => raw[p] !== '' && raw[p] !== false).map((p) => [p, true as const]));
          set({ status: 'ready', type, raw, sealed, touched, attempted: from.showProblems === true, keyMissing, draftId: from.draft.draftId, draft: { state: 'saved', at: Date.parse(from.draft.updatedAt), error: null } });
          if (from.showProblems === true) {
            // A refill keeps its version (its envelopes are bound to it); say so when the type has moved on.
            const all = await settle(() => bridge.types());
            const latest = all.ok ? all.value.types.find((x) => x.typeId === type.typeId)?.version : undefined;
            if (latest !== undefined && latest > type.version) set({ newerVersion: latest });
          }
        } else {
          const { raw } = rawOf(leaves, {});
          set({ status: 'ready', type, raw, keyMissing });
        }
      },

      edit(pointer, value) {
        if (get().status !== 'ready') return;
        set((s) => {
          const { [pointer]: _old, ...sealed } = s.sealed;
          const { [pointer]: _failed, ...sealFailed } = s.sealFailed;
          // Typing into a sealed field replaces its value: the old envelope goes at once.
          return { raw: { ...s.raw, [pointer]: value }, sealed, sealFailed, submitError: null };
        });
        autosave.schedule();
      },

      async leave(pointer) {
        set((s) => (s.touched[pointer] ? {} : { touched: { ...s.touched, [pointer]: true } }));
        const field = leaves.find((f) => f.pointer === pointer || pointer.startsWith(`${f.pointer}/`));
        if (field?.sensitive === true) {
          const sealing = seal(field);
          pendingSeals.set(pointer, sealing);
          await sealing;
          pendingSeals.delete(pointer);
        }
        await autosave.flush();
      },

      async submit() {
        set({ attempted: true, submitError: null });
        await Promise.all(pendingSeals.values());
        // Enter in a field submits without leaving it: seal what is still typed.
        for (const field of leaves) if (field.sensitive && typeof get().raw[field.pointer] === 'string' && get().raw[field.pointer] !== '') await seal(field);
        const type = get().type;
        if (type === null || get().status !== 'ready') return null;
        const issues = fieldIssues(type.schema, leaves, get().raw, get().sealed);
        const unsealed = leaves.find((f) => f.sensitive && get().raw[f.pointer] !== undefined && get().raw[f.pointer] !== '' && get().sealed[f.pointer] === undefined);
        const first = leaves.find((f) => issues.has(f.pointer)) ?? unsealed;
        if (first !== undefined) return { fix: first.pointer };
        set({ status: 'submitting' });
        await autosave.settle();
        const result = await settle(() =>
          bridge.submit({ draftId: get().draftId, typeId: type.typeId, typeVersion: type.version, data: wireData(), ...(call === undefined ? {} : { call }), ...(about === undefined ? {} : { aboutOperatorId: about }) }),
        );
        if (!result.ok) {
          set({ status: 'ready', submitError: result.error });
          return null;
        }
        autosave.stop();
        set({ status: 'submitted', localId: result.value.localId });
        return { localId: result.value.localId };
      },

      async discard() {
        autosave.stop();
        await autosave.settle();
        if (get().draft.state !== 'none') await settle(() => bridge.draftDelete({ draftId: get().draftId }));
      },

      dispose() {
        // Leaving the form (another area, the list) saves what is typed now; the draft stays.
        // Not stopped for good: StrictMode (and a remount) runs the view's effect again.
        if (get().status === 'ready') void autosave.flush();
      },
    };
  });
  return store;
}
