import { z } from 'zod';
import { Policy } from '../../institution/contract/site-profile.ts';
import { needs, needsAny, PUBLIC, SIGNED_IN, UNLOCKED, type AccessRule } from './access.ts';
import { CallerLookup, IncomingCallNotice, LookupCallerArgs, NoticeShown } from './inbound.ts';
import { KbAcknowledgeArgs, KbArticle, KbArticleArgs, KbChanged, KbMandatoryQueue, KbSearchArgs, KbSearchResult, KbSpaceChanged, KbSpaces } from './kb.ts';
import { KbArticleRef, KbAuthorArticles, KbAuthorArticlesArgs, KbAuthorVersion, KbCreateArticleArgs, KbHistory, KbSaveDraftArgs, KbUnread, KbVersionArgs } from './kb.ts';
import { KbCreateSpaceArgs, KbSetSpaceRolesArgs, KbSpaceResult } from './kb.ts';
import { KbBlockedAttempt } from './kb-protection.ts';
import { KbImageArgs, KbImageData, KbUploadImageArgs, KbUploadImageResult } from './kb-image.ts';
import { AgentStateReport, CallRecordArgs, PhoneCodes, SipCredentials } from './phone.ts';
import { UpdateStatus } from './updates.ts';
import { TicketAssignArgs, TicketChanged, TicketCommentArgs, TicketComments, TicketDraft, TicketDraftRef, TicketDrafts, TicketDraftSaved, TicketExtendArgs } from './tickets.ts';
import { TicketKey, TicketList, TicketListArgs, TicketLocalRef, TicketOutbox, TicketOutboxCounts, TicketRef, TicketRevealArgs, TicketRevealed } from './tickets.ts';
import { TicketAssignees, TicketHistory } from './tickets.ts';
import { Ticket, TicketComment, TicketSubmitArgs, TicketSubmitted, TicketTransitionArgs, TicketTypes, TicketTypeVersion, TicketTypeVersionArgs } from './tickets.ts';
import {
  ActivityHold,
  ActivityHoldArgs,
  AuditStatus,
  ConnectionState,
  DeskInfo,
  DeskSettings,
  DeskSettingsUpdate,
  Empty,
  EnrollmentState,
  IceRefusal,
  IceServerList,
  LoginArgs,
  RecordArgs,
  SessionState,
  SystemVersions,
  UnlockArgs,
} from './schemas.ts';

export * from './schemas.ts';
export * from './phone.ts';
export * from './inbound.ts';
export * from './updates.ts';
export * from './kb.ts';
export * from './kb-image.ts';
export * from './tickets.ts';

/**
 * The desk bridge, as data: the single source of truth for every call and event between
 * the renderer and the trusted side. Each invoke channel `<domain>.<method>` declares
 *
 * - `owner`: who implements it — `core` (plain Node: session, policy, audit, the
 *   institution) or `main` (what needs Electron: versions, audio devices, notifications,
 *   print and clipboard guards, the updater);
 * - `access`: who may call it (access.ts), checked by the one dispatcher before any handler;
 * - `request` / `response`: the schemas of its single argument and of its result.
 *
 * `window.desk` (desk-api.ts) is derived from this table: `desk.<domain>.<method>()` per
 * invoke channel and `desk.<domain>.on<Event>()` per event channel. Adding a row here is
 * the whole of declaring a channel; the type system then demands its handler from its owner.
 */
export type ChannelOwner = 'core' | 'main';

export interface InvokeSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly owner: ChannelOwner;
  readonly access: AccessRule;
  readonly request: Req;
  readonly response: Res;
}

function invoke<O extends ChannelOwner, Req extends z.ZodType, Res extends z.ZodType>(
  owner: O,
  access: AccessRule,
  request: Req,
  response: Res,
): { readonly owner: O; readonly access: AccessRule; readonly request: Req; readonly response: Res } {
  return Object.freeze({ owner, access, request, response });
}

export const invokeChannels = Object.freeze({
  'session.info': invoke('core', PUBLIC, Empty, DeskInfo),
  'session.login': invoke('core', PUBLIC, LoginArgs, SessionState),
  'session.logout': invoke('core', SIGNED_IN, Empty, SessionState),
  'session.lock': invoke('core', UNLOCKED, Empty, SessionState),
  'session.unlock': invoke('core', SIGNED_IN, UnlockArgs, SessionState),
  /** The renderer saw the operator's input: resets core's idle-lock timer (throttled by the renderer). */
  'activity.report': invoke('core', SIGNED_IN, Empty, z.null()),
  /**
   * Activity holds (a ringing or active call): while one is open core's idle timer does not
   * lock. `whileLocked`: the call goes on under an OS lock and must keep its hold there.
   */
  'activity.hold': invoke('core', needs('calls.handle', { whileLocked: true }), ActivityHoldArgs, ActivityHold),
  'activity.release': invoke('core', needs('calls.handle', { whileLocked: true }), ActivityHold, z.null()),
  'policy.get': invoke('core', PUBLIC, Empty, Policy),
  'audit.record': invoke('core', PUBLIC, RecordArgs, z.null()),
  'audit.status': invoke('core', PUBLIC, Empty, AuditStatus),
  'settings.get': invoke('core', PUBLIC, Empty, DeskSettings),
  /** Changes the given settings (language; the signed-in operator's audio device ids) and answers them all. */
  'settings.set': invoke('core', PUBLIC, DeskSettingsUpdate, DeskSettings),
  'system.versions': invoke('main', PUBLIC, Empty, SystemVersions),
  /** The ICE servers the page's WebRTC guard may allow; public: the guard is installed before sign-in. */
  'security.ice-servers': invoke('core', PUBLIC, Empty, IceServerList),
  /** The page's WebRTC guard refused an ICE server: audited as `security.webrtc-ice-refused` (rate-limited). */
  'security.report-ice-refused': invoke('core', PUBLIC, IceRefusal, z.null()),
  // The softphone (phone.ts). `whileLocked`: a call rings and runs under the lock screen, so
  // the call bar must still register, report its state and read the codes there.
  /** Fresh SIP credentials from the institution with the profile's SBCs (`phone_not_configured` when it names none). */
  'phone.credentials': invoke('core', needs('calls.handle', { whileLocked: true }), Empty, SipCredentials),
  /** Every agent-state change: forwarded to the institution and appended to the audit chain. */
  'phone.report-state': invoke('core', needs('calls.handle', { whileLocked: true }), AgentStateReport, z.null()),
  /** The institution's not-ready reasons, dispositions and wrap-up time. */
  'phone.codes': invoke('core', needs('calls.handle', { whileLocked: true }), Empty, PhoneCodes),
  /** The screen pop: the caller's customer data, masked by the institution (inbound.ts). */
  'phone.lookup-caller': invoke('core', needs('calls.handle', { whileLocked: true }), LookupCallerArgs, CallerLookup),
  /** A desktop notification for a ringing call (masked caller, fixed texts); clicking it focuses the window. */
  'notify.incoming-call': invoke('main', needs('calls.handle', { whileLocked: true }), IncomingCallNotice, NoticeShown),
  /** The call stopped ringing (answered, declined, gone): main takes its notification back. */
  'notify.incoming-call-ended': invoke('main', needs('calls.handle', { whileLocked: true }), Empty, z.null()),
  /** A finished call's record (metadata only), queued in the encrypted outbox for the institution (`POST /phone/calls`). */
  'phone.record-call': invoke('core', needs('calls.handle', { whileLocked: true }), CallRecordArgs, z.null()),
  // Signed updates (updates.ts; electron/core/updates): the status bar shows the state, checks are core's own.
  /** The updater's state (public: the status bar shows it before sign-in too). */
  'update.status': invoke('core', PUBLIC, Empty, UpdateStatus),
  /** Check the institution's update server now (the same run as the periodic check). */
  'update.check': invoke('core', SIGNED_IN, Empty, UpdateStatus),
  // The knowledge base, readers (kb.ts; core forwards to the institution, nothing reaches disk).
  /** The spaces the operator may read. */
  'kb.spaces': invoke('core', needs('kb.read'), Empty, KbSpaces),
  /** Search as you type: hits with titles and snippets as segments (data, never markup). */
  'kb.search': invoke('core', needs('kb.read'), KbSearchArgs, KbSearchResult),
  /** One published article (Markdown source, version, publisher and time). */
  'kb.article': invoke('core', needs('kb.read'), KbArticleArgs, KbArticle),
  /** The operator's mandatory-read queue (what the Ready gate reads). */
  'kb.mandatory': invoke('core', needs('kb.read'), Empty, KbMandatoryQueue),
  /** "Read and understood" for one published version; recorded at the institution. */
  'kb.acknowledge': invoke('core', needs('kb.read'), KbAcknowledgeArgs, z.null()),
  /** An article image's bytes (base64, checked type) from the institution: the page never loads an image by URL (kb-image.ts). */
  'kb.image': invoke('core', needs('kb.read'), KbImageArgs, KbImageData),
  /** Protected viewing refused a copy-out attempt (kb-protection.ts): audited as `kb.protection-blocked`, rate-limited. */
  'kb.report-blocked': invoke('core', UNLOCKED, KbBlockedAttempt, z.null()),
  // The knowledge base, authors (kb.edit; kb.ts "Authoring"): a stale draft or publish is kb_edit_conflict.
  /** Every space (authors write in all of them). */
  'kb.author-spaces': invoke('core', needs('kb.edit'), Empty, KbSpaces),
  /** The same image bytes for authors' previews (kb.edit reads every space; console authors hold no kb.read). */
  'kb.author-image': invoke('core', needs('kb.edit'), KbImageArgs, KbImageData),
  /** An author's PNG/JPEG/WebP into a space (bytes checked by core before sending); the id its Markdown names. */
  'kb.upload-image': invoke('core', needs('kb.edit'), KbUploadImageArgs, KbUploadImageResult),
  /** A space's articles with their latest version (drafts included) and the published one. */
  'kb.author-articles': invoke('core', needs('kb.edit'), KbAuthorArticlesArgs, KbAuthorArticles),
  /** Every version of an article with who and when. */
  'kb.history': invoke('core', needs('kb.edit'), KbArticleRef, KbHistory),
  'kb.create-article': invoke('core', needs('kb.edit'), KbCreateArticleArgs, KbAuthorVersion),
  /** A new draft on top of the version the author opened (`baseVersion`). */
  'kb.save-draft': invoke('core', needs('kb.edit'), KbSaveDraftArgs, KbAuthorVersion),
  'kb.publish': invoke('core', needs('kb.edit'), KbVersionArgs, KbAuthorVersion),
  'kb.retire': invoke('core', needs('kb.edit'), KbVersionArgs, KbAuthorVersion),
  /** Who may read the article and has not acknowledged its published version. */
  'kb.unread': invoke('core', needs('kb.edit'), KbArticleRef, KbUnread),
  /** A new space with its names and read roles (a taken id is kb_space_exists); recorded at the institution. */
  'kb.create-space': invoke('core', needs('kb.edit'), KbCreateSpaceArgs, KbSpaceResult),
  /** Who may read a space from now on (the whole list); recorded at the institution. */
  'kb.set-space-roles': invoke('core', needs('kb.edit'), KbSetSpaceRolesArgs, KbSpaceResult),
  // Tickets (tickets.ts; electron/core/tickets). Filing (tickets.create: agents, supervisors) goes
  // through the encrypted outbox; reads go to the institution, which shows filers their own and
  // processors the rest; processing needs tickets.process, reveal tickets.reveal.
  /** The latest version of every ticket type (forms), kept by core so forms open during an outage. */
  'tickets.types': invoke('core', needs('tickets.create'), Empty, TicketTypes),
  /** One version of a type (a ticket renders with the version it was filed under). */
  'tickets.type-version': invoke('core', needsAny('tickets.create', 'tickets.process'), TicketTypeVersionArgs, TicketTypeVersion),
  /** The ticket public key of the signed site profile (what the page seals sensitive fields to); null: none. */
  'tickets.key': invoke('core', needs('tickets.create'), Empty, TicketKey),
  /** Autosave: the draft sealed at rest under the signed-in operator (sensitive fields already envelopes). */
  'tickets.draft-save': invoke('core', needs('tickets.create'), TicketDraft, TicketDraftSaved),
  'tickets.drafts': invoke('core', needs('tickets.create'), Empty, TicketDrafts),
  'tickets.draft-delete': invoke('core', needs('tickets.create'), TicketDraftRef, z.null()),
  /** File: queued in the outbox and the draft deleted in one transaction; answers after the commit. */
  'tickets.submit': invoke('core', needs('tickets.create'), TicketSubmitArgs, TicketSubmitted),
  /** This operator's tickets waiting here, and which were refused for good. */
  'tickets.outbox': invoke('core', needs('tickets.create'), Empty, TicketOutbox),
  /** The operator saw an undeliverable ticket (IT still finds it in the outbox's dead letters). */
  'tickets.dismiss-undeliverable': invoke('core', needs('tickets.create'), TicketLocalRef, z.null()),
  /** 重新填写: an undeliverable ticket as a new draft (same type version, values, sealed fields); filing it removes the old one. */
  'tickets.refill-undeliverable': invoke('core', needs('tickets.create'), TicketLocalRef, TicketDraft),
  /** Local (queued, undeliverable) + the institution's list (null while unreachable). */
  'tickets.list': invoke('core', needsAny('tickets.create', 'tickets.process'), TicketListArgs, TicketList),
  'tickets.get': invoke('core', needsAny('tickets.create', 'tickets.process'), TicketRef, Ticket),
  'tickets.comments': invoke('core', needsAny('tickets.create', 'tickets.process'), TicketRef, TicketComments),
  /** The ticket's history (staff: every entry; its filer: no reveal entries). */
  'tickets.history': invoke('core', needsAny('tickets.create', 'tickets.process'), TicketRef, TicketHistory),
  /** Who may be assigned the ticket (the processing view's picker). */
  'tickets.assignees': invoke('core', needs('tickets.process'), TicketRef, TicketAssignees),
  'tickets.comment': invoke('core', needsAny('tickets.create', 'tickets.process'), TicketCommentArgs, TicketComment),
  'tickets.transition': invoke('core', needs('tickets.process'), TicketTransitionArgs, Ticket),
  'tickets.assign': invoke('core', needs('tickets.process'), TicketAssignArgs, Ticket),
  'tickets.extend': invoke('core', needs('tickets.process'), TicketExtendArgs, Ticket),
  /** One sealed field's plaintext for a reason (audited by the institution); never logged or kept by core. */
  'tickets.reveal': invoke('core', needs('tickets.reveal'), TicketRevealArgs, TicketRevealed),
});
export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['response']>;
export type ChannelsOwnedBy<O extends ChannelOwner> = {
  [C in InvokeChannel]: (typeof invokeChannels)[C]['owner'] extends O ? C : never;
}[InvokeChannel];

function event<O extends ChannelOwner, P extends z.ZodType>(owner: O, payload: P): { readonly owner: O; readonly payload: P } {
  return Object.freeze({ owner, payload });
}

/** Trusted side → renderer notifications, `<domain>.<event>`; each reaches `desk.<domain>.on<Event>`. */
export const eventChannels = Object.freeze({
  'session.changed': event('core', SessionState),
  'connection.changed': event('core', ConnectionState),
  'enrollment.changed': event('core', EnrollmentState),
  'policy.changed': event('core', Policy),
  'audit.status-changed': event('core', AuditStatus),
  'update.changed': event('core', UpdateStatus),
  /** An article was published or retired (ids only): open viewers and result lists refresh. */
  'kb.changed': event('core', KbChanged),
  /** A space's read roles changed (space id only): the open article, results, space list and mandatory queue ask again. */
  'kb.space-changed': event('core', KbSpaceChanged),
  /** A ticket the operator may see was filed or changed (ids and status only): lists and open tickets refresh. */
  'tickets.changed': event('core', TicketChanged),
  /** The operator's ticket backlog here changed (counts only): the status bar and the list refresh. */
  'tickets.outbox-changed': event('core', TicketOutboxCounts),
});
export type EventChannel = keyof typeof eventChannels;
export type EventPayload<E extends EventChannel> = z.infer<(typeof eventChannels)[E]['payload']>;

/** Prefix of every IPC channel name on the wire, so nothing else can collide with ours. */
export const IPC_PREFIX = 'desk:';

export const isInvokeChannel = (c: unknown): c is InvokeChannel => typeof c === 'string' && Object.hasOwn(invokeChannels, c);
export const isEventChannel = (c: unknown): c is EventChannel => typeof c === 'string' && Object.hasOwn(eventChannels, c);
export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.freeze(Object.keys(invokeChannels) as InvokeChannel[]);
export const EVENT_CHANNELS: readonly EventChannel[] = Object.freeze(Object.keys(eventChannels) as EventChannel[]);
