import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';
import type { SiteProfile } from '../../institution/contract/site-profile.ts';
import type { EventChannel, InvokeChannel } from '../contract/channels.ts';
import type { DeskResult } from '../contract/errors.ts';
import type { MenuPort } from './app-menu.ts';
import type { ProtocolPort } from './app-protocol.ts';
import type { CertificateVerifySession } from './certificate-pins.ts';
import type { CommandLinePort } from './command-line-policy.ts';
import type { EventRecipient } from './bridge/event-fanout.ts';
import type { IpcMainPort, SenderContents } from './bridge/ipc-main.ts';
import type { SafeStoragePort } from './key-provider.ts';
import type { PowerMonitorPort } from './power-events.ts';
import type { SelectionClipboardPort } from './primary-selection.ts';
import type { NotificationPort } from './handlers/notify.ts';
import type { ChildProcessGoneDetails, RecoverableContents, RendererGoneDetails } from './renderer-recovery.ts';
import type { FaultEvent, SecurityEvent } from '../core/audit/security-recorder.ts';
import type { DeskCoreOptions } from '../core/desk-core.ts';
import type { LockCause } from '../core/session/keeper.ts';
import type { AllowDecision, RequestGuardSession } from './network-guard.ts';
import type { PermissionSession } from './permissions.ts';
import type { BasicSession } from './session-hardening.ts';
import type { HardenedContents } from './web-contents-hardening.ts';
import type { DeskWindow } from './window-factory.ts';
import type { RegisteredContents } from './window-registry.ts';

/**
 * The slices of Electron the bootstrap uses, as structural types: `index.ts` passes the
 * real modules, tests pass small fakes. Each type is the union of what the modules it feeds
 * declare they need, so nothing here is wider than the code that uses it.
 */
export type DeskSession = RequestGuardSession & PermissionSession & CertificateVerifySession & BasicSession & { readonly protocol: ProtocolPort };

export type DeskContents = HardenedContents & RegisteredContents & EventRecipient & SenderContents & RecoverableContents;

export interface DeskBrowserWindow extends DeskWindow {
  readonly webContents: DeskContents;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export interface AppPort {
  readonly isPackaged: boolean;
  readonly commandLine: CommandLinePort;
  getPath(name: 'userData'): string;
  getVersion(): string;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(exitCode?: number): void;
  whenReady(): Promise<void>;
  configureHostResolver(options: { enableBuiltInResolver?: boolean; secureDnsMode?: 'off' | 'automatic' | 'secure' }): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'session-created', listener: (session: DeskSession) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: DeskContents) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, contents: DeskContents, details: RendererGoneDetails) => void): unknown;
  on(event: 'child-process-gone', listener: (event: unknown, details: ChildProcessGoneDetails) => void): unknown;
}

export interface ElectronDeps<M = unknown> {
  app: AppPort;
  protocol: { registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void };
  session: { readonly defaultSession: DeskSession; fromPartition(partition: string): DeskSession };
  ipcMain: IpcMainPort;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => DeskBrowserWindow;
  safeStorage: SafeStoragePort;
  Menu: MenuPort<M>;
  dialog: { showErrorBox(title: string, content: string): void };
  /** Usable only after ready; the bootstrap subscribes once core exists. */
  powerMonitor: PowerMonitorPort;
  /** Desktop notifications (`notify.*`); absent where the platform has none. */
  Notification?: NotificationPort;
  /** Only to empty the Linux selection clipboard (primary-selection.ts); main never reads it. */
  clipboard: SelectionClipboardPort;
}

/** What main needs from electron/core/desk-core.ts. */
export interface DeskCorePort {
  readonly profile: SiteProfile;
  readonly allowlist: { decide(url: string): AllowDecision };
  dispatch(channel: InvokeChannel, payload: unknown): Promise<DeskResult<unknown>>;
  subscribe(eventChannel: EventChannel, listener: (payload: unknown) => void): () => void;
  recordSecurity(event: SecurityEvent): void;
  recordFault(event: FaultEvent): void;
  lockNow(cause: Exclude<LockCause, 'user' | 'idle'>): void;
  close(): Promise<void>;
}

export type { DeskCoreOptions };

/** The electron/core functions main calls; injected so this folder compiles and tests on its own. */
export interface CoreModules {
  createDeskCore(options: DeskCoreOptions): Promise<DeskCorePort>;
  rendererCsp(profile: SiteProfile): string;
  spkiPin(certPem: string): string;
}
