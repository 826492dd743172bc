import type { StaffActionsTable } from '../audit/staff-actions.ts';
import type { KbImagesTable } from '../kb/kb-images.ts';
import type { KbAcknowledgementsTable, KbArticlesTable, KbSpacesTable, KbVersionsTable } from '../kb/kb-schema.ts';
import type { TicketCommentsTable, TicketHistoryTable, TicketsTable, TicketTypesTable, TicketTypeVersionsTable } from '../tickets/ticket-migration.ts';
import type { UpdateArtifactsTable, UpdateGroupMembersTable, UpdateReleasesTable, UpdateResultsTable } from '../updates/updates-schema.ts';

/**
 * Kysely table types. Column types are chosen to be dialect-neutral: booleans are 0/1
 * integers, times are epoch milliseconds (bigint columns), JSON is stored as text, so the
 * same handlers run unchanged on SQLite today and PostgreSQL later.
 */
export interface InstitutionSettingsTable {
  /** Always 1: a single-row table. */
  id: number;
  institution_id: string;
  name_zh: string;
  name_en: string;
  /** JSON of contract `Policy`. */
  policy: string;
  /** Site-profile serial; bumped whenever the profile's content fingerprint changes. */
  profile_serial: number;
  profile_fingerprint: string;
  updated_at: number;
  /** Lowest site-profile serial a workstation may run to sign in (0: no minimum). */
  min_profile_serial: number;
}

export interface OperatorsTable {
  id: string;
  display_name: string;
  /** `scrypt$N$r$p$salt$hash` (see auth/password.ts). */
  password_hash: string;
  /** JSON array of contract `Role`. */
  roles: string;
  team: string | null;
  /** The team's display name (shown to the operator instead of the team id); null: none given. */
  team_name: string | null;
  /** Base32 TOTP secret; null when TOTP is off. */
  totp_secret: string | null;
  /** Last accepted TOTP time step, so a code cannot be replayed (RFC 6238 §5.2). */
  totp_last_step: number | null;
  disabled: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  operator_id: string;
  /** The workstation whose key proved the login; '' for a console session (no workstation). */
  workstation_id: string;
  /** sha256 hex of the opaque access token; the token itself is never stored. */
  access_hash: string;
  access_expires_at: number;
  refresh_hash: string;
  refresh_expires_at: number;
  /** sha256 hex of the refresh token the last rotation replaced (reuse detection); null before any. */
  refresh_prev_hash: string | null;
  created_at: number;
  revoked: number;
  revoked_reason: string | null;
  /** When it was revoked (migration 0014); null while live, and for sessions revoked before 0014. */
  revoked_at: number | null;
  /** Site-profile serial the workstation ran at login; null for console sessions. */
  profile_serial: number | null;
}

/** Enrolled workstations only: a row here means the institution knows the workstation's key. */
export interface WorkstationsTable {
  id: string;
  /** Ed25519 public key, SPKI DER, base64 (normalized re-encoding). */
  public_key: string;
  enrolled_at: number;
  /**
   * The operator whose session enrolled it under the former trust-on-first-use scheme;
   * null for enrollment with a registration's one-time code (see workstation_registrations).
   */
  enrolled_by: string | null;
  /** Highest contiguous audit seq held (0 = none). */
  head_seq: number;
}

/** Workstations IT has registered, with their one-time enrollment code (hashed). */
export interface WorkstationRegistrationsTable {
  workstation_id: string;
  /** sha256 hex of the enrollment code; the code itself is shown once and never stored. */
  code_hash: string;
  code_expires_at: number;
  registered_at: number;
  /** The admin operator who registered it; null when registered with the CLI. */
  registered_by: string | null;
  /** When the code was spent on an enrollment; null while unused. */
  used_at: number | null;
}

export interface AuditEventsTable {
  workstation_id: string;
  seq: number;
  hash: string;
  prev_hash: string;
  /** JSON of the full contract `AuditEvent` as received. */
  body: string;
  received_at: number;
}

export interface AuditFlagsTable {
  workstation_id: string;
  /** 1, 2, 3… per workstation: the order the flags were raised in. */
  n: number;
  seq: number;
  reason: string;
  detail: string;
  at: number;
}

/** A single-use login/refresh/unlock challenge, stored by hash only. */
export interface WorkstationChallengesTable {
  nonce_hash: string;
  workstation_id: string;
  issued_at: number;
  expires_at: number;
}

/**
 * Audit heads the workstation signed. Kept while the delivered chain has not reached and
 * matched them (plus always the highest), so a rewrite below any of them is caught.
 */
export interface AuditAnchorsTable {
  workstation_id: string;
  seq: number;
  hash: string;
  /** The workstation's clock at signing (epoch ms). */
  signed_at: number;
  /** When the institution first received this head. */
  received_at: number;
}

/** What the institution itself saw about a workstation (logins, refusals…), to compare with its chain. */
export interface ServerEventsTable {
  workstation_id: string;
  n: number;
  type: string;
  operator_id: string | null;
  detail: string;
  source: string;
  at: number;
}

/** The institution's softphone code lists: not-ready reasons and dispositions, in its order. */
export interface PhoneCodesTable {
  /** 'not-ready' or 'disposition'. */
  kind: string;
  code: string;
  label_zh: string;
  label_en: string;
  position: number;
}

/** Single row (id 1): telephony settings that are not part of the signed profile's policy. */
export interface PhoneSettingsTable {
  id: number;
  wrap_up_seconds: number;
}

/** Each operator's agent state as last reported (one row per operator who ever reported). */
export interface AgentStatesTable {
  operator_id: string;
  workstation_id: string;
  state: string;
  reason_code: string | null;
  call_id: string | null;
  since: number;
}

/** Every reported agent state, per operator in order (for the supervisor view and reports). */
export interface AgentStateHistoryTable {
  operator_id: string;
  n: number;
  workstation_id: string;
  state: string;
  reason_code: string | null;
  call_id: string | null;
  at: number;
}

/** Call records (metadata only), one per operator + call id; `record` is the canonical JSON the desk sent. */
export interface PhoneCallsTable {
  operator_id: string;
  call_id: string;
  workstation_id: string;
  started_at: number;
  record: string;
  record_hash: string;
  received_at: number;
}

/**
 * The institution's customer directory as the screen pop reads it (phone numbers normalised).
 * Held here in full because it is the institution's own record; only masked fields ever leave.
 */
export interface CustomersTable {
  id: string;
  phone: string;
  name: string;
  id_number: string;
  card_number: string | null;
  tier: string;
  open_tickets: number;
}

export interface Database {
  institution_settings: InstitutionSettingsTable;
  operators: OperatorsTable;
  sessions: SessionsTable;
  workstations: WorkstationsTable;
  workstation_registrations: WorkstationRegistrationsTable;
  audit_events: AuditEventsTable;
  audit_flags: AuditFlagsTable;
  workstation_challenges: WorkstationChallengesTable;
  audit_anchors: AuditAnchorsTable;
  server_events: ServerEventsTable;
  phone_codes: PhoneCodesTable;
  phone_settings: PhoneSettingsTable;
  agent_states: AgentStatesTable;
  agent_state_history: AgentStateHistoryTable;
  customers: CustomersTable;
  phone_calls: PhoneCallsTable;
  kb_spaces: KbSpacesTable;
  kb_articles: KbArticlesTable;
  kb_versions: KbVersionsTable;
  kb_acknowledgements: KbAcknowledgementsTable;
  kb_images: KbImagesTable;
  staff_actions: StaffActionsTable;
  update_artifacts: UpdateArtifactsTable;
  update_releases: UpdateReleasesTable;
  update_group_members: UpdateGroupMembersTable;
  update_results: UpdateResultsTable;
  ticket_types: TicketTypesTable;
  ticket_type_versions: TicketTypeVersionsTable;
  tickets: TicketsTable;
  ticket_comments: TicketCommentsTable;
  ticket_history: TicketHistoryTable;
}
