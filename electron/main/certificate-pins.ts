import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { SiteProfile } from '../../institution/contract/site-profile.ts';
import type { SecurityAudit } from './security-events.ts';

/**
 * TLS for everything Chromium connects to (in practice: SIP over WSS to the SBC).
 *
 * Callback values (Electron): 0 = accept and skip Chromium's verdict, -2 = reject,
 * -3 = use Chromium's verdict. Each host of the profile has its own pins (pinsByHost):
 * API and update hosts `profile.pins`, SBC hosts `profile.sip.pins`. Decision table:
 *   host not in the profile                               → -2
 *   host in the profile but no pins for it (an SBC while
 *   the profile carries no `sip.pins`)                    → -2
 *   leaf SPKI pin not among the host's pins               → -2
 *   Chromium verified the chain (errorCode 0, net::OK)    → -3 (accept, with Chromium's own
 *                                                            verdict standing: we never turn a
 *                                                            verification off, we only add a pin)
 *   Chromium: ERR_CERT_AUTHORITY_INVALID and the workstation config names the institution's
 *   private CA, and our own check passes (chain to that CA, validity dates, host name) → 0
 *   anything else                                         → -2
 * There is no blind -3: an un-pinned host never reaches Chromium's default.
 * Chromium names the host, not the port: a host that is both an API and an SBC host (one
 * machine, two ports) accepts either role's pins.
 */
export const ACCEPT = 0;
export const REJECT = -2;
export const USE_CHROMIUM_RESULT = -3;
export type VerifyResult = typeof ACCEPT | typeof REJECT | typeof USE_CHROMIUM_RESULT;

/** Chromium's net error for "issued by an authority the OS does not trust". */
const ERR_CERT_AUTHORITY_INVALID = -202;
const MAX_CHAIN_DEPTH = 5;

export interface CertificateInfo {
  /** PEM. */
  data: string;
  issuerCert?: CertificateInfo | null;
}

export interface VerifyRequest {
  hostname: string;
  certificate: CertificateInfo;
  verificationResult: string;
  errorCode: number;
}

export interface CertificatePinOptions {
  /** Lower-case host name → the SPKI pins its certificate must match (pinsByHost(profile)). */
  pinsByHost: ReadonlyMap<string, readonly string[]>;
  /** core/net/spki.ts spkiPin. */
  spkiPin(certPem: string): string;
  /** PEM of the institution's private CA from the workstation config, if any. */
  privateCaPem?: string;
  now(): Date;
  audit: SecurityAudit;
}

export interface CertificateDecision {
  result: VerifyResult;
  reason: string;
}

/**
 * The host names Chromium may open TLS to (the API, SIP WSS and update hosts of the signed
 * profile) and the pins each must present: the API and update hosts the
 * institution's `pins`, the SBCs (SIP over WSS) `sip.pins` — none when the profile carries
 * none, so an SBC is then refused rather than trusted on the institution's pins.
 */
export function pinsByHost(profile: Pick<SiteProfile, 'api' | 'sip' | 'updateUrl' | 'pins'>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (url: string, pins: readonly string[]) => {
    const host = normalizeHost(new URL(url).hostname);
    map.set(host, [...new Set([...(map.get(host) ?? []), ...pins])]);
  };
  for (const url of [...profile.api.baseUrls, ...(profile.updateUrl ? [profile.updateUrl] : [])]) add(url, profile.pins);
  for (const sbc of profile.sip.wss) add(sbc.url, profile.sip.pins ?? []);
  return map;
}

/** Lower case, IPv6 without brackets: URL.hostname and Chromium's request.hostname may differ on both. */
function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function withinValidity(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom) <= now && now <= new Date(cert.validTo);
}

function namesHost(leaf: X509Certificate, hostname: string): boolean {
  const bare = normalizeHost(hostname);
  if (isIP(bare) !== 0) return leaf.checkIP(bare) !== undefined;
  return leaf.checkHost(bare, { wildcards: true, partialWildcards: false }) !== undefined;
}

/** Our own verification against the configured private CA; used only when Chromium says "unknown authority". */
function chainsToPrivateCa(request: VerifyRequest, caPem: string, now: Date): boolean {
  const ca = new X509Certificate(caPem);
  if (!ca.ca || !withinValidity(ca, now)) return false;
  const leaf = new X509Certificate(request.certificate.data);
  if (!namesHost(leaf, request.hostname)) return false;
  let current = leaf;
  let next = request.certificate.issuerCert ?? null;
  for (let depth = 0; depth < MAX_CHAIN_DEPTH; depth += 1) {
    if (!withinValidity(current, now)) return false;
    if (current.checkIssued(ca) && current.verify(ca.publicKey)) return true;
    if (!next || next.data === current.toString()) return false;
    const issuer = new X509Certificate(next.data);
    if (!issuer.ca || !current.checkIssued(issuer) || !current.verify(issuer.publicKey)) return false;
    current = issuer;
    next = next.issuerCert ?? null;
  }
  return false;
}

export function decideCertificate(request: VerifyRequest, options: CertificatePinOptions): CertificateDecision {
  const pins = options.pinsByHost.get(normalizeHost(request.hostname));
  if (pins === undefined) return { result: REJECT, reason: 'host-not-pinned' };
  if (pins.length === 0) return { result: REJECT, reason: 'host-without-pins' };
  let pin: string;
  try {
    pin = options.spkiPin(request.certificate.data);
  } catch {
    return { result: REJECT, reason: 'unparseable-certificate' };
  }
  if (!pins.includes(pin)) return { result: REJECT, reason: 'pin-mismatch' };
  if (request.errorCode === 0 && request.verificationResult === 'net::OK') return { result: USE_CHROMIUM_RESULT, reason: 'pinned-and-verified' };
  if (request.errorCode === ERR_CERT_AUTHORITY_INVALID && options.privateCaPem !== undefined) {
    try {
      if (chainsToPrivateCa(request, options.privateCaPem, options.now())) return { result: ACCEPT, reason: 'pinned-private-ca' };
    } catch {
      return { result: REJECT, reason: 'unparseable-chain' };
    }
    return { result: REJECT, reason: 'private-ca-verification-failed' };
  }
  return { result: REJECT, reason: `chromium:${request.verificationResult}` };
}

export interface CertificateVerifySession {
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (result: number) => void) => void): void;
}

export function installCertificatePins(session: CertificateVerifySession, options: CertificatePinOptions): void {
  // Reviewed: this adds pinning on top of Chromium's verification and never disables it (see table above).
  session.setCertificateVerifyProc((request, callback) => { // eng-disable CERTIFICATE_VERIFY_PROC_JS_CHECK
    const decision = decideCertificate(request, options);
    if (decision.result === REJECT) {
      options.audit({ kind: 'certificate-rejected', url: `https://${request.hostname}/`, detail: decision.reason });
    }
    callback(decision.result);
  });
}
