import type { Generated } from 'kysely';

/**
 * Kysely table types of the knowledge base (see kb-migration.ts). The FTS5 table `kb_fts`
 * (rowid = article id; columns title, body of index tokens) is SQLite-only and queried
 * with raw SQL in kb-search.ts, so it has no type here.
 */
export interface KbSpacesTable {
  id: string;
  name_zh: string;
  name_en: string;
  /** JSON array of contract Role. */
  read_roles: string;
  created_at: number;
}

export interface KbArticlesTable {
  id: Generated<number>;
  space_id: string;
  /** Highest version number (the only one a new draft may be based on). */
  latest_version: number;
  /** The version readers see; null while unpublished or after retirement. */
  published_version: number | null;
  created_at: number;
}

export interface KbVersionsTable {
  article_id: number;
  version: number;
  status: string;
  title: string;
  body: string;
  mandatory: number;
  author_id: string;
  created_at: number;
  published_at: number | null;
  published_by: string | null;
}

export interface KbAcknowledgementsTable {
  article_id: number;
  version: number;
  operator_id: string;
  acknowledged_at: number;
}
