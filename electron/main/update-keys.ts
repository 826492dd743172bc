import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The update-signing keys pinned in the app bundle (resources/keys/update-keys.json,
 * `{ "<keyId>": "<Ed25519 SPKI PEM>" }`), the same shape as profile-keys.json. They are
 * not configurable in workstation.json: whoever can edit that file must not be able to
 * choose which releases the desk trusts. null when absent or unusable (updates disabled).
 */
const UpdateKeys = z.record(z.string().min(1).max(64), z.string().min(1).max(4096)).refine((k) => Object.keys(k).length > 0 && Object.keys(k).length <= 8);

export function loadUpdateKeys(file: string, read: (file: string) => string = (f) => readFileSync(f, 'utf8')): Record<string, string> | null {
  try {
    const parsed = UpdateKeys.safeParse(JSON.parse(read(file)) as unknown);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
