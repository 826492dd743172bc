import type { DeskError, DeskResult } from '../../../../electron/contract/errors.ts';
import type { SipCredentials } from '../../../../electron/contract/phone.ts';
import type { Timers } from './after-call.ts';
import type { RegistrationProblem } from './causes.ts';
import { renewalDelayMs, renewalRetryDelayMs } from './renewal.ts';

/**
 * The phone's SIP credentials over a shift (phone-store.ts): fetched at start, renewed before they
 * expire (renewal.ts says when), fetched again with backoff after a failure or after the SBC
 * refused them — except when retrying cannot help (not configured, not permitted).
 */
export interface CredentialRenewal {
  /** Fetches now (ignored while a fetch is under way). */
  fetch(): void;
  /** The SBC refused or did not answer the REGISTER: new credentials, after the backoff. */
  retryAfterRefusal(): void;
  /** No more fetches; the failure count and expiry start over. */
  stop(): void;
}

export interface CredentialRenewalDeps {
  /** The bridge's phone.credentials, never throwing (phone-store's settle). */
  credentials(): Promise<DeskResult<SipCredentials>>;
  /** The phone is on: a fetch that returns after stop() is dropped. */
  active(): boolean;
  /** A fetch failed (retried unless final). */
  failed(problem: RegistrationProblem): void;
  /** Fresh credentials: register with them, or renew. */
  received(credentials: SipCredentials): void;
  now(): number;
  timers: Timers;
}

/** Fatal for this session: retrying cannot help until IT or the institution changes something. */
function credentialProblemOf(error: DeskError): RegistrationProblem {
  if (error.code === 'phone_not_configured') return 'not-configured';
  if (error.code === 'permission_denied') return 'not-permitted';
  return 'credentials';
}
const isFinal = (problem: RegistrationProblem) => problem === 'not-configured' || problem === 'not-permitted';

export function createCredentialRenewal({ credentials, active, failed, received, now, timers }: CredentialRenewalDeps): CredentialRenewal {
  let timer: unknown = null;
  let expiresAt = 0;
  let failures = 0;
  let fetching = false;

  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const fetchIn = (ms: number) => {
    clear();
    timer = timers.setTimeout(() => {
      timer = null;
      void fetchNow();
    }, ms);
  };
  const fetchNow = async () => {
    if (!active() || fetching) return;
    fetching = true;
    const issuedAt = now();
    const result = await credentials();
    fetching = false;
    if (!active()) return;
    if (!result.ok) {
      const problem = credentialProblemOf(result.error);
      failures += 1;
      failed(problem);
      if (!isFinal(problem)) fetchIn(renewalRetryDelayMs(failures, now(), expiresAt));
      return;
    }
    failures = 0;
    expiresAt = result.value.expiresAt;
    received(result.value);
    fetchIn(renewalDelayMs(now(), issuedAt, result.value.expiresAt));
  };

  return {
    fetch: () => void fetchNow(),
    retryAfterRefusal() {
      failures += 1;
      fetchIn(renewalRetryDelayMs(failures, now(), expiresAt));
    },
    stop() {
      clear();
      failures = 0;
      expiresAt = 0;
    },
  };
}
