import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * What the rest of the server knows about its database: a dialect-neutral Kysely instance
 * plus the few things that differ per engine. A PostgreSQL adapter implements this too.
 */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /** True when `error` is the engine's unique/primary-key violation. */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
