import type { SecurityAudit } from './security-events.ts';

/**
 * Every request any session makes is checked against the core allowlist (derived from the
 * signed site profile); anything else is cancelled and audited. Installed on the default
 * session, the desk partition and every session created later (`session-created`), since
 * one unguarded session would be a way out.
 *
 * No `onHeadersReceived` CSP injection: the only documents we load are served by our own
 * app:// handler, which sets the CSP header itself (app-protocol.ts). Injecting it here too
 * would create a second source of truth, and responses from allowlisted hosts are never
 * documents (connect-src only), so there is nothing else to cover.
 */
export type AllowDecision = { allow: true } | { allow: false; reason: string };

export interface RequestGuardSession {
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
  };
}

export interface NetworkGuardOptions {
  decide(url: string): AllowDecision;
  /** Each cancelled request, as a `request-blocked` security event (auditInto redacts the URL). */
  audit: SecurityAudit;
  /** Unpackaged developer runs with DevTools open load devtools:// pages; never in a shipped build. */
  allowDevtoolsScheme?: boolean;
}

export function decideRequest(url: string, options: NetworkGuardOptions): AllowDecision {
  if (options.allowDevtoolsScheme === true && url.startsWith('devtools://')) return { allow: true };
  try {
    return options.decide(url);
  } catch {
    // A decision that throws is a decision we do not have: fail closed.
    return { allow: false, reason: 'decision-error' };
  }
}

export function guardSessionRequests(session: RequestGuardSession, options: NetworkGuardOptions): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const decision = decideRequest(details.url, options);
    if (decision.allow) {
      callback({});
      return;
    }
    options.audit({ kind: 'request-blocked', url: details.url, detail: decision.reason });
    callback({ cancel: true });
  });
}
