import { Agent } from 'node:https';
import type { ClientRequest, ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { pinMatches } from '../net/spki.ts';
import { PinMismatchError, pinnedServerIdentity } from './tls-identity.ts';

/**
 * The HTTPS agent of every institution connection. A connection is handed to a request
 * only once its TLS handshake is complete AND its leaf key was checked against the
 * profile's SPKI pins (in the handshake through `checkServerIdentity`, and once more on
 * `secureConnect` before the agent sees the socket), so no request byte is ever written to
 * a connection whose key was not checked. With `keepAlive`, such a checked connection may
 * carry later requests: what was proven for it (this key, this host, our CA) cannot change
 * while the TCP + TLS session lives — a different server would need a new connection, and
 * every new connection is checked again. TLS session resumption stays off (no session
 * cache): Node skips `checkServerIdentity` on a resumed session.
 */
export interface PinnedAgentOptions {
  pins: readonly string[];
  caPem?: string;
  clientCertificate?: { certPem: string; keyPem: string };
  keepAlive: boolean;
  /** Open connections per origin (pooled agent). */
  maxSockets?: number;
  /** Idle connections kept per origin. */
  maxFreeSockets?: number;
  /** An idle connection is closed after this long (and sooner if the server's Keep-Alive hint says so). */
  idleTimeoutMs?: number;
}

export class PinnedAgent extends Agent {
  readonly #pins: readonly string[];
  readonly #tls: ConnectionOptions;
  /** Connections whose pin this agent checked; nothing else is pooled or reused. */
  readonly #checked = new WeakSet<Duplex>();
  #opened = 0;

  constructor(o: PinnedAgentOptions) {
    super({
      keepAlive: o.keepAlive,
      maxCachedSessions: 0,
      ...(o.keepAlive ? { maxSockets: o.maxSockets ?? 4, maxFreeSockets: o.maxFreeSockets ?? 2, timeout: o.idleTimeoutMs ?? 15_000, scheduling: 'lifo' as const } : {}),
    });
    this.#pins = [...o.pins];
    this.#tls = {
      minVersion: 'TLSv1.2',
      checkServerIdentity: pinnedServerIdentity(o.pins),
      ...(o.caPem === undefined ? {} : { ca: o.caPem }),
      ...(o.clientCertificate === undefined ? {} : { cert: o.clientCertificate.certPem, key: o.clientCertificate.keyPem }),
    };
  }

  /** Was this socket checked by this agent (a request on it may have reached the server)? */
  isChecked(socket: Duplex): boolean {
    return this.#checked.has(socket);
  }

  /** TLS connections this agent opened (each with a full handshake and pin check). */
  get connectionsOpened(): number {
    return this.#opened;
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    let settled = false;
    const settle = (err: Error | null, socket: TLSSocket) => {
      if (settled) return;
      settled = true;
      socket.off('error', onError);
      done(err, socket);
    };
    // The request's host, port and server name from the agent, our TLS settings on top (they win).
    const socket = connect({ ...(options as ConnectionOptions), ...this.#tls, session: undefined });
    this.#opened += 1;
    const onError = (error: Error) => settle(error, socket);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      // checkServerIdentity already ran inside the handshake; checked again here, on the
      // socket itself, because this is the moment the connection becomes reusable.
      const raw = socket.getPeerCertificate().raw;
      let pinned: boolean;
      try {
        pinned = raw !== undefined && pinMatches(raw, this.#pins);
      } catch {
        pinned = false; // an unparseable certificate is simply not pinned
      }
      if (!pinned || socket.isSessionReused()) {
        const error = new PinMismatchError();
        socket.destroy(error);
        settle(error, socket);
        return;
      }
      this.#checked.add(socket);
      settle(null, socket);
    });
    return undefined;
  }

  override keepSocketAlive(socket: Duplex): boolean {
    // Only a checked connection goes back to the pool.
    if (!this.#checked.has(socket)) return false;
    return (super.keepSocketAlive as (s: Duplex) => boolean)(socket);
  }

  override reuseSocket(socket: Duplex, request: ClientRequest): void {
    if (!this.#checked.has(socket)) {
      socket.destroy(new PinMismatchError());
      return;
    }
    super.reuseSocket(socket, request);
  }
}
