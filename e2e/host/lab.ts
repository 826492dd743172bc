/**
 * TEST/DEMO HARNESS ONLY — never shipped. A complete, throwaway ChannelDesk lab on
 * loopback: the real reference institution (HTTPS, SQLite, demo operators seeded) and
 * the desk test host (the real DeskCore behind the Vite-built renderer). The lab plays IT
 * too: it registers the desk's workstation with the institution and hands the one-time
 * enrollment code to the desk, which enrolls its key at start. Every lab has its own data
 * directories, so tests never share state.
 */
import type { UpdaterConfig } from '../../electron/core/updates/update-domain.ts';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignedSiteProfile } from '../../institution/contract/site-profile.ts';
import { API_PREFIX } from '../../institution/contract/api.ts';
import { startInstitutionServer } from '../../institution/src/server.ts';
import { seedDemo } from '../../institution/src/seed/demo.ts';
import { seedDemoDialPlan } from '../../institution/src/seed/demo-policy.ts';
import { registerWorkstation } from '../../institution/src/workstations/registration.ts';
import type { ScryptParams } from '../../institution/src/auth/password.ts';
import { startDeskHost } from './desk-host.ts';
import type { RecordedNotification } from './notification-recorder.ts';
import { httpsJson } from './https-json.ts';

export const E2E_WORKSTATION_ID = 'WS-E2E-01';
export const DEMO_WORKSTATION_ID = 'WS-DEMO-01';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** E2E_RENDERER_DIR: a renderer build of one's own (`vite build --outDir`), so a run is not disturbed by another build of dist/renderer. */
export const defaultRendererDir = process.env['E2E_RENDERER_DIR'] ?? path.join(repoRoot, 'dist', 'renderer');

export interface LabOptions {
  /** Where the lab keeps its data; a fresh temp dir (removed on close) when omitted. */
  rootDir?: string;
  /** Demo flavour: workstation WS-DEMO-01 instead of WS-E2E-01. */
  demo?: boolean;
  rendererDir?: string;
  /** Desk host port; 0 (any free port) by default. */
  deskPort?: number;
  /** scrypt cost of the seeded passwords; the institution's production default when omitted. */
  passwordHashing?: ScryptParams;
  /**
   * Register the desk's workstation with the institution and give the desk its enrollment
   * code (default true). false: a desk IT never provisioned, which nobody can sign in on.
   */
  register?: boolean;
  /** TURN servers for the institution's signed profile (the only ICE servers the desk's WebRTC guard allows). */
  turn?: { urls: string[] }[];
  /** STUN servers for the signed profile (the phone's calls use them; the guard allows them). */
  stun?: { urls: string[] }[];
  /**
   * Telephony: the SBCs the signed profile names (and so the desk's CSP connect-src allows),
   * the auth_ephemeral secret shared with the telephony lab and the SIP domain. None by default.
   * `rpcUrls`: the lab's Kamailio JSON-RPC, where the institution pushes agent readiness (the queue).
   */
  sip?: { wss: { url: string; weight: number }[]; secret: string; domain: string; ttlSeconds?: number; rpcUrls?: string[]; pins?: string[] };
  /** Signed updates for the desk (pinned keys, the host's stand-in installer); disabled by default. */
  updates?: UpdaterConfig;
}

export interface Lab {
  deskUrl: string;
  institutionUrl: string;
  caPem: string;
  workstationId: string;
  rootDir: string;
  /** The institution's data directory (its SQLite file, TLS material, profile key). */
  institutionDataDir: string;
  /** The desk core's data directory (outbox, workstation key). */
  deskDataDir: string;
  /**
   * Provisions another workstation (e.g. an admin's console) as IT would: registers it and
   * enrolls a fresh key with its code, so operators can sign in from it over the API.
   */
  provisionWorkstation(workstationId: string): Promise<void>;
  /** Stops the institution server only (an outage as the desk sees it); the desk host keeps running. */
  stopInstitution(): Promise<void>;
  /** The desktop notifications the desk showed (main's handler, recorded by the host), in order. */
  notifications(): readonly RecordedNotification[];
  close(): Promise<void>;
}

async function fetchSignedProfile(institutionUrl: string, caPem: string): Promise<SignedSiteProfile> {
  const response = await httpsJson(new URL(`${API_PREFIX}/site-profile`, institutionUrl).href, caPem);
  if (response.status !== 200) throw new Error(`lab: GET site-profile answered HTTP ${response.status}`);
  const parsed = SignedSiteProfile.safeParse(response.body);
  if (!parsed.success) throw new Error(`lab: site profile is malformed: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return parsed.data;
}

async function provisionWorkstation(institutionDir: string, institutionUrl: string, caPem: string, workstationId: string): Promise<void> {
  const { enrollmentCode } = await registerWorkstation({ dataDir: institutionDir, workstationId });
  const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const response = await httpsJson(new URL(`${API_PREFIX}/workstations/enroll`, institutionUrl).href, caPem, {
    method: 'POST',
    body: { workstationId, publicKey, enrollmentCode },
  });
  if (response.status !== 201) throw new Error(`lab: enrolling ${workstationId} answered HTTP ${response.status}`);
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`lab: no renderer build in ${rendererDir}; run: npx vite build --config renderer/vite.config.ts`);
  }
  const ownsRoot = options.rootDir === undefined;
  const rootDir = options.rootDir ?? (await mkdtemp(path.join(os.tmpdir(), 'channeldesk-lab-')));
  const institutionDir = path.join(rootDir, 'institution');
  const deskDir = path.join(rootDir, 'desk');
  await mkdir(institutionDir, { recursive: true });
  await mkdir(deskDir, { recursive: true });

  const cleanups: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
    if (ownsRoot) await rm(rootDir, { recursive: true, force: true });
  };

  try {
    const hashing = options.passwordHashing === undefined ? {} : { passwordHashing: options.passwordHashing };
    await seedDemo({ dataDir: institutionDir, ...hashing });
    // The demo (not the tests) runs with the demo's dial plan, as `npm start` does.
    if (options.demo === true) await seedDemoDialPlan({ dataDir: institutionDir });
    const turn = options.turn === undefined ? {} : { turn: options.turn };
    const stun = options.stun === undefined ? {} : { stun: options.stun };
    const sip =
      options.sip === undefined
        ? {}
        : {
            sipWss: options.sip.wss,
            sipSecret: options.sip.secret,
            sipDomain: options.sip.domain,
            ...(options.sip.ttlSeconds === undefined ? {} : { sipCredentialTtlSeconds: options.sip.ttlSeconds }),
            ...(options.sip.rpcUrls === undefined ? {} : { sbcRpcUrls: options.sip.rpcUrls }),
            ...(options.sip.pins === undefined ? {} : { sipPins: options.sip.pins }),
          };
    const institution = await startInstitutionServer({ dataDir: institutionDir, port: 0, host: '127.0.0.1', ...hashing, ...turn, ...stun, ...sip });
    // Once: stopInstitution() and close() may both ask.
    let institutionStopped: Promise<void> | null = null;
    const stopInstitution = () => (institutionStopped ??= institution.close());
    cleanups.push(stopInstitution);
    const signedProfile = await fetchSignedProfile(institution.url, institution.caCertPem);
    const workstationId = options.demo ? DEMO_WORKSTATION_ID : E2E_WORKSTATION_ID;
    const registration = options.register === false ? null : await registerWorkstation({ dataDir: institutionDir, workstationId });
    const host = await startDeskHost({
      institutionUrl: institution.url,
      caPem: institution.caCertPem,
      trustedProfileKeys: { [institution.profileKeyId]: institution.profilePublicKeyPem },
      signedProfile,
      dataDir: deskDir,
      workstationId,
      ...(registration === null ? {} : { enrollmentCode: registration.enrollmentCode }),
      rendererDir,
      port: options.deskPort ?? 0,
      ...(options.updates === undefined ? {} : { updates: options.updates }),
    });
    cleanups.push(() => host.close());
    return {
      deskUrl: host.url,
      institutionUrl: institution.url,
      caPem: institution.caCertPem,
      workstationId,
      rootDir,
      institutionDataDir: institutionDir,
      deskDataDir: deskDir,
      provisionWorkstation: (id) => provisionWorkstation(institutionDir, institution.url, institution.caCertPem, id),
      stopInstitution,
      notifications: () => host.notifications,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
