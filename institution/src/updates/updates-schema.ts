/** Kysely table types of the update server (updates-migration.ts). */
export interface UpdateArtifactsTable {
  /** Lowercase hex; the file is `<dataDir>/updates/artifacts/<sha512>`. */
  sha512: string;
  size: number;
  uploaded_by: string;
  uploaded_at: number;
}

export interface UpdateReleasesTable {
  channel: string;
  version: string;
  /** The SignedUpdateManifest exactly as uploaded (JSON text). */
  signed: string;
  rollout_percent: number;
  /** JSON array of group names. */
  rollout_groups: string;
  halted: number;
  published_by: string;
  published_at: number;
}

export interface UpdateGroupMembersTable {
  group_name: string;
  workstation_id: string;
}

/** What desks reported: installed, refused (with the reason), failed, scheduled. */
export interface UpdateResultsTable {
  workstation_id: string;
  version: string;
  outcome: string;
  reason: string | null;
  at: number;
}
