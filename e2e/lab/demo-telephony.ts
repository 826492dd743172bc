/**
 * TEST/DEMO HARNESS ONLY — never shipped. The telephony lab as `npm start` and `npm run demo`
 * run it: started when Kamailio and the other lab packages are installed, with a fresh
 * auth_ephemeral secret the institution signs SIP credentials with, so the demo's phone
 * registers. Kamailio and rtpengine are children of the calling process (their own process
 * groups, killed by `close()`), so they stop with the demo.
 *
 * When the packages are missing, nothing starts and `missing` is one sentence (zh-CN / en-US)
 * saying how to install them.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDevTls } from '../../institution/src/tls/dev-ca.ts';
import { LAB_INSTALL_COMMAND, locateLabBinaries, TelephonyLabUnavailableError, type LabBinaries } from './preflight.ts';
import { startTelephonyLab, type TelephonyLab } from './telephony.ts';

export interface DemoSip {
  /** The SBC the signed profile names. */
  wss: { url: string; weight: number }[];
  /** auth_ephemeral's secret, shared by the lab and the institution (what --sip-secret-file holds). */
  secret: string;
  /** What --sip-domain names. */
  domain: string;
  /** Kamailio's JSON-RPC, where the institution pushes agent readiness (the queue). */
  rpcUrls: string[];
  /** The SPKI pin of the WSS certificate (the profile's sip.pins; Chromium's --ignore-certificate-errors-spki-list). */
  pins: string[];
}

export type DemoTelephony = { running: true; lab: TelephonyLab; sip: DemoSip; close(): Promise<void> } | { running: false; missing: string };

export interface DemoTelephonyOptions {
  /** PEM server certificate for WSS (e.g. the institution's dev certificate, which the Electron desk trusts); the lab's own dev CA otherwise. */
  tls?: { certPem: string; keyPem: string; caCertPem: string };
  binaries?: Partial<LabBinaries>;
}

/** base64(sha256(SubjectPublicKeyInfo)): the profile's pin format and Chromium's flag's. */
export function spkiPinOf(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export function missingSentence(missing: readonly string[]): string {
  return (
    `未安装电话实验室（缺少 ${missing.join('、')}），演示中的电话无法注册；请运行 sudo ${LAB_INSTALL_COMMAND} 安装。 / ` +
    `The telephony lab is not installed (missing ${missing.join(', ')}), so the demo's phone cannot register; install it with: sudo ${LAB_INSTALL_COMMAND}`
  );
}

export async function startDemoTelephony(options: DemoTelephonyOptions = {}): Promise<DemoTelephony> {
  try {
    locateLabBinaries(options.binaries);
  } catch (error) {
    if (error instanceof TelephonyLabUnavailableError) return { running: false, missing: missingSentence(error.missing) };
    throw error;
  }
  const secret = randomBytes(24).toString('base64url');
  // Without a certificate given, a dev CA of its own in a temp dir removed at close.
  const tlsDir = options.tls ? null : await mkdtemp(path.join(os.tmpdir(), 'channeldesk-demo-sbc-'));
  const removeTlsDir = () => (tlsDir === null ? Promise.resolve() : rm(tlsDir, { recursive: true, force: true }));
  try {
    const tls = options.tls ?? (await ensureDevTls(tlsDir as string));
    const lab = await startTelephonyLab({ secret, tls, ...(options.binaries ? { binaries: options.binaries } : {}) });
    return {
      running: true,
      lab,
      sip: { wss: [{ url: lab.wssUrl, weight: 10 }], secret, domain: lab.domain, rpcUrls: [lab.rpcUrl], pins: [spkiPinOf(tls.certPem)] },
      close: async () => {
        await lab.close();
        await removeTlsDir();
      },
    };
  } catch (error) {
    await removeTlsDir();
    throw error;
  }
}

/** The lab binaries a script was told to use instead of the installed ones (tests point Kamailio at a missing file). */
export function binaryOverridesFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<LabBinaries> | undefined {
  const kamailio = env['CHANNELDESK_LAB_KAMAILIO'];
  return kamailio === undefined || kamailio === '' ? undefined : { kamailio };
}
