import type { Kysely, Selectable } from 'kysely';
import { Role } from '../../contract/api.ts';
import type { Operator } from '../../contract/api.ts';
import { permissionsFor } from '../auth/permissions.ts';
import type { Database, OperatorsTable } from '../db/schema.ts';

export type OperatorRow = Selectable<OperatorsTable>;

export interface NewOperator {
  id: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  team: string | null;
  /** The team's display name; omitted: none. */
  teamName?: string | null;
  totpSecret: string | null;
}

export function parseRoles(json: string): Role[] {
  const parsed = Role.array().safeParse(JSON.parse(json));
  // A row with unreadable roles grants nothing rather than failing the request.
  return parsed.success ? parsed.data : [];
}

/** The wire view of an operator row (never includes hashes or secrets). */
export function toOperator(row: OperatorRow): Operator {
  const roles = parseRoles(row.roles);
  return {
    id: row.id,
    displayName: row.display_name,
    roles,
    permissions: permissionsFor(roles),
    team: row.team,
    teamName: row.team === null ? null : row.team_name,
    totpEnabled: row.totp_secret !== null,
    disabled: row.disabled !== 0,
  };
}

export async function findOperator(db: Kysely<Database>, id: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOperator(db: Kysely<Database>, operator: NewOperator, now: number): Promise<OperatorRow> {
  const row: OperatorRow = {
    id: operator.id,
    display_name: operator.displayName,
    password_hash: operator.passwordHash,
    roles: JSON.stringify(operator.roles),
    team: operator.team,
    team_name: operator.team === null ? null : (operator.teamName ?? null),
    totp_secret: operator.totpSecret,
    totp_last_step: null,
    disabled: 0,
    failed_attempts: 0,
    locked_until: null,
    created_at: now,
  };
  await db.insertInto('operators').values(row).execute();
  return row;
}

export async function setOperatorDisabled(db: Kysely<Database>, id: string, disabled: boolean): Promise<void> {
  await db.updateTable('operators').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
}

export async function setOperatorPassword(db: Kysely<Database>, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('operators').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}
