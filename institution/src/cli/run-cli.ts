import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CreateOperatorRequest, WorkstationId } from '../../contract/api.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword } from '../auth/password.ts';
import type { ScryptParams } from '../auth/password.ts';
import { generateTotpSecret, otpauthUri } from '../auth/totp.ts';
import { systemClock } from '../clock.ts';
import { databasePath } from '../data-dir.ts';
import { openDatabase } from '../db/open-database.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { findOperator, insertOperator } from '../operators/operator-store.ts';
import { listProfileKeys, loadOrCreateProfileKey, rotateProfileKey } from '../profile/profile-keys.ts';
import { hasNoOperators, seedDemoInto } from '../seed/demo.ts';
import { createSettingsStore } from '../settings/settings-store.ts';
import { registerWorkstation } from '../workstations/registration.ts';
import { readSecretLine } from './read-secret.ts';
import { PUBLISH_USAGE, publishReleaseCommand } from './publish-release.ts';

export const USAGE = `usage: node institution/src/cli.ts <command> [options]
  serve           [--data-dir DIR] [--host 127.0.0.1] [--port 8443] [--demo] [--public-url URL]
                  [--cert FILE --key FILE] [--sip-wss wss://host/ws=WEIGHT ...] [--log]
                  [--sip-secret-file FILE --sip-domain DOMAIN [--sip-credential-ttl SECONDS]]
                  (the secret shared with the SBCs is read from a file, never from the command line)
                  [--sbc-rpc-url http://127.0.0.1:5080/RPC ...]
                  (each SBC's Kamailio JSON-RPC: agent-state reports are pushed to its queue)
                  [--sip-pin SPKI-SHA256-BASE64 ...] [--stun stun:host:port ...]
                  (the SBCs' WSS key pins and the STUN servers, carried by the signed profile)
  seed-demo       [--data-dir DIR]
  create-operator --id ID --name NAME --role ROLE [--role ROLE] [--team TEAM [--team-name NAME]] [--totp] [--data-dir DIR]
                  (the password is read from stdin, never from the command line)
  register-workstation --id WORKSTATION-ID [--data-dir DIR]
                  (prints the workstation's one-time enrollment code, valid for 72 hours)
  set-min-profile-serial --serial N [--data-dir DIR]
                  (workstations running an older site profile can no longer sign in; 0 = no minimum)
  rotate-keys     [--data-dir DIR]
  export-profile  --out FILE [--data-dir DIR] [--public-url URL] [--port 8443] [--cert FILE --key FILE] [--sip-wss ...] [--sip-pin ...] [--stun ...]
${PUBLISH_USAGE}`;

const OPTIONS = {
  'data-dir': { type: 'string', default: '.data/institution' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8443' },
  demo: { type: 'boolean', default: false },
  'public-url': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'sip-wss': { type: 'string', multiple: true },
  'sip-secret-file': { type: 'string' },
  'sip-domain': { type: 'string' },
  'sip-credential-ttl': { type: 'string' },
  'sbc-rpc-url': { type: 'string', multiple: true },
  'sip-pin': { type: 'string', multiple: true },
  stun: { type: 'string', multiple: true },
  log: { type: 'boolean', default: false },
  id: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string', multiple: true },
  team: { type: 'string' },
  'team-name': { type: 'string' },
  totp: { type: 'boolean', default: false },
  out: { type: 'string' },
  serial: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Prompts go here (stderr), so stdout stays clean for scripts. */
  prompt: Writable;
  out(line: string): void;
  err(line: string): void;
  /** serve: called with the stop function once listening (the entry wires it to signals). */
  onServing?(stop: () => Promise<void>): void;
  /** Tests only: cheaper scrypt. */
  passwordHashing?: ScryptParams;
}

class UsageError extends Error {}

function tlsFiles(values: Values): { certFile: string; keyFile: string } | undefined {
  if (values.cert === undefined && values.key === undefined) return undefined;
  if (values.cert === undefined || values.key === undefined) throw new UsageError('--cert and --key go together');
  return { certFile: resolve(values.cert), keyFile: resolve(values.key) };
}

function sipWss(values: Values): { url: string; weight: number }[] {
  return (values['sip-wss'] ?? []).map((entry) => {
    const at = entry.lastIndexOf('=');
    return at < 0 ? { url: entry, weight: 1 } : { url: entry.slice(0, at), weight: Number(entry.slice(at + 1)) };
  });
}

/** `--sip-pin` and `--stun`: what the signed profile says about the SBCs' keys and the STUN servers. */
function profileNetwork(values: Values): { sipPins: string[]; stun: { urls: string[] }[] } {
  const sipPins = values['sip-pin'] ?? [];
  for (const pin of sipPins) if (!/^[A-Za-z0-9+/]{43}=$/.test(pin)) throw new UsageError('--sip-pin takes base64(sha256(SubjectPublicKeyInfo)), 44 characters');
  const stun = values.stun ?? [];
  for (const url of stun) if (!/^stuns?:[^\s]+$/.test(url)) throw new UsageError('--stun takes a stun: or stuns: URL');
  return { sipPins, stun: stun.map((url) => ({ urls: [url] })) };
}

/** The SIP credential settings of `serve`: the secret from its file (one line), never from argv. */
function sipSettings(values: Values): { sipSecret?: string; sipDomain?: string; sipCredentialTtlSeconds?: number } {
  const file = values['sip-secret-file'];
  const ttl = values['sip-credential-ttl'];
  if ((file === undefined) !== (values['sip-domain'] === undefined)) throw new UsageError('--sip-secret-file and --sip-domain go together');
  if (ttl !== undefined && !/^\d{1,6}$/.test(ttl)) throw new UsageError('--sip-credential-ttl SECONDS must be a number');
  if (file === undefined || values['sip-domain'] === undefined) return {};
  // Only the file's first line, without its line ending (editors and `echo` add one).
  const sipSecret = readFileSync(resolve(file), 'utf8').split(/\r?\n/, 1)[0] ?? '';
  return { sipSecret, sipDomain: values['sip-domain'], ...(ttl === undefined ? {} : { sipCredentialTtlSeconds: Number(ttl) }) };
}

async function withDatabase<T>(dataDir: string, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(databasePath(dataDir));
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function serve(dataDir: string, values: Values, io: CliIo): Promise<void> {
  if (values.demo) {
    await withDatabase(dataDir, async (handle) => {
      if (await hasNoOperators(handle)) io.out(`seeded demo operators: ${(await seedDemoInto(handle, { passwordHashing: io.passwordHashing })).join(', ')}`);
    });
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0..65535');
  // Loaded here so the other commands start without fastify and the certificate code.
  const [{ startInstitutionServer }, { devTlsFiles }] = await Promise.all([import('../server.ts'), import('../tls/dev-ca.ts')]);
  const server = await startInstitutionServer({
    dataDir,
    host: values.host,
    port,
    tls: tlsFiles(values),
    publicUrl: values['public-url'],
    sipWss: sipWss(values),
    ...sipSettings(values),
    ...profileNetwork(values),
    sbcRpcUrls: values['sbc-rpc-url'] ?? [],
    sbcLog: (line) => io.err(line),
    logger: values.log,
    passwordHashing: io.passwordHashing,
  });
  io.out(`Institution API listening on ${server.url}/api/v1`);
  io.out(`CA certificate (trust this on desktops): ${values.cert === undefined ? devTlsFiles(join(dataDir, 'tls')).caCert : resolve(values.cert)}`);
  io.out(`profile public key (keyId ${server.profileKeyId}): ${join(dataDir, 'keys', 'profile-signing.pub.pem')}`);
  io.out(values['sip-domain'] === undefined ? 'SIP credentials: off (no --sip-secret-file)' : `SIP credentials: for sip:<operator>@${values['sip-domain']}`);
  const sbcs = values['sbc-rpc-url'] ?? [];
  io.out(sbcs.length === 0 ? 'SBC queues: readiness not pushed (no --sbc-rpc-url)' : `SBC queues: readiness pushed to ${sbcs.join(', ')}`);
  io.onServing?.(() => server.close());
}

async function createOperator(dataDir: string, values: Values, io: CliIo): Promise<void> {
  const password = await readSecretLine(io.stdin, io.prompt, 'Password: ');
  const parsed = CreateOperatorRequest.safeParse({
    id: values.id,
    displayName: values.name,
    password,
    roles: (values.role ?? []).flatMap((r) => r.split(',')),
    team: values.team ?? null,
    teamName: values['team-name'] ?? null,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const operator = parsed.data;
  const totpSecret = values.totp ? generateTotpSecret() : null;
  await withDatabase(dataDir, async (handle) => {
    if ((await findOperator(handle.db, operator.id)) !== undefined) throw new UsageError(`operator ${operator.id} exists`);
    const passwordHash = await hashPassword(operator.password, io.passwordHashing ?? DEFAULT_SCRYPT_PARAMS);
    await insertOperator(handle.db, { ...operator, passwordHash, totpSecret }, systemClock());
  });
  io.out(`created operator ${operator.id}`);
  if (totpSecret !== null) {
    // Shown once, for the operator's authenticator app.
    io.out(`TOTP secret: ${totpSecret}`);
    io.out(`otpauth URI: ${otpauthUri(totpSecret, operator.id, 'ChannelDesk')}`);
  }
}

async function registerWorkstationCommand(dataDir: string, values: Values, io: CliIo): Promise<void> {
  const id = WorkstationId.safeParse(values.id);
  if (!id.success) throw new UsageError('--id WORKSTATION-ID is required ([A-Za-z0-9._-]{1,64})');
  const registration = await registerWorkstation({ dataDir, workstationId: id.data });
  io.out(`registered workstation ${registration.workstationId}`);
  // Shown once: only its hash is stored. It goes into the workstation's workstation.json.
  io.out(`enrollment code: ${registration.enrollmentCode}`);
  io.out(`valid until: ${registration.expiresAt} (one use)`);
}

async function setMinProfileSerial(dataDir: string, values: Values, io: CliIo): Promise<void> {
  const serial = Number(values.serial);
  if (values.serial === undefined || !/^\d{1,9}$/.test(values.serial) || !Number.isSafeInteger(serial)) throw new UsageError('--serial N (a non-negative integer) is required');
  await withDatabase(dataDir, (handle) => createSettingsStore({ db: handle.db, now: systemClock }).setMinProfileSerial(serial));
  // Read by every login, so a running `serve` applies it at once (WAL lets both write).
  io.out(serial === 0 ? 'no minimum profile serial: workstations sign in whatever profile they run' : `workstations need site profile serial ${serial} or newer to sign in`);
}

async function exportProfile(dataDir: string, values: Values, io: CliIo): Promise<void> {
  if (values.out === undefined) throw new UsageError('--out FILE is required');
  const [{ loadTls }, { createSiteProfileService }] = await Promise.all([import('../tls/load-tls.ts'), import('../profile/site-profile-service.ts')]);
  const tls = await loadTls(dataDir, tlsFiles(values));
  const key = loadOrCreateProfileKey(dataDir);
  const publicUrl = values['public-url'] ?? `https://127.0.0.1:${values.port}`;
  const signed = await withDatabase(dataDir, async (handle) => {
    const settings = createSettingsStore({ db: handle.db, now: systemClock });
    const config = { baseUrls: [publicUrl], sipWss: sipWss(values), ...profileNetwork(values), pins: [tls.leafPin] };
    return createSiteProfileService({ settings, config, key, now: systemClock }).current();
  });
  writeFileSync(values.out, `${JSON.stringify(signed, null, 2)}\n`);
  io.out(`wrote signed site profile (keyId ${signed.keyId}) to ${values.out}`);
}

async function dispatch(argv: string[], io: CliIo): Promise<void> {
  // Its own options (it talks to a running server, not to a data directory).
  if (argv[0] === 'publish-release') return publishReleaseCommand(argv.slice(1), io);
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const dataDir = resolve(values['data-dir']);
  switch (positionals[0]) {
    case 'serve':
      return serve(dataDir, values, io);
    case 'seed-demo': {
      const created = await withDatabase(dataDir, (handle) => seedDemoInto(handle, { passwordHashing: io.passwordHashing }));
      io.out(created.length === 0 ? 'demo data already present' : `seeded demo operators: ${created.join(', ')}`);
      return;
    }
    case 'create-operator':
      return createOperator(dataDir, values, io);
    case 'register-workstation':
      return registerWorkstationCommand(dataDir, values, io);
    case 'set-min-profile-serial':
      return setMinProfileSerial(dataDir, values, io);
    case 'rotate-keys': {
      const key = rotateProfileKey(dataDir);
      const retired = listProfileKeys(dataDir).keys.filter((k) => k.retiredAt !== null).map((k) => k.keyId);
      io.out(`new profile-signing keyId: ${key.keyId}`);
      io.out(`retired keys still listed in keys/profile-keys.json: ${retired.join(', ') || 'none'}`);
      io.out('restart `serve` so it signs with the new key');
      return;
    }
    case 'export-profile':
      return exportProfile(dataDir, values, io);
    default:
      throw new UsageError(positionals[0] === undefined ? 'a command is required' : `unknown command ${positionals[0]}`);
  }
}

/**
 * Runs one command; returns the exit code (0 ok, 2 usage, 1 failure). Never prints secrets,
 * except the one-time values a command exists to hand out (a TOTP secret, an enrollment code).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.err(error instanceof Error ? error.message : 'failed');
    return 1;
  }
}
