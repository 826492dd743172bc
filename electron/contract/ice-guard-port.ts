import type { DeskTransport } from './desk-api.ts';
import { decideIceServers } from './ice-policy.ts';
import type { IceDecide, IceReport } from './webrtc-guard.ts';

/**
 * The trusted half of the page's WebRTC guard (webrtc-guard.ts), built on the desk
 * transport: the profile's ICE URLs come from core once (`security.ice-servers`), and
 * refusals go back to core (`security.report-ice-refused`), which audits them. The guard
 * must be installed before page script, that is before this answer can arrive; until it
 * has, a configuration that names any server is refused as not ready (fail closed, not
 * audited). The renderer creates its first peer connection long after, once signed in.
 *
 * In Electron these two functions live in the preload's isolated world and the guard
 * calls them across the context bridge; the browser test host runs them in the page.
 */
export interface IceGuardPort {
  decide: IceDecide;
  report: IceReport;
  /** Settles once the profile's list has been asked for (loaded, or refused by the bridge). */
  loaded: Promise<void>;
}

export function createIceGuardPort(transport: DeskTransport): IceGuardPort {
  let allowed: readonly string[] | null = null;
  const loaded = transport.invoke('security.ice-servers', undefined).then((result) => {
    if (result.ok) allowed = Object.freeze([...result.value.urls]);
  });
  return {
    decide: (request) => decideIceServers(request, allowed),
    report: (refusal) => {
      void transport.invoke('security.report-ice-refused', { scheme: refusal.scheme, host: refusal.host, port: refusal.port });
    },
    loaded,
  };
}
