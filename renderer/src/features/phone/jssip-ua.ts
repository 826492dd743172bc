import { UA } from 'jssip';
import type { RTCSessionEvent, UAConfiguration } from 'jssip/lib/UA';
import type { SipCredentials } from '../../../../electron/contract/phone.ts';
import { registrationProblemOf } from './causes.ts';
import { GuardedWebSocket } from './guarded-socket.ts';
import { createRegisterWatchdog, REGISTER_WATCHDOG_MS } from './register-watchdog.ts';
import type { EngineEvent } from './engine.ts';
import { failoverWeights, orderServers } from './servers.ts';

/**
 * Registration: one JsSIP UA per set of credentials; its sockets are the profile's SBCs with
 * strictly decreasing weights (servers.ts), so JsSIP connects to the highest first and, when
 * a socket fails, moves to the next after 1–4 s (`connection_recovery_*`), coming back round
 * once all have failed. On every reconnect the UA re-registers by itself.
 */

/** Seconds; a desk that vanished without unregistering is gone from the registrar within this. */
const REGISTER_EXPIRES = 300;

export interface Registrar {
  /** The running UA, null when stopped. */
  readonly ua: UA | null;
  readonly credentials: SipCredentials | null;
  start(creds: SipCredentials): void;
  /** New credentials; a call in progress keeps its UA (and socket) when only the password changed. */
  renew(creds: SipCredentials, callUp: boolean): void;
  /** Unregisters (when registered) and closes the socket. */
  stop(): void;
}

export function createRegistrar(
  emit: (event: EngineEvent) => void,
  onSession: (event: RTCSessionEvent) => void,
  options: { registerWatchdogMs?: number } = {},
): Registrar {
  let ua: UA | null = null;
  let credentials: SipCredentials | null = null;
  let stopping = false;
  // A REGISTER answered in a way JsSIP ignores leaves no event: say so and register again.
  const watchdog = createRegisterWatchdog(options.registerWatchdogMs ?? REGISTER_WATCHDOG_MS, () => {
    if (!ua || ua.isRegistered() || !ua.isConnected()) return false;
    emit({ type: 'registration', registration: { status: 'unregistered', problem: 'server' } });
    ua.register();
    return true;
  });

  const stopUa = () => {
    watchdog.disarm();
    const old = ua;
    ua = null;
    if (!old) return;
    stopping = true;
    // stop() unregisters first when registered, then closes the socket.
    old.stop();
    stopping = false;
  };

  const startUa = (creds: SipCredentials) => {
    stopUa();
    const sockets = failoverWeights(orderServers(creds.servers)).map((s) => ({ socket: new GuardedWebSocket(s.url), weight: s.weight }));
    const config: UAConfiguration = {
      sockets,
      uri: creds.uri,
      authorization_user: creds.username,
      password: creds.password,
      register: true,
      register_expires: REGISTER_EXPIRES,
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 4,
      user_agent: 'ChannelDesk',
    };
    const next = new UA(config);
    ua = next;
    const mine = () => ua === next && !stopping;
    let server: string | null = null;
    next.on('connecting', (e) => {
      server = e.socket.url;
      if (mine()) emit({ type: 'registration', registration: { status: 'registering', server } });
    });
    next.on('connected', (e) => {
      server = e.socket.url;
      if (mine()) watchdog.arm();
    });
    next.on('disconnected', () => {
      if (mine()) watchdog.disarm();
      if (mine()) emit({ type: 'registration', registration: { status: 'unregistered', problem: 'network' } });
    });
    next.on('registered', () => {
      if (mine()) watchdog.disarm();
      if (mine()) emit({ type: 'registration', registration: { status: 'registered', server: server ?? '' } });
    });
    next.on('unregistered', () => {
      if (mine()) emit({ type: 'registration', registration: { status: 'unregistered', problem: 'server' } });
    });
    next.on('registrationFailed', (e) => {
      if (mine()) watchdog.disarm();
      if (mine()) emit({ type: 'registration', registration: { status: 'unregistered', problem: registrationProblemOf(e.cause, e.response?.status_code) } });
    });
    next.on('newRTCSession', (e: RTCSessionEvent) => {
      if (ua === next) onSession(e);
    });
    next.start();
  };

  return {
    get ua() {
      return ua;
    },
    get credentials() {
      return credentials;
    },
    start(creds) {
      credentials = creds;
      startUa(creds);
    },
    renew(creds, callUp) {
      const previous = credentials;
      credentials = creds;
      const sameServers = previous !== null && JSON.stringify(orderServers(previous.servers)) === JSON.stringify(orderServers(creds.servers));
      if (!ua || (!sameServers && !callUp) || previous?.uri !== creds.uri) {
        startUa(creds);
        return;
      }
      // Same SBCs (or a call is up): new digest credentials, then a fresh REGISTER.
      ua.set('authorization_user', creds.username);
      ua.set('password', creds.password);
      if (ua.isConnected()) ua.register();
    },
    stop() {
      credentials = null;
      stopUa();
      emit({ type: 'registration', registration: { status: 'unregistered', problem: null } });
    },
  };
}
