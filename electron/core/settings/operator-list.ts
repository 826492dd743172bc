import { z } from 'zod';
import type { SettingsStore } from './desk-settings.ts';

/** Bounds each sealed value on a seat used by many agents: the least recently chosen go first. */
export const MAX_REMEMBERED_OPERATORS = 500;

/**
 * One per-operator setting on a shared seat, kept as a single sealed value (`putSecret`:
 * AES-256-GCM under the keystore-wrapped data key) rather than as plain-text rows named by
 * operator ID: which operators used this seat is personal data. Most recent choice last.
 */
export interface OperatorList<T> {
  /** The operator's stored value, or null (none, unreadable, or one this build does not know). */
  get(operatorId: string): T | null;
  /** Stores (or, with null, forgets) the operator's value. */
  put(operatorId: string, value: T | null): void;
}

export function sealedOperatorList<T>(store: SettingsStore, secretName: string, schema: z.ZodType<T>): OperatorList<T> {
  const Entries = z.array(z.tuple([z.string(), z.unknown()]));
  const read = (): [string, unknown][] => {
    let raw: Buffer | null;
    try {
      raw = store.getSecret(secretName);
    } catch {
      // Unreadable (tampered) value: the choices are lost, not the desk.
      return [];
    }
    if (raw === null) return [];
    try {
      const parsed = Entries.safeParse(JSON.parse(raw.toString('utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  };
  return {
    get(operatorId) {
      const entry = read().find(([who]) => who === operatorId);
      if (entry === undefined) return null;
      // A value this version does not know is not an error the operator can act on.
      const parsed = schema.safeParse(entry[1]);
      return parsed.success ? parsed.data : null;
    },
    put(operatorId, value) {
      const others = read().filter(([who]) => who !== operatorId);
      const kept = value === null ? others : [...others, [operatorId, value] as [string, unknown]].slice(-MAX_REMEMBERED_OPERATORS);
      store.putSecret(secretName, Buffer.from(JSON.stringify(kept), 'utf8'));
    },
  };
}
