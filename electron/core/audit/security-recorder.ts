import type { AuditChain } from './chain.ts';

/**
 * Every refusal the trusted side makes — a cancelled request, a denied navigation,
 * permission, window or input, a refused ICE server — and every process fault lands in
 * the workstation's audit chain with its own type (`security.<kind>`, `fault.<kind>`), so
 * the institution sees attempts, not only outcomes, and can tell them apart.
 *
 * Only the origin of a URL is kept: a path or query may carry customer data. A page that
 * hammers a blocked host must not flood the institution's trail, so each kind+origin+detail
 * is recorded at most once per window, and each kind at most `perKindLimit` times per
 * window; the next record of that key carries the number of repeats it suppressed.
 */
export const SECURITY_EVENT_KINDS = [
  'request-blocked',
  'navigation-denied',
  'redirect-denied',
  'frame-navigation-denied',
  'window-open-denied',
  'webview-denied',
  'permission-denied',
  'device-permission-denied',
  'display-capture-denied',
  'download-denied',
  'certificate-rejected',
  'ipc-forbidden-sender',
  'input-blocked',
  'webrtc-ice-refused',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export const FAULT_KINDS = ['uncaught-exception', 'unhandled-rejection', 'renderer-gone', 'child-process-gone'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** Where it happened; only its origin is recorded. */
  url: string;
  /** A short machine-readable reason (a rule or permission name); never user data. */
  detail: string;
}

export interface FaultEvent {
  kind: FaultKind;
  /** An error type or an exit reason (`crashed`, `oom`); never a message or a stack. */
  detail: string;
}

/**
 * A copy-out attempt the knowledge base's protected viewing blocked (`kb.report-blocked`):
 * what, how, which article and version — never its content. Typed by the channel's schema
 * (electron/contract/kb-protection.ts) before it gets here.
 */
export interface KbBlockedEvent {
  attempt: string;
  via: string;
  articleId: number;
  version: number;
}
export const KB_BLOCKED_TYPE = 'kb.protection-blocked';

export interface SecurityRecorder {
  security(event: SecurityEvent): void;
  fault(event: FaultEvent): void;
  /** Audited as `kb.protection-blocked`, under the same limits as the security records. */
  kbBlocked(event: KbBlockedEvent): void;
}

export interface SecurityRecorderOptions {
  audit: Pick<AuditChain, 'append'>;
  actor: () => string | null;
  now: () => number;
  windowMs?: number;
  perKindLimit?: number;
}

const MAX_TRACKED = 1_000;

/** scheme://host[:port] for hierarchical URLs, the scheme alone otherwise (data:, about:). */
export function originOnly(rawUrl: string): string {
  if (rawUrl === '') return 'none';
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'invalid-url';
  }
  // Done by hand: WHATWG gives non-special schemes (app:, stun:) an opaque "null" origin.
  const origin = url.host ? `${url.protocol}//${url.host}` : url.protocol;
  return origin.slice(0, 300);
}

export const cleanToken = (text: string): string => text.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64) || 'unspecified';

export function createSecurityRecorder(o: SecurityRecorderOptions): SecurityRecorder {
  const windowMs = o.windowMs ?? 60_000;
  const perKindLimit = o.perKindLimit ?? 30;
  const seen = new Map<string, { lastAudited: number; suppressed: number }>();
  const perKind = new Map<string, { windowStart: number; count: number }>();

  function record(type: `security.${SecurityEventKind}` | `fault.${FaultKind}` | typeof KB_BLOCKED_TYPE, data: Record<string, string | number>): void {
    const key = `${type} ${JSON.stringify(data)}`;
    const t = o.now();
    const entry = seen.get(key);
    let budget = perKind.get(type);
    if (!budget || t - budget.windowStart >= windowMs) perKind.set(type, (budget = { windowStart: t, count: 0 }));
    const repeat = entry !== undefined && t - entry.lastAudited < windowMs;
    if (repeat || budget.count >= perKindLimit) {
      if (entry) entry.suppressed += 1;
      else {
        if (seen.size >= MAX_TRACKED) seen.clear();
        // Never audited yet: remembered as overdue, so its first record carries the count.
        seen.set(key, { lastAudited: -Infinity, suppressed: 1 });
      }
      return;
    }
    budget.count += 1;
    if (!entry && seen.size >= MAX_TRACKED) seen.clear();
    o.audit.append(type, o.actor(), { ...data, suppressed: entry?.suppressed ?? 0 });
    seen.set(key, { lastAudited: t, suppressed: 0 });
  }

  return {
    security: (e) => record(`security.${e.kind}`, { origin: originOnly(e.url), detail: cleanToken(e.detail) }),
    fault: (e) => record(`fault.${e.kind}`, { detail: cleanToken(e.detail) }),
    kbBlocked: (e) =>
      record(KB_BLOCKED_TYPE, { attempt: cleanToken(e.attempt), via: cleanToken(e.via), articleId: e.articleId, version: e.version }),
  };
}
