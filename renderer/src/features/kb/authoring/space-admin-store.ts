import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KbSpace } from '../../../../../electron/contract/kb.ts';
import type { DeskErrorCode } from '../../../../../electron/contract/errors.ts';
import { settle, type AuthoringBridge } from './authoring-bridge.ts';
import type { AuthoringState } from './authoring-store.ts';

export type SpaceRole = KbSpace['readRoles'][number];
/** Every role a space may list, in the order the form shows them. */
export const SPACE_ROLES: readonly SpaceRole[] = ['agent', 'supervisor', 'qa', 'admin'];

/** The institution's rule for a space id (KbSpaceId), checked here first so the author is told before sending. */
const SPACE_ID = /^[a-z][a-z0-9-]{1,31}$/;

export interface NewSpace {
  id: string;
  nameZh: string;
  nameEn: string;
  readRoles: readonly SpaceRole[];
}

export type SpaceProblem = DeskErrorCode | 'bad-id' | 'name-required' | 'name-too-long';

export interface SpaceAdminState {
  busy: 'creating' | 'saving-roles' | null;
  problem: SpaceProblem | null;
  /** What the last action did, for the space it did it to. */
  notice: { kind: 'created' | 'roles-saved'; spaceId: string } | null;
  /** Creates the space and opens it in the authoring area (asking first if a draft is unsaved); true when created. */
  create(space: NewSpace): Promise<boolean>;
  /** Replaces who may read the space; true when saved. */
  setRoles(spaceId: string, readRoles: readonly SpaceRole[]): Promise<boolean>;
  dismiss(): void;
}

/** What is wrong with a new space before it is sent (null: nothing). Names are trimmed, as the institution does. */
export function newSpaceProblem(space: NewSpace): SpaceProblem | null {
  if (!SPACE_ID.test(space.id)) return 'bad-id';
  if (space.nameZh.trim() === '' || space.nameEn.trim() === '') return 'name-required';
  if (space.nameZh.trim().length > 40 || space.nameEn.trim().length > 60) return 'name-too-long';
  return null;
}

/** Roles in the form's order, each once: the same set always reads (and compares) the same. */
const ordered = (roles: readonly SpaceRole[]): SpaceRole[] => SPACE_ROLES.filter((r) => roles.includes(r));

/**
 * Space management for authors (kb.edit): create a space, set its read roles. The list of
 * spaces belongs to the authoring store, which this one updates with what the institution
 * answered (no second fetch); the institution records who did it.
 */
export function createSpaceAdminStore(bridge: Pick<AuthoringBridge, 'createSpace' | 'setSpaceRoles'>, authoring: StoreApi<AuthoringState>): StoreApi<SpaceAdminState> {
  return createStore<SpaceAdminState>()((set, get) => ({
    busy: null,
    problem: null,
    notice: null,
    async create(space) {
      if (get().busy !== null) return false;
      const problem = newSpaceProblem(space);
      set({ problem, notice: null });
      if (problem !== null) return false;
      set({ busy: 'creating' });
      const result = await settle(() => bridge.createSpace({ id: space.id, nameZh: space.nameZh.trim(), nameEn: space.nameEn.trim(), readRoles: ordered(space.readRoles) }));
      set({ busy: null });
      if (!result.ok) {
        set({ problem: result.error.code });
        return false;
      }
      const created = result.value;
      authoring.setState({ spaces: [...authoring.getState().spaces.filter((s) => s.id !== created.id), created] });
      set({ notice: { kind: 'created', spaceId: created.id } });
      authoring.getState().selectSpace(created.id);
      return true;
    },
    async setRoles(spaceId, readRoles) {
      if (get().busy !== null) return false;
      set({ busy: 'saving-roles', problem: null, notice: null });
      const result = await settle(() => bridge.setSpaceRoles({ spaceId, readRoles: ordered(readRoles) }));
      set({ busy: null });
      if (!result.ok) {
        set({ problem: result.error.code });
        return false;
      }
      const saved = result.value;
      authoring.setState({ spaces: authoring.getState().spaces.map((s) => (s.id === saved.id ? saved : s)) });
      set({ notice: { kind: 'roles-saved', spaceId } });
      return true;
    },
    dismiss: () => set({ problem: null, notice: null }),
  }));
}
