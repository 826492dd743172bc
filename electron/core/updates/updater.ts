import { join } from 'node:path';
import { UpdateCheckResponse, type UnsignedUpdateResult, type UpdateRefusalReason, type UpdateResultRequest } from '../../../institution/contract/update-api.ts';
import type { UpdateArtifact, UpdatePlatform } from '../../../institution/contract/update-manifest.ts';
import type { UpdateStatus } from '../../contract/updates.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { UpdateFloor } from './update-floor.ts';
import { createCheckBackoff } from './check-backoff.ts';
import { UpdateTransferError, type UpdateServer } from './update-server.ts';
import { decideSignedManifest, type UpdateDecision, type UpdateTrust } from './verify-manifest.ts';

/**
 * The updater domain: check → verify (signature first) → download (resumable, sha512) →
 * install when safe. Safe means: no activity hold and no call or wrap-up (`busy`), and then
 * either nobody is signed in, the screen is locked, or the operator signs out. Every
 * refusal is a typed audit event (`update.refused`, reason and version only) and is
 * reported to the update server; the chain carries it to the institution's audit trail.
 */
export interface UpdateInstaller {
  /** Hands the verified installer to the platform; resolves once handed off (the app may quit after). */
  install(artifact: { file: string; version: string; platform: UpdatePlatform; fileName: string }): Promise<void>;
}

export type SessionPhase = 'logged-out' | 'locked' | 'active';

export interface UpdaterOptions {
  workstationId: string;
  platform: UpdatePlatform;
  channel: string;
  trust: UpdateTrust;
  server: UpdateServer;
  floor: UpdateFloor;
  downloadDir: string;
  installer: UpdateInstaller;
  audit: Pick<AuditChain, 'append'>;
  actor: () => string | null;
  /** A call or its wrap-up is under way (activity holds, the phone's state). */
  busy: () => boolean;
  session: () => SessionPhase;
  now: () => number;
  onStatus: (status: UpdateStatus) => void;
  /** The workstation key's signature over updateResultSignedText(result), base64. */
  signResult: (result: UnsignedUpdateResult) => string;
  log: (message: string) => void;
  /** Runs `fn` once after `ms` (the retry after a throttled check); the domain cancels it on close. */
  schedule?: (ms: number, fn: () => void) => void;
  /** Jitter source for the throttle backoff (Math.random by default). */
  random?: () => number;
}

export interface Updater {
  status(): UpdateStatus;
  /** One check (and, when offered and valid, download); concurrent calls share the run. */
  checkNow(): Promise<UpdateStatus>;
  /** Something changed that may make now a safe moment (a call ended, the screen locked, sign-out). */
  reconsider(): void;
}

const IDLE: UpdateStatus = { state: 'idle', version: null, waitingFor: null, reason: null, progress: null };

export function createUpdater(o: UpdaterOptions): Updater {
  let status: UpdateStatus = IDLE;
  let running: Promise<UpdateStatus> | null = null;
  let ready: { version: string; artifact: UpdateArtifact; file: string } | null = null;
  let installing = false;
  /** Each (version, reason) refusal is audited once per run, not at every periodic check. */
  const refusedOnce = new Set<string>();
  const backoff = createCheckBackoff({ now: o.now, ...(o.random === undefined ? {} : { random: o.random }) });

  const set = (next: Partial<UpdateStatus>): void => {
    status = { ...IDLE, ...next };
    o.onStatus(status);
  };
  const report = (result: Omit<UpdateResultRequest, 'workstationId' | 'at' | 'signature'>): void => {
    const unsigned: UnsignedUpdateResult = { workstationId: o.workstationId, ...result, at: new Date(o.now()).toISOString() };
    // Best effort: the chain is the record that must arrive; this is the rollout dashboard's count.
    void o.server.report({ ...unsigned, signature: o.signResult(unsigned) }).catch((e: unknown) => o.log(`update result not reported: ${e instanceof Error ? e.name : typeof e}`));
  };
  const refuse = (reason: UpdateRefusalReason, version: string | undefined): UpdateStatus => {
    const key = `${version ?? 'unknown'} ${reason}`;
    if (!refusedOnce.has(key)) {
      refusedOnce.add(key);
      o.audit.append('update.refused', o.actor(), { reason, version: version ?? null, floor: o.floor.current() });
      report({ version: version ?? 'unknown', outcome: 'refused', reason });
    }
    set({ state: 'refused', version: version ?? null, reason });
    return status;
  };

  function decide(raw: unknown): UpdateDecision {
    // The manifest goes to the verifier as received, so "unsigned" stays distinguishable from "malformed".
    if (raw !== null && typeof raw === 'object' && (raw as { status?: unknown }).status === 'offered') {
      return decideSignedManifest((raw as { signed?: unknown }).signed, o.trust, { now: o.now(), floor: o.floor.current(), platform: o.platform, channel: o.channel });
    }
    const offer = UpdateCheckResponse.safeParse(raw);
    if (!offer.success) return { action: 'refuse', reason: 'malformed' };
    if (offer.data.status === 'none') return { action: 'none', reason: 'no-release' };
    if (offer.data.status === 'offered') return { action: 'refuse', reason: 'malformed' };
    return { action: 'none', reason: offer.data.status, version: offer.data.version };
  }

  async function run(): Promise<UpdateStatus> {
    // The server asked us to wait (429): periodic and manual checks alike hold off until then.
    if (backoff.waitMs() > 0) return status;
    const before = status;
    set({ state: 'checking', version: ready?.version ?? null });
    let raw: unknown;
    try {
      raw = await o.server.check({ workstationId: o.workstationId, version: o.floor.current(), platform: o.platform, channel: o.channel });
      backoff.answered();
    } catch (e) {
      if (e instanceof UpdateTransferError && e.code === 'throttled') {
        // Not a failure: the agent is told nothing; the desk asks again after the wait.
        const wait = backoff.throttled(e.retryAfterMs);
        o.log(`update check deferred: the server is busy, next check in ${Math.ceil(wait / 1000)} s`);
        o.schedule?.(wait, () => void checkNow());
        set(before);
        return status;
      }
      o.log(`update check failed: ${e instanceof UpdateTransferError ? e.code : e instanceof Error ? e.name : typeof e}`);
      // A ready update stays ready; otherwise say the check failed.
      if (ready !== null) set(before);
      else set({ state: 'failed', reason: 'check-failed' });
      return status;
    }
    const decision = decide(raw);
    if (decision.action === 'refuse') {
      if (ready !== null) {
        // Still audited, but the verified update already waiting stays the one to install.
        refuse(decision.reason, decision.version);
        set(before);
        return status;
      }
      return refuse(decision.reason, decision.version);
    }
    if (decision.action === 'none') {
      if (ready !== null) set(before);
      else set({ state: 'up-to-date', version: decision.version ?? null, reason: decision.reason === 'no-release' ? null : decision.reason });
      return status;
    }
    const { manifest, artifact } = decision;
    if (ready?.version === manifest.version) {
      set(before);
      return status;
    }
    const file = join(o.downloadDir, `${artifact.sha512.slice(0, 32)}-${artifact.fileName}`);
    set({ state: 'downloading', version: manifest.version, progress: { received: 0, total: artifact.size } });
    try {
      let lastShown = 0;
      await o.server.download(artifact.url, file, { size: artifact.size, sha512: artifact.sha512 }, (received) => {
        // Progress events at most every 1 % (the bar does not need every chunk).
        if (received - lastShown >= artifact.size / 100) {
          lastShown = received;
          set({ state: 'downloading', version: manifest.version, progress: { received, total: artifact.size } });
        }
      });
    } catch (e) {
      if (e instanceof UpdateTransferError && (e.code === 'hash-mismatch' || e.code === 'size-mismatch')) return refuse(e.code, manifest.version);
      o.log(`update download failed: ${e instanceof UpdateTransferError ? e.code : e instanceof Error ? e.name : typeof e}`);
      o.audit.append('update.download-failed', o.actor(), { version: manifest.version });
      set({ state: 'failed', version: manifest.version, reason: 'download-failed' });
      return status;
    }
    ready = { version: manifest.version, artifact, file };
    o.audit.append('update.ready', o.actor(), { version: manifest.version, sha512: artifact.sha512, platform: artifact.platform });
    report({ version: manifest.version, outcome: 'scheduled' });
    set({ state: 'ready', version: manifest.version, waitingFor: o.busy() ? 'call' : 'idle' });
    reconsider();
    return status;
  }

  async function install(target: NonNullable<typeof ready>): Promise<void> {
    installing = true;
    set({ state: 'installing', version: target.version });
    o.audit.append('update.installing', o.actor(), { version: target.version, session: o.session() });
    try {
      await o.installer.install({ file: target.file, version: target.version, platform: target.artifact.platform, fileName: target.artifact.fileName });
    } catch (e) {
      installing = false;
      // The next check verifies the offer afresh (it may have expired meanwhile) and tries again.
      ready = null;
      o.log(`update install failed: ${e instanceof Error ? e.name : typeof e}`);
      o.audit.append('update.install-failed', o.actor(), { version: target.version });
      report({ version: target.version, outcome: 'failed', reason: 'install-failed' });
      set({ state: 'failed', version: target.version, reason: 'install-failed' });
      return;
    }
    ready = null;
    installing = false;
    o.floor.raise(target.version);
    o.audit.append('update.installed', o.actor(), { version: target.version });
    report({ version: target.version, outcome: 'installed' });
    set({ state: 'installed', version: target.version });
  }

  function reconsider(): void {
    if (ready === null || installing || status.state !== 'ready') return;
    if (o.busy()) {
      if (status.waitingFor !== 'call') set({ ...status, waitingFor: 'call' });
      return;
    }
    if (o.session() === 'active') {
      if (status.waitingFor !== 'idle') set({ ...status, waitingFor: 'idle' });
      return;
    }
    void install(ready);
  }

  function checkNow(): Promise<UpdateStatus> {
    if (installing) return Promise.resolve(status);
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    status: () => status,
    checkNow,
    reconsider,
  };
}
