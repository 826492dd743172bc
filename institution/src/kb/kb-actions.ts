import type { StaffActionType } from '../../contract/api.ts';
import type { KbSpace, KbVersion } from '../../contract/kb-api.ts';
import type { ServerEventLog } from '../audit/server-events.ts';
import type { StaffActionLog } from '../audit/staff-actions.ts';

/** Who did it, from which session and address. */
export interface KbActor {
  operatorId: string;
  /** The session's workstation; null for a console session (no server-event log there). */
  workstationId: string | null;
  source: string;
}

/** Roles in a fixed order, so the same set always reads the same. */
const ROLE_ORDER = ['agent', 'supervisor', 'qa', 'admin'];
const rolesText = (roles: readonly string[]): string => (roles.length === 0 ? 'none' : [...roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b)).join(','));

/**
 * Records each knowledge-base action that changed something (create draft, new draft,
 * publish, retire, mandatory change, acknowledge, create a space, change its read roles) —
 * ids, versions, the space, roles and the mandatory flag, never content — in the
 * institution-wide staff-action log, and, for a session at a workstation, in that
 * workstation's server events as well. Called after the
 * change is committed; a refused action (4xx) changed nothing and is not recorded here.
 */
export function createKbActionRecorder(deps: { staffActions: StaffActionLog; serverEvents: ServerEventLog }) {
  async function record(actor: KbActor, type: Extract<StaffActionType, `kb-${string}`>, version: Pick<KbVersion, 'articleId' | 'version' | 'spaceId'>, extra = ''): Promise<void> {
    await write(actor, type, `kb-article:${version.articleId}`, `v${version.version} space ${version.spaceId}${extra === '' ? '' : ` ${extra}`}`);
  }

  async function write(actor: KbActor, type: Extract<StaffActionType, `kb-${string}`>, subject: string, detail: string): Promise<void> {
    await deps.staffActions.record({ type, operatorId: actor.operatorId, workstationId: actor.workstationId, subject, detail, source: actor.source });
    if (actor.workstationId !== null) {
      await deps.serverEvents.record({ workstationId: actor.workstationId, type, operatorId: actor.operatorId, detail: `${subject} ${detail}`, source: actor.source });
    }
  }

  return {
    /** A new article (version 1) or a new draft on top of the latest version. */
    draftCreated: (actor: KbActor, draft: KbVersion) => record(actor, 'kb-draft-created', draft, `mandatory ${draft.mandatory}`),

    /** A publication, and a mandatory change when the flag differs from what readers saw before (none counts as not mandatory). */
    async published(actor: KbActor, published: KbVersion, previousMandatory: boolean | null): Promise<void> {
      await record(actor, 'kb-published', published, `mandatory ${published.mandatory}`);
      const before = previousMandatory ?? false;
      if (before !== published.mandatory) await record(actor, 'kb-mandatory-changed', published, `mandatory ${before}→${published.mandatory}`);
    },

    retired: (actor: KbActor, retired: KbVersion) => record(actor, 'kb-retired', retired),

    acknowledged: (actor: KbActor, ack: { articleId: number; version: number; spaceId: string }) => record(actor, 'kb-acknowledged', ack),

    /** A new space and the roles that may read it (`roles agent,qa`; `roles none`: authors only). */
    spaceCreated: (actor: KbActor, space: KbSpace) => write(actor, 'kb-space-created', `kb-space:${space.id}`, `roles ${rolesText(space.readRoles)}`),

    /** New read roles (`roles agent→agent,qa`); setting the same roles again changed nothing and is not recorded. */
    /** Only for a change of the set (kb-spaces.ts setReadRoles says whether). */
    async spaceRolesChanged(actor: KbActor, before: KbSpace, after: KbSpace): Promise<void> {
      await write(actor, 'kb-space-roles-changed', `kb-space:${after.id}`, `roles ${rolesText(before.readRoles)}→${rolesText(after.readRoles)}`);
    },
  };
}

export type KbActionRecorder = ReturnType<typeof createKbActionRecorder>;
