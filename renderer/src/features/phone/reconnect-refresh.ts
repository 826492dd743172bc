import type { EngineEvent } from './engine.ts';

/**
 * After the WebSocket to the SBC was lost and the phone registered again on a new connection,
 * a call that stayed up (media does not ride the WebSocket) still has the far end addressing us
 * at the OLD connection: our Contact in the dialog carries the SBC's alias for that connection
 * (Kamailio's set_contact_alias), so the far end's BYE, re-INVITE or refresh would go nowhere
 * (measured: the peer's BYE never reached the desk, e2e phone-faults.spec.ts). A re-INVITE from
 * us on the new connection gives the far end our new Contact. This watches the engine's
 * registration events and says when that moment has come: registered again after a network loss.
 */
export function reconnectWatch(onBack: () => void): (event: EngineEvent) => void {
  let lost = false;
  return (event) => {
    if (event.type !== 'registration') return;
    const r = event.registration;
    if (r.status === 'unregistered' && r.problem === 'network') lost = true;
    else if (r.status === 'unregistered' && r.problem === null) lost = false; // stopped on purpose
    else if (r.status === 'registered' && lost) {
      lost = false;
      onBack();
    }
  };
}
