import { z } from 'zod';
import { Operator, OperatorId } from '../../institution/contract/api.ts';
import { Policy, LocalizedText } from '../../institution/contract/site-profile.ts';

/**
 * The `desk` bridge, as data. Each invoke channel names its domain, its method, the
 * schema of its single argument and of its result. Main validates requests against
 * these before any handler runs; the preload and the browser test host build
 * `window.desk` from this same table (electron/contract/desk-api.ts).
 */
const Empty = z.undefined();

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
export const UiAuditAction = z.enum(['language-changed', 'area-opened', 'idle-locked']);
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
 * Workstation settings that must survive a restart (the window's session partition is
 * in memory). Non-sensitive by definition: core keeps them in plain text. `settings.set`
 * takes the whole object, so every setting always has a value.
 */
export const DeskSettings = z.object({ language: Language }).strict();
export type DeskSettings = z.infer<typeof DeskSettings>;

function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response };
}

export const invokeChannels = {
  'session.info': channel(Empty, DeskInfo),
  'session.login': channel(LoginArgs, SessionState),
  'session.logout': channel(Empty, SessionState),
  'session.lock': channel(Empty, SessionState),
  'session.unlock': channel(UnlockArgs, SessionState),
  'policy.get': channel(Empty, Policy),
  'audit.record': channel(RecordArgs, z.null()),
  'audit.status': channel(Empty, AuditStatus),
  'settings.get': channel(Empty, DeskSettings),
  'settings.set': channel(DeskSettings, DeskSettings),
} as const;
export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['response']>;

/** Main → renderer notifications. */
export const eventChannels = {
  'session.changed': SessionState,
  'connection.changed': ConnectionState,
  'policy.changed': Policy,
  'audit.status-changed': AuditStatus,
} as const;
export type EventChannel = keyof typeof eventChannels;
export type EventPayload<E extends EventChannel> = z.infer<(typeof eventChannels)[E]>;

/** Prefix of every IPC channel name on the wire, so nothing else can collide with ours. */
export const IPC_PREFIX = 'desk:';
