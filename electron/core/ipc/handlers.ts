import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { Enroller } from '../enrollment/enroller.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { PolicyEngine } from '../policy/engine.ts';
import type { ConnectionMonitor } from '../session/connection.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import type { DeskSettingsStore } from '../settings/desk-settings.ts';
import type { DeskHandlers } from './dispatch.ts';

/**
 * One handler per invoke channel of electron/contract/channels.ts. Payloads arrive
 * already validated by the dispatcher. The session keeper enforces what a locked or
 * logged-out session may do; audit.record, audit.status, policy.get and settings.* stay
 * open in every state because they expose nothing of the institution's data and the
 * login and lock screens need them (watermark policy, the "idle-locked" record, the
 * language switch in the status bar).
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
}

export function createDeskHandlers(d: HandlerDeps): DeskHandlers {
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
    'session.lock': async () => d.session.lock(),
    'session.unlock': (args) => d.session.unlock(args),
    'policy.get': async () => d.policy.current(),
    'audit.record': async ({ action, detail }) => {
      d.audit.append(`ui.${action}`, d.session.operatorId(), { detail });
      return null;
    },
    'audit.status': async () => ({ backlog: d.outbox.backlog() }),
    'settings.get': async () => d.settings.get(),
    'settings.set': async (next) => d.settings.set(next),
  };
}
