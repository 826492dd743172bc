import { z } from 'zod';
import { Operator, OperatorId } from '../../institution/contract/api.ts';
import { Policy, LocalizedText } from '../../institution/contract/site-profile.ts';

/**
 * The data that crosses the desk bridge: one zod schema per request, response and event
 * payload. The channel table (channels.ts) says which channel carries which.
 */
export const Empty = z.undefined();

/** `activity.hold`: why the renderer keeps the idle lock off (only a call, today). */
export const ActivityHoldArgs = z.object({ reason: z.enum(['call']) }).strict();
export type ActivityHoldArgs = z.infer<typeof ActivityHoldArgs>;
/** An open activity hold, as `activity.hold` returns it and `activity.release` takes it. */
export const ActivityHold = z.object({ holdId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }).strict();
export type ActivityHold = z.infer<typeof ActivityHold>;

export const ConnectionState = z.enum(['online', 'connecting', 'offline']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const SessionState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('logged-out'), reason: z.enum(['user', 'expired', 'operator-disabled', 'revoked']).nullable() }).strict(),
  z.object({ status: z.literal('active'), operator: Operator }).strict(),
  z.object({ status: z.literal('locked'), operator: Operator }).strict(),
]);
export type SessionState = z.infer<typeof SessionState>;

/**
 * Whether the institution knows this workstation's audit key. `pending`: core is enrolling
 * it (with the enrollment code IT provisioned) or waiting to retry; `refused`: the
 * institution refused the enrollment (bad, used or expired code, unregistered workstation,
 * or another key already enrolled): only IT can fix it, and operators cannot sign in.
 */
export const EnrollmentState = z.enum(['enrolled', 'pending', 'refused']);
export type EnrollmentState = z.infer<typeof EnrollmentState>;

export const DeskInfo = z
  .object({
    workstationId: z.string(),
    enrollment: EnrollmentState,
    institutionName: LocalizedText,
    connection: ConnectionState,
    session: SessionState,
    policy: Policy,
  })
  .strict();
export type DeskInfo = z.infer<typeof DeskInfo>;

export const LoginArgs = z
  .object({
    operatorId: OperatorId,
    password: z.string().min(1).max(256),
    totp: z.string().regex(/^\d{6}$/).optional(),
  })
  .strict();
export type LoginArgs = z.infer<typeof LoginArgs>;

export const UnlockArgs = z.object({ password: z.string().min(1).max(256) }).strict();
export type UnlockArgs = z.infer<typeof UnlockArgs>;

/** UI actions the renderer reports; each becomes an audit event `ui.<action>`. */
export const UiAuditAction = z.enum(['language-changed', 'area-opened']);
export const RecordArgs = z
  .object({ action: UiAuditAction, detail: z.string().regex(/^[A-Za-z0-9._-]{0,64}$/) })
  .strict();
export type RecordArgs = z.infer<typeof RecordArgs>;

export const AuditStatus = z.object({ backlog: z.number().int().min(0) }).strict();
export type AuditStatus = z.infer<typeof AuditStatus>;

/** The interface languages; the renderer defaults to zh-CN. */
export const Language = z.enum(['zh-CN', 'en-US']);
export type Language = z.infer<typeof Language>;

/**
 * A media device id as Chromium's enumerateDevices reports it: an opaque per-origin hash
 * (64 hex digits) or a name like `default` / `communications`. Only the id is kept — never
 * the label, which names the operator's hardware.
 */
export const AudioDeviceId = z.string().regex(/^[\x21-\x7e]{1,128}$/);
export type AudioDeviceId = z.infer<typeof AudioDeviceId>;

/** The operator's audio devices for the phone; null = the system default. */
export const AudioDevices = z
  .object({ microphone: AudioDeviceId.nullable(), speaker: AudioDeviceId.nullable(), ringer: AudioDeviceId.nullable() })
  .strict();
export type AudioDevices = z.infer<typeof AudioDevices>;

/**
 * Settings that must survive a restart (the window's session partition is in memory),
 * kept by core. `audioDevices` is the signed-in operator's own choice and is absent while
 * nobody is signed in or the operator has chosen none (the system defaults apply).
 */
export const DeskSettings = z.object({ language: Language, audioDevices: AudioDevices.optional() }).strict();
export type DeskSettings = z.infer<typeof DeskSettings>;

/**
 * What `settings.set` takes: the settings to change (at least one); the others keep their
 * value. `audioDevices` needs a signed-in operator (`not_logged_in` otherwise).
 */
export const DeskSettingsUpdate = z
  .object({ language: Language.optional(), audioDevices: AudioDevices.optional() })
  .strict()
  .refine((u) => u.language !== undefined || u.audioDevices !== undefined, { message: 'nothing to change' });
export type DeskSettingsUpdate = z.infer<typeof DeskSettingsUpdate>;

/** Versions of what this desktop runs on, for the about line and support calls. */
export const SystemVersions = z
  .object({
    app: z.string().max(64),
    electron: z.string().max(64).nullable(),
    chrome: z.string().max(64).nullable(),
    node: z.string().max(64),
  })
  .strict();
export type SystemVersions = z.infer<typeof SystemVersions>;

/** The ICE server URLs the verified site profile allows (its `turn[].urls`), for the page's WebRTC guard. */
export const IceServerList = z.object({ urls: z.array(z.string().max(300)).max(256) }).strict();
export type IceServerList = z.infer<typeof IceServerList>;

/**
 * An ICE server the page's WebRTC guard refused: scheme, lower-case host and port only —
 * never credentials or query text. `invalid` (host '', port 0): not a STUN/TURN URL this
 * desk accepts, or a configuration it could not read.
 */
export const IceRefusal = z
  .object({
    scheme: z.enum(['stun', 'stuns', 'turn', 'turns', 'invalid']),
    host: z.string().regex(/^(?:[a-z0-9.-]{1,253}|\[[0-9a-f:.]{2,45}\])?$/),
    port: z.number().int().min(0).max(65_535),
  })
  .strict();
export type IceRefusal = z.infer<typeof IceRefusal>;
