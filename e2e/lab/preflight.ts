/**
 * TEST/DEMO HARNESS ONLY — finds the lab's Debian binaries and Kamailio modules before
 * anything starts, so a machine without them gets one sentence naming what is missing and
 * the apt command, instead of a Kamailio parse error.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const LAB_APT_PACKAGES = [
  'kamailio',
  'kamailio-websocket-modules',
  'kamailio-tls-modules',
  'kamailio-autheph-modules',
  'rtpengine-daemon',
  'sip-tester',
] as const;

export const LAB_INSTALL_COMMAND = `apt-get install ${LAB_APT_PACKAGES.join(' ')}`;

/** Kamailio modules that live outside the `kamailio` package, and where they come from. */
const MODULE_PACKAGES: Record<string, string> = {
  'websocket.so': 'kamailio-websocket-modules',
  'tls.so': 'kamailio-tls-modules',
  'auth_ephemeral.so': 'kamailio-autheph-modules',
};

export class TelephonyLabUnavailableError extends Error {
  readonly missing: string[];
  constructor(missing: string[]) {
    super(`Telephony lab unavailable: missing ${missing.join(', ')}. Install with: ${LAB_INSTALL_COMMAND}`);
    this.name = 'TelephonyLabUnavailableError';
    this.missing = missing;
  }
}

export interface LabBinaries {
  kamailio: string;
  rtpengine: string;
  sipp: string;
}

// /usr/sbin is not on every user's PATH, and Kamailio lives there.
function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function kamailioModuleDirs(): string[] {
  const dirs = ['/usr/lib/kamailio/modules', '/usr/lib64/kamailio/modules'];
  try {
    for (const entry of readdirSync('/usr/lib')) dirs.push(path.join('/usr/lib', entry, 'kamailio', 'modules'));
  } catch {
    // no /usr/lib: nothing to add
  }
  return dirs.filter((dir) => existsSync(dir));
}

/**
 * Resolves the binaries (overrides win, e.g. for tests) and checks the add-on modules.
 * Throws TelephonyLabUnavailableError listing every missing piece.
 */
export function locateLabBinaries(overrides: Partial<LabBinaries> = {}): LabBinaries {
  const missing: string[] = [];
  const resolve = (key: keyof LabBinaries, name: string, pkg: string): string => {
    const override = overrides[key];
    const found = override !== undefined ? (existsSync(override) ? override : undefined) : which(name);
    if (found === undefined) missing.push(`${override ?? name} (package ${pkg})`);
    return found ?? '';
  };
  const binaries = {
    kamailio: resolve('kamailio', 'kamailio', 'kamailio'),
    rtpengine: resolve('rtpengine', 'rtpengine', 'rtpengine-daemon'),
    sipp: resolve('sipp', 'sipp', 'sip-tester'),
  };
  // Only check modules where we know the layout; an unknown layout is left to Kamailio.
  const moduleDirs = binaries.kamailio === '' ? [] : kamailioModuleDirs();
  if (moduleDirs.length > 0) {
    for (const [file, pkg] of Object.entries(MODULE_PACKAGES)) {
      if (!moduleDirs.some((dir) => existsSync(path.join(dir, file)))) missing.push(`Kamailio module ${file} (package ${pkg})`);
    }
  }
  if (missing.length > 0) throw new TelephonyLabUnavailableError(missing);
  return binaries;
}
