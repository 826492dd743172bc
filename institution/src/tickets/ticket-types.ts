import type { Kysely } from 'kysely';
import type { CreateTicketTypeRequest, CreateTicketTypeVersionRequest, TicketText, TicketFieldError, TicketTypeSummary, TicketTypeVersion } from '../../contract/ticket-api.ts';
import type { z } from 'zod';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { hiddenCharacterProblems } from './ticket-labels.ts';
import { compileTicketType, lintTicketSchema } from './ticket-schema.ts';
import type { CompiledTicketType } from './ticket-schema.ts';

/** A type definition the admin sent that does not pass the rules: 400 with pointers into the body. */
export class TicketTypeRefused extends Error {
  readonly fields: TicketFieldError[];
  constructor(fields: TicketFieldError[]) {
    super('the ticket type is refused');
    this.fields = fields;
  }
}

const MAX_UI_SCHEMA = 64 * 1024;

function checkDefinition(schema: Record<string, unknown>, uiSchema: Record<string, unknown>): CompiledTicketType {
  const problems = [...lintTicketSchema(schema), ...hiddenCharacterProblems(schema, uiSchema)];
  if (JSON.stringify(uiSchema).length > MAX_UI_SCHEMA) problems.push({ pointer: '/uiSchema', code: 'ui-schema-too-large' });
  if (problems.length > 0) throw new TicketTypeRefused(problems.slice(0, 50));
  try {
    return compileTicketType(schema);
  } catch (error) {
    // ajv's own refusal (unknown keyword in strict mode, bad $ref …): a code, not its text (it can be long).
    const message = error instanceof Error ? error.message : '';
    throw new TicketTypeRefused([{ pointer: '/schema', code: /unknown keyword|strict mode/.test(message) ? 'schema-strict' : 'schema-invalid' }]);
  }
}

type VersionRow = Database['ticket_type_versions'] & { business_line: string; complaint: number };

function toVersion(row: VersionRow): TicketTypeVersion {
  return {
    typeId: row.type_id,
    version: row.version,
    businessLine: row.business_line as TicketTypeVersion['businessLine'],
    name: { 'zh-CN': row.name_zh, 'en-US': row.name_en },
    complaint: row.complaint === 1,
    schema: JSON.parse(row.schema) as Record<string, unknown>,
    uiSchema: JSON.parse(row.ui_schema) as Record<string, unknown>,
    createdAt: isoTime(row.created_at),
    createdBy: row.created_by,
  };
}

/**
 * Ticket types and their versions. A version is immutable once stored: a new definition is a
 * new version, and each ticket names the version it was filed under, so older tickets keep
 * validating and rendering against the schema they were written for.
 */
export function createTicketTypes(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;
  // Versions never change once stored, so a compiled version is cached for the server's life.
  const compiled = new Map<string, { type: TicketTypeVersion; compiled: CompiledTicketType }>();

  const versionQuery = () =>
    db
      .selectFrom('ticket_type_versions')
      .innerJoin('ticket_types', 'ticket_types.id', 'ticket_type_versions.type_id')
      .selectAll('ticket_type_versions')
      .select(['ticket_types.business_line', 'ticket_types.complaint']);

  async function insertVersion(typeId: string, version: number, name: TicketText, body: { schema: Record<string, unknown>; uiSchema: Record<string, unknown> }, by: string, trx: Kysely<Database>): Promise<void> {
    await trx
      .insertInto('ticket_type_versions')
      .values({ type_id: typeId, version, name_zh: name['zh-CN'], name_en: name['en-US'], schema: JSON.stringify(body.schema), ui_schema: JSON.stringify(body.uiSchema), created_at: now(), created_by: by })
      .execute();
  }

  const api = {
    async create(request: CreateTicketTypeRequest, by: string): Promise<TicketTypeVersion> {
      checkDefinition(request.schema, request.uiSchema);
      await db.transaction().execute(async (trx) => {
        const exists = await trx.selectFrom('ticket_types').select('id').where('id', '=', request.id).executeTakeFirst();
        if (exists !== undefined) throw new ApiFailure('conflict', 'a ticket type with this id exists; add a version instead');
        await trx.insertInto('ticket_types').values({ id: request.id, business_line: request.businessLine, complaint: request.complaint ? 1 : 0, latest_version: 1, created_at: now() }).execute();
        await insertVersion(request.id, 1, request.name, request, by, trx);
      });
      return api.version(request.id, 1);
    },

    async addVersion(typeId: string, request: CreateTicketTypeVersionRequest, by: string): Promise<TicketTypeVersion> {
      checkDefinition(request.schema, request.uiSchema);
      const version = await db.transaction().execute(async (trx) => {
        const type = await trx.selectFrom('ticket_types').select('latest_version').where('id', '=', typeId).executeTakeFirst();
        if (type === undefined) throw new ApiFailure('not_found', 'no such ticket type');
        const latest = await trx.selectFrom('ticket_type_versions').select(['name_zh', 'name_en']).where('type_id', '=', typeId).where('version', '=', type.latest_version).executeTakeFirstOrThrow();
        const next = type.latest_version + 1;
        await insertVersion(typeId, next, request.name ?? { 'zh-CN': latest.name_zh, 'en-US': latest.name_en }, request, by, trx);
        await trx.updateTable('ticket_types').set({ latest_version: next }).where('id', '=', typeId).execute();
        return next;
      });
      return api.version(typeId, version);
    },

    async list(): Promise<z.infer<typeof TicketTypeSummary>[]> {
      const rows = await db
        .selectFrom('ticket_types')
        .innerJoin('ticket_type_versions', (join) => join.onRef('ticket_type_versions.type_id', '=', 'ticket_types.id').onRef('ticket_type_versions.version', '=', 'ticket_types.latest_version'))
        .select(['ticket_types.id', 'ticket_types.business_line', 'ticket_types.complaint', 'ticket_types.latest_version', 'ticket_type_versions.name_zh', 'ticket_type_versions.name_en'])
        .orderBy('ticket_types.business_line')
        .orderBy('ticket_types.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        businessLine: r.business_line as TicketTypeVersion['businessLine'],
        name: { 'zh-CN': r.name_zh, 'en-US': r.name_en },
        complaint: r.complaint === 1,
        latestVersion: r.latest_version,
      }));
    },

    async versions(typeId: string): Promise<TicketTypeVersion[]> {
      const rows = await versionQuery().where('ticket_type_versions.type_id', '=', typeId).orderBy('ticket_type_versions.version').execute();
      if (rows.length === 0) throw new ApiFailure('not_found', 'no such ticket type');
      return rows.map(toVersion);
    },

    async version(typeId: string, version: number): Promise<TicketTypeVersion> {
      const row = await versionQuery().where('ticket_type_versions.type_id', '=', typeId).where('ticket_type_versions.version', '=', version).executeTakeFirst();
      if (row === undefined) throw new ApiFailure('not_found', 'no such ticket type version');
      return toVersion(row);
    },

    /** The validators of a stored version (null when it does not exist). */
    async validatorOf(typeId: string, version: number): Promise<{ type: TicketTypeVersion; compiled: CompiledTicketType } | null> {
      const key = `${typeId}@${version}`;
      const hit = compiled.get(key);
      if (hit !== undefined) return hit;
      const row = await versionQuery().where('ticket_type_versions.type_id', '=', typeId).where('ticket_type_versions.version', '=', version).executeTakeFirst();
      if (row === undefined) return null;
      const type = toVersion(row);
      const entry = { type, compiled: compileTicketType(type.schema) };
      compiled.set(key, entry);
      return entry;
    },
  };
  return api;
}

export type TicketTypes = ReturnType<typeof createTicketTypes>;
