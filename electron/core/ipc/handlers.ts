import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import { profileIceUrls } from '../../contract/ice-policy.ts';
import type { IceRefusal } from '../../contract/schemas.ts';
import type { SecurityRecorder } from '../audit/security-recorder.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { Enroller } from '../enrollment/enroller.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { CallRecords } from '../phone/call-records.ts';
import type { CallerLookupService } from '../phone/caller-lookup.ts';
import type { PhoneService } from '../phone/phone-service.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { ConnectionMonitor } from '../session/connection.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import type { DeskSettingsStore } from '../settings/desk-settings.ts';
import type { IdleLock } from '../session/idle-lock.ts';
import type { RendererHolds } from '../session/renderer-holds.ts';
import type { KbChannel } from '../kb/kb-domain.ts';
import type { TicketChannel } from '../tickets/ticket-domain.ts';
import type { UpdateChannel } from '../updates/update-domain.ts';
import type { CoreHandlers } from './dispatch.ts';

/**
 * One handler per core-owned invoke channel of electron/contract/channels.ts. By the time
 * one runs, the dispatcher has checked the channel's access rule and validated the payload.
 */
export interface HandlerDeps {
  workstationId: string;
  profile: SiteProfile;
  session: SessionKeeper;
  connection: Pick<ConnectionMonitor, 'current'>;
  enrollment: Pick<Enroller, 'state' | 'attemptNow'>;
  policy: PolicyEngine;
  audit: Pick<AuditChain, 'append'>;
  outbox: Pick<OutboxStore, 'backlog'>;
  settings: DeskSettingsStore;
  idle: Pick<IdleLock, 'activity'>;
  holds: Pick<RendererHolds, 'take' | 'release'>;
  security: Pick<SecurityRecorder, 'security'>;
  phone: PhoneService;
  /** The screen pop (phone/caller-lookup.ts). */
  lookUpCaller: CallerLookupService;
  callRecords: Pick<CallRecords, 'record'>;
  /** The clock of the UI-audit limit (tests); Date.now by default. */
  now?: () => number;
}

/**
 * `audit.record` is public and fed by the page, the least trusted tier; each call became a
 * signed record, written with an fsync and delivered to the institution. A person opens a
 * few areas a minute, page script could report thousands a second (filling the outbox, the
 * chain and the auditors' view). So at most this many are recorded per minute; the next
 * record after the limit carries how many were dropped (`suppressed`).
 */
export const UI_AUDIT_PER_MINUTE = 60;

function createUiAuditLimit(now: () => number): () => number | null {
  let windowStart = -Infinity;
  let count = 0;
  let suppressed = 0;
  return () => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t;
      count = 0;
    }
    if (count >= UI_AUDIT_PER_MINUTE) {
      suppressed += 1;
      return null;
    }
    count += 1;
    const carried = suppressed;
    suppressed = 0;
    return carried;
  };
}

/** `scheme://host:port`: the form the recorder reduces to an origin (a bare `stun:host` would lose its host). */
const iceServerUrl = (r: IceRefusal): string => (r.scheme === 'invalid' ? 'invalid:' : `${r.scheme}://${r.host}:${r.port}`);

/** Every core channel but the knowledge base's and the updater's (kb/kb-domain.ts, updates/update-domain.ts build those). */
export function createCoreHandlers(d: HandlerDeps): Omit<CoreHandlers, KbChannel | UpdateChannel | TicketChannel> {
  const admitUiAudit = createUiAuditLimit(d.now ?? Date.now);
  return {
    'session.info': async () => ({
      workstationId: d.workstationId,
      enrollment: d.enrollment.state(),
      institutionName: d.profile.institutionName,
      connection: d.connection.current(),
      session: d.session.state(),
      policy: d.policy.current(),
    }),
    'session.login': async (args) => {
      // A login right after start-up waits for the enrollment on the wire instead of being
      // refused as "not enrolled"; once refused, the institution's answer decides.
      if (d.enrollment.state() === 'pending') await d.enrollment.attemptNow();
      return d.session.login(args);
    },
    'session.logout': () => d.session.logout(),
    'session.lock': async () => d.session.lock('user'),
    'session.unlock': (args) => d.session.unlock(args),
    'activity.report': async () => {
      d.idle.activity();
      return null;
    },
    'activity.hold': async ({ reason }) => ({ holdId: d.holds.take(reason) }),
    'activity.release': async ({ holdId }) => {
      d.holds.release(holdId);
      return null;
    },
    'policy.get': async () => d.policy.current(),
    'audit.record': async ({ action, detail }) => {
      const suppressed = admitUiAudit();
      if (suppressed !== null) d.audit.append(`ui.${action}`, d.session.operatorId(), suppressed > 0 ? { detail, suppressed } : { detail });
      return null;
    },
    'audit.status': async () => ({ backlog: d.outbox.backlog() }),
    'settings.get': async () => d.settings.get(),
    'settings.set': async (next) => d.settings.set(next),
    'security.ice-servers': async () => ({ urls: profileIceUrls(d.profile) }),
    'security.report-ice-refused': async (refusal) => {
      const detail = refusal.scheme === 'invalid' ? 'malformed-config' : 'not-in-profile';
      d.security.security({ kind: 'webrtc-ice-refused', url: iceServerUrl(refusal), detail });
      return null;
    },
    'phone.credentials': () => d.phone.credentials(),
    'phone.report-state': async (report) => {
      await d.phone.reportState(report);
      return null;
    },
    'phone.codes': () => d.phone.codes(),
    'phone.lookup-caller': (args) => d.lookUpCaller(args),
    'phone.record-call': async (record) => {
      d.callRecords.record(record);
      return null;
    },
  };
}
