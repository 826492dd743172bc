import type { ConnectionState } from '../../../electron/contract/schemas.ts';

/** `desk.connection.onChanged`: core's view of the institution's live channel. */
export type OnConnectionChanged = (listener: (state: ConnectionState) => void) => () => void;
/** Subscribes to "the live channel is back"; returns the unsubscribe. */
export type OnReconnected = (listener: () => void) => () => void;

/**
 * The live channel came back after a break. Pushes sent while it was down may be lost for
 * good: the institution replays only an operator's last 100 events, and none across its own
 * restart (push-hub.ts). So whatever a store shows because of pushes (an open article, its
 * space list, the ticket list) is asked for again here. Neither the first connection nor
 * 'online' repeated counts: only 'online' after 'connecting' or 'offline'.
 */
export function reconnectedFrom(onConnectionChanged: OnConnectionChanged): OnReconnected {
  return (listener) => {
    let broken = false;
    return onConnectionChanged((state) => {
      if (state !== 'online') {
        broken = true;
        return;
      }
      if (!broken) return;
      broken = false;
      listener();
    });
  };
}

/** For stores built without a live channel (tests, areas that show nothing pushed). */
export const NEVER_RECONNECTS: OnReconnected = () => () => undefined;
