import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { AgentStateReport, PhoneCodes, SipCredentials } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';

/**
 * Core's side of the softphone: SIP credentials (the institution's, with the profile's
 * SBCs), agent-state reports and the institution's code lists. The renderer's JsSIP phone
 * holds the credentials in memory only (docs/security.md).
 */
export interface PhoneService {
  credentials(): Promise<SipCredentials>;
  reportState(report: AgentStateReport): Promise<void>;
  codes(): Promise<PhoneCodes>;
}

/** The profile's SBCs, highest weight first (ties keep the profile's order); none is `phone_not_configured`. */
export function sbcServers(profile: SiteProfile): SipCredentials['servers'] {
  const servers = profile.sip.wss.map((s) => ({ url: s.url, weight: s.weight })).sort((a, b) => b.weight - a.weight);
  if (servers.length === 0) throw new DeskFailure('phone_not_configured');
  return servers;
}

/** Until the institution's phone endpoints exist: the profile check is real, the rest is refused. */
export function createPendingPhoneService(profile: SiteProfile): PhoneService {
  return {
    credentials: async () => {
      sbcServers(profile);
      throw new DeskFailure('internal', 'SIP credential issuance is not wired yet');
    },
    reportState: () => Promise.reject(new DeskFailure('internal', 'agent-state reports are not wired yet')),
    codes: () => Promise.reject(new DeskFailure('internal', 'code lists are not wired yet')),
  };
}
