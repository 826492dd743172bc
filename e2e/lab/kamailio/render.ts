/**
 * TEST/DEMO HARNESS ONLY — renders the lab's Kamailio config from the templates next to this
 * file. Every value is validated before it is pasted into the config: a quote or newline in
 * a path or secret would otherwise let a caller rewrite the routing script.
 */
import { readFileSync } from 'node:fs';

export interface KamailioConfigParams {
  /** SIP domain agents register under (a name alias; never an IP, see the template). */
  domain: string;
  udpPort: number;
  wsPort: number;
  wssPort: number;
  rpcPort: number;
  /** rtpengine's NG control port (UDP, 127.0.0.1). */
  ngPort: number;
  /** auth_ephemeral's shared secret (the institution signs SIP credentials with it). */
  secret: string;
  tlsCertFile: string;
  tlsKeyFile: string;
  /** Where agents' outbound numbers go ("127.0.0.1:5099"), or "" for none yet. */
  gateway: string;
  /** Kamailio regex for numbers that go to the gateway. No backslashes (cfg strings eat them). */
  gatewayPattern: string;
  /** The queue's number. */
  queue: string;
  /** How long one agent rings before the queue moves on. */
  ringMs: number;
  /** Kamailio debug level (-3..4): 1 = notices and worse; 2 (info) would log the secret. */
  logLevel: number;
}

export const DEFAULT_GATEWAY_PATTERN = '^[+]?[0-9]{7,15}$';

const TEMPLATE_FILES = ['kamailio.cfg', 'queue.cfg', 'media.cfg'] as const;
export type KamailioConfigFile = (typeof TEMPLATE_FILES)[number];

function port(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new Error(`${name} must be a port number, got ${value}`);
  return String(value);
}

function matching(name: string, value: string, pattern: RegExp, hint: string): string {
  if (!pattern.test(value)) throw new Error(`${name} is not valid for the lab config (${hint})`);
  return value;
}

// Safe inside a Kamailio double-quoted string: printable, no quote or backslash (escapes),
// no "{{" (which would look like a placeholder left behind).
const CFG_STRING = /^(?!.*\{\{)[^"\\]+$/;
const CFG_PATH = /^\/(?!.*\{\{)[^"\\]+$/;

function cfgString(name: string, value: string, pattern: RegExp, hint: string): string {
  // Control characters (newline above all) would end the string and start a new statement.
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) throw new Error(`${name} contains a control character`);
  return matching(name, value, pattern, hint);
}

export function renderKamailioConfig(params: KamailioConfigParams): Record<KamailioConfigFile, string> {
  const values: Record<string, string> = {
    DOMAIN: matching('domain', params.domain, /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]([a-z0-9-]*[a-z0-9])?$/, 'a lower-case DNS name, not an IP'),
    UDP_PORT: port('udpPort', params.udpPort),
    WS_PORT: port('wsPort', params.wsPort),
    WSS_PORT: port('wssPort', params.wssPort),
    RPC_PORT: port('rpcPort', params.rpcPort),
    NG_PORT: port('ngPort', params.ngPort),
    SECRET: matching('secret', params.secret, /^[A-Za-z0-9+/=_.~-]{16,256}$/, '16-256 characters of base64/base64url/hex'),
    TLS_CERT: cfgString('tlsCertFile', params.tlsCertFile, CFG_PATH, 'an absolute path'),
    TLS_KEY: cfgString('tlsKeyFile', params.tlsKeyFile, CFG_PATH, 'an absolute path'),
    GATEWAY: matching('gateway', params.gateway, /^$|^[A-Za-z0-9.-]+:[0-9]{1,5}$/, 'host:port or empty'),
    GATEWAY_PATTERN: cfgString('gatewayPattern', params.gatewayPattern, CFG_STRING, 'no quotes or backslashes'),
    QUEUE: matching('queue', params.queue, /^[0-9]{2,8}$/, '2-8 digits'),
    RING_MS: String(Math.trunc(params.ringMs)),
    LOG_LEVEL: String(params.logLevel),
  };
  if (!(params.ringMs >= 500 && params.ringMs <= 300_000)) throw new Error('ringMs must be 500-300000');
  if (!Number.isInteger(params.logLevel) || params.logLevel < -3 || params.logLevel > 4) throw new Error('logLevel must be -3..4');
  const ports = [params.udpPort, params.wsPort, params.wssPort, params.rpcPort];
  if (new Set(ports).size !== ports.length) throw new Error('udpPort, wsPort, wssPort and rpcPort must differ');

  const out = {} as Record<KamailioConfigFile, string>;
  for (const file of TEMPLATE_FILES) {
    const template = readFileSync(new URL(`./${file}.tmpl`, import.meta.url), 'utf8');
    const text = template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${file}.tmpl uses an unknown placeholder {{${name}}}`);
      return value;
    });
    out[file] = text;
  }
  return out;
}
