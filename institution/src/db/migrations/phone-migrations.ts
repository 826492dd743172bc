import type { Kysely, Migration } from 'kysely';

/**
 * The softphone: code lists and agent states (0007), call records (0008), the screen pop's customers (0009).
 * Ids and SQL never change: existing databases already ran them (migrations.ts lists them in order).
 */
/** 0007_phone */
export const phoneMigration: Migration = {
  // The softphone: code lists, the wrap-up time, each operator's current agent state and
  // its history. No foreign key to operators: the history is evidence and outlives them.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('phone_codes')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('label_zh', 'text', (c) => c.notNull())
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('phone_codes_pk', ['kind', 'code'])
      .execute();
    await db.schema
      .createTable('phone_settings')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('wrap_up_seconds', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('agent_states')
      .addColumn('operator_id', 'text', (c) => c.primaryKey())
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason_code', 'text')
      .addColumn('call_id', 'text')
      .addColumn('since', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('agent_state_history')
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason_code', 'text')
      .addColumn('call_id', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('agent_state_history_pk', ['operator_id', 'n'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['agent_state_history', 'agent_states', 'phone_settings', 'phone_codes']) await db.schema.dropTable(table).execute();
  },
};

/** 0008_phone_call_records */
export const phoneCallRecordsMigration: Migration = {
  // Call records (metadata only: masked number, times, disposition, quality). One row per
  // operator + call id, so a record the desk's outbox resends is stored once. The full
  // record is kept as canonical JSON with its hash (a replay must match it); the columns
  // beside it are what the supervisor's listing filters and orders by. No foreign key to
  // operators: records are evidence and outlive them.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('phone_calls')
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('call_id', 'text', (c) => c.notNull())
      .addColumn('workstation_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('record_hash', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('phone_calls_pk', ['operator_id', 'call_id'])
      .execute();
    await db.schema.createIndex('phone_calls_started').on('phone_calls').columns(['started_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('phone_calls').execute();
  },
};

/** 0009_customers */
export const customersMigration: Migration = {
  // The screen pop's customer directory, one row per customer, looked up by normalised number.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('phone', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('card_number', 'text')
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('open_tickets', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('customers').execute();
  },
};
