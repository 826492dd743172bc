import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { AgentStateReport, PhoneCodes, SipCredentials } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { SessionKeeper } from '../session/keeper.ts';

/**
 * Core's side of the softphone: SIP credentials (the institution's, with the profile's
 * SBCs), agent-state reports and the institution's code lists. The renderer's JsSIP phone
 * holds the credentials in memory only (docs/security.md, "SIP credentials in renderer
 * memory"); core keeps no copy.
 *
 * Every call here works under the lock screen too (the channels' rule is `whileLocked`): a
 * call rings and runs while the workspace is locked, so the phone must renew its
 * registration and report its state there.
 */
export interface PhoneService {
  credentials(): Promise<SipCredentials>;
  reportState(report: AgentStateReport): Promise<void>;
  codes(): Promise<PhoneCodes>;
  /** The session ended: the next operator's lists are fetched afresh. */
  forget(): void;
}

export interface PhoneServiceOptions {
  profile: SiteProfile;
  client: Pick<InstitutionClient, 'sipCredentials' | 'reportAgentState' | 'phoneCodes'>;
  session: Pick<SessionKeeper, 'withAccessToken' | 'operatorId'>;
  audit: Pick<AuditChain, 'append'>;
}

/** The profile's SBCs, highest weight first (ties keep the profile's order); none is `phone_not_configured`. */
export function sbcServers(profile: SiteProfile): SipCredentials['servers'] {
  const servers = profile.sip.wss.map((s) => ({ url: s.url, weight: s.weight })).sort((a, b) => b.weight - a.weight);
  if (servers.length === 0) throw new DeskFailure('phone_not_configured');
  return servers;
}

/** The profile's STUN servers for the phone's peer connections (TURN waits for issued credentials). */
export function stunServers(profile: SiteProfile): NonNullable<SipCredentials['iceServers']> {
  return (profile.stun ?? []).map((s) => ({ urls: [...s.urls] }));
}

/** The institution did not answer, or answered that it could not process anything (5xx). */
const unreachable = (e: unknown): boolean =>
  e instanceof ApiFailure && (e.kind === 'network' || e.kind === 'timeout' || (e.kind === 'http' && e.status !== null && e.status >= 500));

const isHttp = (e: unknown, status: number): e is ApiFailure => e instanceof ApiFailure && e.kind === 'http' && e.status === status;

/**
 * The institution's refusals in the desk's words: no SIP service there (404) is the same
 * IT problem as no SBC in the profile; `forbidden` means the institution no longer grants
 * the permission the desk saw at login.
 */
function phoneFailure(e: unknown): unknown {
  if (isHttp(e, 404)) return new DeskFailure('phone_not_configured', 'the institution issues no SIP credentials');
  if (isHttp(e, 403) && e.code === 'forbidden') return new DeskFailure('permission_denied');
  return e;
}

export function createPhoneService(o: PhoneServiceOptions): PhoneService {
  const whileLocked = { whileLocked: true } as const;
  /** Per session: the lists change rarely, and the phone asks at every sign-in and wrap-up. */
  let codes: { operatorId: string; value: Promise<PhoneCodes> } | null = null;

  return {
    async credentials() {
      // Before the institution is asked: without an SBC the credentials would be useless.
      const servers = sbcServers(o.profile);
      let issued;
      try {
        issued = await o.session.withAccessToken((t) => o.client.sipCredentials(t), whileLocked);
      } catch (e) {
        throw phoneFailure(e);
      }
      // The chain's side of the institution's `sip-credentials-issued` record: when, until when; never the password.
      o.audit.append('phone.credentials-issued', o.session.operatorId(), { expiresAt: issued.expiresAt });
      const iceServers = stunServers(o.profile);
      return { ...issued, servers, ...(iceServers.length === 0 ? {} : { iceServers }) };
    },

    async reportState(report) {
      // Only the state, the reason and the call id enter the chain: never a number the
      // operator dialled or was called from.
      const record = (reported: boolean) =>
        o.audit.append('phone.state', o.session.operatorId(), { state: report.state, reasonCode: report.reasonCode, callId: report.callId, reported });
      try {
        await o.session.withAccessToken((t) => o.client.reportAgentState(t, report), whileLocked);
      } catch (e) {
        // The phone took this state whether or not the institution heard of it: an outage is
        // recorded (`reported: false`); a refusal (an unknown reason, a lost permission) is not
        // a state the desk took, and the renderer is told.
        if (unreachable(e)) record(false);
        throw phoneFailure(e);
      }
      record(true);
    },

    async codes() {
      const operatorId = o.session.operatorId();
      if (operatorId === null) throw new DeskFailure('not_logged_in');
      if (codes?.operatorId !== operatorId) {
        const entry = { operatorId, value: o.session.withAccessToken((t) => o.client.phoneCodes(t), whileLocked) };
        codes = entry;
        // A failed fetch is not kept: the next call asks again.
        entry.value.catch(() => {
          if (codes === entry) codes = null;
        });
      }
      try {
        return structuredClone(await codes.value);
      } catch (e) {
        throw phoneFailure(e);
      }
    },

    forget() {
      codes = null;
    },
  };
}
