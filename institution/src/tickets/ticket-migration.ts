import { sql } from 'kysely';
import type { Generated, Kysely, Migration } from 'kysely';

/**
 * Tickets' tables (migration 0014). JSON (schemas, ticket data with sealed envelopes, call
 * context) is stored as text; times are epoch milliseconds. `sessions.revoked_at` is added
 * here: a ticket delivered after its operator signed out is accepted only when it was
 * created inside the session's life (ticket-filing.ts), which needs the moment it ended.
 */
export interface TicketTypesTable {
  id: string;
  business_line: string;
  complaint: number;
  latest_version: number;
  created_at: number;
}

export interface TicketTypeVersionsTable {
  type_id: string;
  version: number;
  name_zh: string;
  name_en: string;
  schema: string;
  ui_schema: string;
  created_at: number;
  created_by: string;
}

export interface TicketsTable {
  id: string;
  type_id: string;
  type_version: number;
  status: string;
  data: string;
  created_at: number;
  received_at: number;
  updated_at: number;
  filed_by: string;
  filed_session: string;
  /** '' for a console session. */
  workstation_id: string;
  assignee: string | null;
  call: string | null;
  /** Idempotency scope is the workstation (its outbox), key and the body's sha256. */
  idempotency_key: string;
  body_hash: string;
  about_operator: string | null;
  /** Complaints only (null otherwise). */
  due_at: number | null;
  extensions: number;
  approved_by: string | null;
}

export interface TicketCommentsTable {
  id: Generated<number>;
  ticket_id: string;
  author: string;
  body: string;
  created_at: number;
}

/** Every change and every reveal attempt (permitted or refused); append-only. */
export interface TicketHistoryTable {
  n: Generated<number>;
  ticket_id: string;
  operator_id: string;
  kind: string;
  detail: string;
  at: number;
}

export const ticketsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sessions').addColumn('revoked_at', 'bigint').execute();
    await db.schema
      .createTable('ticket_types')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('business_line', 'text', (c) => c.notNull())
      .addColumn('complaint', 'integer', (c) => c.notNull())
      .addColumn('latest_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('ticket_type_versions')
      .addColumn('type_id', 'text', (c) => c.notNull().references('ticket_types.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('schema', 'text', (c) => c.notNull())
      .addColumn('ui_schema', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ticket_type_versions_pk', ['type_id', 'version'])
      .execute();
    await db.schema
      .createTable('tickets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type_id', 'text', (c) => c.notNull())
      .addColumn('type_version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('filed_by', 'text', (c) => c.notNull())
      .addColumn('filed_session', 'text', (c) => c.notNull())
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('assignee', 'text')
      .addColumn('call', 'text')
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('about_operator', 'text')
      .addColumn('due_at', 'bigint')
      .addColumn('extensions', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('approved_by', 'text')
      .addForeignKeyConstraint('tickets_type_version', ['type_id', 'type_version'], 'ticket_type_versions', ['type_id', 'version'])
      .execute();
    await db.schema.createIndex('tickets_idempotency').on('tickets').columns(['workstation_id', 'idempotency_key']).unique().execute();
    await db.schema.createIndex('tickets_filed_by').on('tickets').columns(['filed_by', 'received_at']).execute();
    await db.schema.createIndex('tickets_status').on('tickets').columns(['status', 'received_at']).execute();
    await db.schema
      .createTable('ticket_comments')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ticket_comments_ticket').on('ticket_comments').columns(['ticket_id', 'id']).execute();
    await db.schema
      .createTable('ticket_history')
      .addColumn('n', 'integer', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ticket_history_ticket').on('ticket_history').columns(['ticket_id', 'n']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['ticket_history', 'ticket_comments', 'tickets', 'ticket_type_versions', 'ticket_types']) await db.schema.dropTable(table).execute();
    await sql`alter table sessions drop column revoked_at`.execute(db);
  },
};
