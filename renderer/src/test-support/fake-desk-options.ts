import type {
  ConnectionState,
  DeskInfo,
  DeskSettings,
  EnrollmentState,
  EventChannel,
  EventPayload,
  IceRefusal,
  InvokeChannel,
  RecordArgs,
  SystemVersions,
} from '../../../electron/contract/channels.ts';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import type { DeskResult } from '../../../electron/contract/errors.ts';
import type { KbBlockedAttempt } from '../../../electron/contract/kb-protection.ts';
import type { KbImageData } from '../../../electron/contract/kb-image.ts';
import type { UpdateStatus } from '../../../electron/contract/updates.ts';
import type { Operator } from '../../../institution/contract/api.ts';
import type { Policy } from '../../../institution/contract/site-profile.ts';
import type { FakeInbound } from './fake-inbound.ts';
import type { FakeKb, FakeKbArticle } from './fake-kb.ts';
import type { FakeKbAuthoring } from './fake-kb-authoring.ts';
import type { FakePhoneOptions, FakePhone } from './fake-phone.ts';
import type { FakeTicketOptions, FakeTickets } from './fake-tickets.ts';

/** What a fake desk (fake-desk.ts) is set up with, and what a test can do and read through it. */
export interface FakeAccount {
  operator: Operator;
  password: string;
  /** When set, login needs this 6-digit code. */
  totp?: string;
  /** When set, login fails with account_locked and this retry time. */
  lockedForSeconds?: number;
}

export interface FakeDeskOptions {
  accounts: FakeAccount[];
  workstationId?: string;
  institutionName?: DeskInfo['institutionName'];
  policy?: Policy;
  connection?: ConnectionState;
  backlog?: number;
  /** The workstation's stored default (login screen language); core's default (zh-CN) otherwise. */
  settings?: DeskSettings;
  /** Languages operators chose earlier on this seat; an operator without one gets the workstation's. */
  operatorSettings?: Record<string, DeskSettings>;
  /**
   * The workstation's enrollment; 'enrolled' by default. Otherwise every login fails with
   * workstation_not_enrolled, and a 'pending' one turns 'refused' (with an
   * `enrollment.changed` event) at the first login, as core's does when the institution
   * refuses the enrollment it was waiting for.
   */
  enrollment?: EnrollmentState;
  versions?: SystemVersions;
  /** The ICE server URLs the seat's profile allows (`security.ice-servers`); none by default. */
  iceServers?: string[];
  /** The phone's SBCs, SIP domain and code lists (fake-phone.ts). */
  phone?: FakePhoneOptions;
  /** The knowledge base's articles (fake-kb.ts); a few like the demo seed's by default. */
  kb?: { articles?: readonly FakeKbArticle[] };
  /** Article images `kb.image` answers, by image id (base64 of a PNG, JPEG or WebP); `kb.upload-image` adds more (fake-kb-images.ts). */
  kbImages?: Readonly<Record<string, KbImageData>>;
  /** The updater's state (`update.status`); disabled by default. Tests change it with `emit('update.changed', …)`. */
  update?: UpdateStatus;
  /** Ticket types and key (fake-tickets.ts); FAKE_TICKET_TYPES and FAKE_TICKET_KEY by default. */
  tickets?: FakeTicketOptions;
}

export interface FakeDesk {
  desk: DeskApi;
  /** The same door as core's `dispatch`: any channel string, any payload. */
  dispatch(channel: string, payload: unknown): Promise<DeskResult<unknown>>;
  /** Every invoke of a table channel, in order (passwords included: this never leaves the test). */
  calls: { channel: InvokeChannel; payload: unknown }[];
  /** Requests the contract refused (channel and why), for mountApp to fail the test on. */
  contractViolations: string[];
  /** audit.record payloads, in order. */
  recorded: RecordArgs[];
  /** security.report-ice-refused payloads, in order (core audits each). */
  iceRefusals: IceRefusal[];
  /** kb.report-blocked payloads, in order (core audits each as kb.protection-blocked). */
  kbBlocked: KbBlockedAttempt[];
  /** What the phone reported (agent states) and was handed (credentials). */
  phone: Pick<FakePhone, 'agentStates' | 'credentialsIssued' | 'callRecords'>;
  /** Caller lookups and desktop notifications (fake-inbound.ts). */
  inbound: Pick<FakeInbound, 'lookups' | 'notices' | 'noticesEnded'>;
  /** The knowledge base: an author publishes or retires (with `kb.changed`) or sets a space's read roles (`kb.space-changed`); acknowledgements received. */
  kb: Pick<FakeKb, 'publish' | 'retire' | 'setReadRoles' | 'acknowledged'>;
  /** The knowledge base's authors: another author saves a draft (a concurrent edit). */
  kbAuthoring: Pick<FakeKbAuthoring, 'saveAsOtherAuthor'>;
  /** Tickets: the institution delivers the queue, refuses one, changes a status; reveals asked for (fake-tickets.ts). */
  tickets: Pick<FakeTickets, 'deliverAll' | 'refuse' | 'setStatus' | 'setRevealValue' | 'delivered' | 'reveals'>;
  /** Accepted `activity.report` calls. */
  activityReports(): number;
  /** The reasons of the activity holds open now (`activity.hold`, not yet released). */
  activityHolds(): string[];
  /** What `settings.get` answers now (the signed-in operator's, else the workstation's), as core's store holds it. */
  savedSettings(): DeskSettings;
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  /** Pushes a policy change the way the institution would. */
  setPolicy(policy: Policy): void;
  /** Core's connection monitor changed its mind. */
  setConnection(state: ConnectionState): void;
  /** Core locks an active session by itself (idle policy, OS lock), as core's idle lock does. */
  coreLocks(): void;
  /** Ends the session from the institution's side. */
  endSession(reason: 'expired' | 'operator-disabled' | 'revoked'): void;
  listenerCount(channel: EventChannel): number;
  /** Holds the next call on `channel` until the returned function is called. */
  holdNext(channel: InvokeChannel): () => void;
}
