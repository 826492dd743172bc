import { sign, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { updateResultSignedText } from '../../../institution/contract/update-api.ts';
import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { UpdatePlatform } from '../../../institution/contract/update-manifest.ts';
import type { ChannelsOwnedBy, SessionState } from '../../contract/channels.ts';
import type { UpdateStatus } from '../../contract/updates.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { CoreHandlers } from '../ipc/dispatch.ts';
import type { DeskEvents } from '../ipc/events.ts';
import type { Allowlist } from '../net/allowlist.ts';
import type { OutboxStore } from '../outbox/store.ts';
import { createUpdateFloor } from './update-floor.ts';
import { createUpdateServer, type UpdateServer } from './update-server.ts';
import { createUpdater, type UpdateInstaller, type Updater } from './updater.ts';

/**
 * The updater inside core: its channels (`update.status`, `update.check`), the event
 * `update.changed`, periodic checks and the safe-moment triggers. desk-core builds it with
 * one call; without `config` (no pinned update keys, no installer) it reports `disabled`.
 */
export type UpdateChannel = Extract<ChannelsOwnedBy<'core'>, `update.${string}`>;
export type UpdateHandlers = Pick<CoreHandlers, UpdateChannel>;

export interface UpdaterConfig {
  /** keyId → Ed25519 public key (SPKI PEM): resources/keys/update-keys.json in the app bundle. */
  trustedKeys: Record<string, string>;
  /** The running app's version (Electron's app.getVersion()). */
  runningVersion: string;
  installer: UpdateInstaller;
  platform?: UpdatePlatform;
  channel?: string;
  /** Pause between background checks (default 4 h; 0 = only on request). */
  checkIntervalMs?: number;
  /** Delay of the first background check after start (default 60 s). */
  firstCheckDelayMs?: number;
  /** Tests: another server client. */
  server?: UpdateServer;
}

export interface UpdateDomainOptions {
  config: UpdaterConfig | undefined;
  profile: SiteProfile;
  allowlist: Pick<Allowlist, 'decide'>;
  caPem?: string;
  dataDir: string;
  workstationId: string;
  store: Pick<OutboxStore, 'getSetting' | 'setSetting'>;
  /** The workstation's enrolled Ed25519 key: results reported to the server are signed with it. */
  signingKey: KeyObject;
  audit: Pick<AuditChain, 'append'>;
  actor: () => string | null;
  /** Open activity holds (a ringing or running call). */
  holds: () => readonly string[];
  session: () => SessionState;
  events: Pick<DeskEvents, 'emit'>;
  now: () => number;
  log: (message: string) => void;
}

export interface UpdateDomain {
  handlers: UpdateHandlers;
  /** Follows the session: sign-out and a locked screen are safe moments. */
  sessionChanged(s: SessionState): void;
  /** The phone reported its state: ringing, on-call and wrap-up keep the install waiting. */
  phoneState(state: string): void;
  close(): void;
}

const DISABLED: UpdateStatus = { state: 'disabled', version: null, waitingFor: null, reason: null, progress: null };

export function currentPlatform(): UpdatePlatform | null {
  const p = `${process.platform}-${process.arch}`;
  return ['win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64'].includes(p) ? (p as UpdatePlatform) : null;
}

export function createUpdateDomain(o: UpdateDomainOptions): UpdateDomain {
  const platform = o.config?.platform ?? currentPlatform();
  if (o.config === undefined || Object.keys(o.config.trustedKeys).length === 0 || platform === null) {
    return {
      handlers: { 'update.status': () => Promise.resolve(DISABLED), 'update.check': () => Promise.resolve(DISABLED) },
      sessionChanged: () => undefined,
      phoneState: () => undefined,
      close: () => undefined,
    };
  }
  const config = o.config;
  let phoneBusy = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const updater: Updater = createUpdater({
    workstationId: o.workstationId,
    platform,
    channel: config.channel ?? 'stable',
    trust: { keys: config.trustedKeys },
    server:
      config.server ??
      createUpdateServer({
        baseUrl: o.profile.updateUrl ?? o.profile.api.baseUrls[0] ?? '',
        pins: o.profile.pins,
        allowlist: o.allowlist,
        ...(o.caPem === undefined ? {} : { caPem: o.caPem }),
      }),
    floor: createUpdateFloor(o.store, config.runningVersion),
    downloadDir: join(o.dataDir, 'updates'),
    installer: config.installer,
    audit: o.audit,
    actor: o.actor,
    busy: () => phoneBusy || o.holds().length > 0,
    session: () => {
      const s = o.session().status;
      return s === 'active' ? 'active' : s === 'logged-out' ? 'logged-out' : 'locked';
    },
    now: o.now,
    onStatus: (s) => o.events.emit('update.changed', s),
    signResult: (r) => sign(null, Buffer.from(updateResultSignedText(r), 'utf8'), o.signingKey).toString('base64'),
    log: o.log,
    schedule: (ms, fn) => {
      // One retry pending at most: a newer wait replaces the older.
      if (retry !== null) clearTimeout(retry);
      retry = setTimeout(() => {
        retry = null;
        fn();
      }, ms);
      retry.unref?.();
    },
  });

  const timers: ReturnType<typeof setTimeout>[] = [];
  const interval = config.checkIntervalMs ?? 4 * 3_600_000;
  if (interval > 0) {
    const background = () => void updater.checkNow();
    timers.push(setTimeout(background, config.firstCheckDelayMs ?? 60_000));
    timers.push(setInterval(background, interval));
  }
  // Holds have no change event: while an update waits, look again every few seconds.
  timers.push(setInterval(() => updater.reconsider(), 2_000));
  for (const t of timers) t.unref?.();

  return {
    handlers: {
      'update.status': () => Promise.resolve(updater.status()),
      'update.check': () => updater.checkNow(),
    },
    sessionChanged: (s) => {
      // A phone that was never told the call ended is not busy once nobody is signed in.
      if (s.status === 'logged-out') phoneBusy = false;
      updater.reconsider();
    },
    phoneState: (state) => {
      phoneBusy = state === 'ringing' || state === 'on-call' || state === 'wrap-up';
      updater.reconsider();
    },
    close: () => {
      for (const t of timers) clearTimeout(t);
      if (retry !== null) clearTimeout(retry);
    },
  };
}
