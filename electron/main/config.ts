import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EnrollmentCode } from '../../institution/contract/api.ts';

/**
 * The workstation config: which workstation this is and where its provisioning files are.
 * Read from `--config <file>` or `<userData>/workstation.json`; relative paths are resolved
 * against the config file's own folder. Synchronous on purpose: it runs before the
 * before-ready steps, and an `await` there would let Electron's `ready` event overtake them.
 *
 * The trust anchors are not the user's to choose in a shipped build: the profile-signing
 * keys come from the code-signed app bundle (resources/keys), so editing this file can at
 * most point at another profile, which must still be signed by the institution. Overriding
 * the keys or accepting a plaintext key store is for unpackaged (lab) runs only.
 */
export const CONFIG_FILE_NAME = 'workstation.json';

export const WorkstationConfigFile = z
  .object({
    workstationId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    /**
     * The one-time code IT got when it registered this workstation with the institution
     * (`register-workstation`). At the first start core moves it into its encrypted store and
     * main removes it from this file (forgetEnrollmentCode); core enrolls the workstation's
     * key with it. Never logged.
     */
    enrollmentCode: EnrollmentCode.optional(),
    profilePath: z.string().min(1),
    trustedKeysPath: z.string().min(1).optional(),
    caPath: z.string().min(1).optional(),
    clientCertificate: z.object({ certPath: z.string().min(1), keyPath: z.string().min(1) }).strict().optional(),
    dataDir: z.string().min(1).optional(),
    allowPlaintextKeyStore: z.boolean().optional(),
  })
  .strict();
export type WorkstationConfigFile = z.infer<typeof WorkstationConfigFile>;

const TrustedKeys = z.record(z.string().min(1).max(64), z.string().min(1)).refine((keys) => Object.keys(keys).length > 0, 'no keys');

export interface WorkstationConfig {
  configPath: string;
  workstationId: string;
  enrollmentCode?: string;
  dataDir: string;
  signedProfile: unknown;
  trustedProfileKeys: Record<string, string>;
  caPem?: string;
  clientCertificate?: { certPem: string; keyPem: string };
  allowPlaintextKeyStore: boolean;
}

export type WorkstationConfigErrorCode =
  | 'config_missing'
  | 'config_invalid'
  | 'config_not_allowed'
  | 'profile_unreadable'
  | 'keys_unreadable'
  | 'ca_unreadable'
  | 'client_certificate_unreadable';

export class WorkstationConfigError extends Error {
  readonly code: WorkstationConfigErrorCode;
  constructor(code: WorkstationConfigErrorCode, detail: string) {
    // Paths and field names only: the files themselves may hold keys.
    super(`${code}: ${detail}`);
    this.name = 'WorkstationConfigError';
    this.code = code;
  }
}

export interface CommandLine {
  configPath?: string;
  dev: boolean;
}

/** Our own flags; Chromium's and Electron's own switches in argv are left alone. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let configPath: string | undefined;
  let dev = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--dev') dev = true;
    else if (arg === '--config' && i + 1 < argv.length) configPath = argv[(i += 1)];
    else if (arg.startsWith('--config=')) configPath = arg.slice('--config='.length);
  }
  return configPath ? { configPath, dev } : { dev };
}

export interface LoadConfigOptions {
  commandLine: CommandLine;
  userDataDir: string;
  /** The profile-signing keys shipped inside the app bundle. */
  bundledKeysPath: string;
  packaged: boolean;
  readFile?: (file: string) => string;
}

function readOrFail(read: (f: string) => string, file: string, code: WorkstationConfigErrorCode): string {
  try {
    return read(file);
  } catch {
    throw new WorkstationConfigError(code, file);
  }
}

function parseJson(text: string, code: WorkstationConfigErrorCode, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WorkstationConfigError(code, `${file} is not JSON`);
  }
}

export function loadWorkstationConfig(options: LoadConfigOptions): WorkstationConfig {
  const read = options.readFile ?? ((file: string) => readFileSync(file, 'utf8'));
  const configPath = path.resolve(options.commandLine.configPath ?? path.join(options.userDataDir, CONFIG_FILE_NAME));
  const baseDir = path.dirname(configPath);
  const resolve = (p: string) => path.resolve(baseDir, p);

  const parsed = WorkstationConfigFile.safeParse(parseJson(readOrFail(read, configPath, 'config_missing'), 'config_invalid', configPath));
  if (!parsed.success) throw new WorkstationConfigError('config_invalid', z.prettifyError(parsed.error));
  const file = parsed.data;
  if (options.packaged && file.trustedKeysPath !== undefined) {
    throw new WorkstationConfigError('config_not_allowed', 'trustedKeysPath is honoured only in unpackaged runs');
  }
  if (options.packaged && file.allowPlaintextKeyStore === true) {
    throw new WorkstationConfigError('config_not_allowed', 'allowPlaintextKeyStore is honoured only in unpackaged runs');
  }

  const profilePath = resolve(file.profilePath);
  const signedProfile = parseJson(readOrFail(read, profilePath, 'profile_unreadable'), 'profile_unreadable', profilePath);
  const keysPath = file.trustedKeysPath === undefined ? options.bundledKeysPath : resolve(file.trustedKeysPath);
  const keys = TrustedKeys.safeParse(parseJson(readOrFail(read, keysPath, 'keys_unreadable'), 'keys_unreadable', keysPath));
  if (!keys.success) throw new WorkstationConfigError('keys_unreadable', `${keysPath}: ${z.prettifyError(keys.error)}`);

  const config: WorkstationConfig = {
    configPath,
    workstationId: file.workstationId,
    dataDir: file.dataDir === undefined ? path.join(options.userDataDir, 'desk-data') : resolve(file.dataDir),
    signedProfile,
    trustedProfileKeys: keys.data,
    allowPlaintextKeyStore: file.allowPlaintextKeyStore === true,
  };
  if (file.enrollmentCode !== undefined) config.enrollmentCode = file.enrollmentCode;
  if (file.caPath !== undefined) config.caPem = readOrFail(read, resolve(file.caPath), 'ca_unreadable');
  if (file.clientCertificate !== undefined) {
    config.clientCertificate = {
      certPem: readOrFail(read, resolve(file.clientCertificate.certPath), 'client_certificate_unreadable'),
      keyPem: readOrFail(read, resolve(file.clientCertificate.keyPath), 'client_certificate_unreadable'),
    };
  }
  return config;
}

export interface ConfigFileSystem {
  readFile(file: string): string;
  writeFile(file: string, text: string): void;
  rename(from: string, to: string): void;
}

const realFileSystem: ConfigFileSystem = {
  readFile: (file) => readFileSync(file, 'utf8'),
  writeFile: (file, text) => writeFileSync(file, text, { encoding: 'utf8', mode: 0o600 }),
  rename: (from, to) => renameSync(from, to),
};

/**
 * Removes the enrollment code from workstation.json once core holds it encrypted, so it
 * does not sit on disk in plain text until spent. Written to a temporary file and renamed
 * over the original, so a crash leaves either the old file or the new one, never half of
 * one. Every other field is kept as IT wrote it. Returns false (and changes nothing) when
 * the file no longer parses or has no code — a read-only or hand-edited file is not an
 * error: core already has the code.
 */
export function forgetEnrollmentCode(configPath: string, fs: ConfigFileSystem = realFileSystem): boolean {
  let file: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(fs.readFile(configPath));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    file = parsed as Record<string, unknown>;
  } catch {
    return false;
  }
  if (!('enrollmentCode' in file)) return false;
  const { enrollmentCode: _spent, ...rest } = file;
  const temporary = `${configPath}.tmp`;
  try {
    fs.writeFile(temporary, `${JSON.stringify(rest, null, 2)}\n`);
    fs.rename(temporary, configPath);
  } catch {
    return false;
  }
  return true;
}
