import { installInputGuard, type GuardPlatform, type InputAreaPort, type InputGuardedContents } from './input-guard.ts';
import { isAppUrl } from './origin.ts';
import type { SecurityAudit } from './security-events.ts';

/**
 * One hook for every webContents the app ever gets (our window, a devtools window, anything
 * a future bug creates): nothing navigates away from app://desk, nothing opens a window,
 * no <webview> attaches, WebRTC offers no private addresses, and the input guard is
 * installed. Each refusal is audited.
 */
export interface NavigationEvent {
  url: string;
  isSameDocument: boolean;
  isMainFrame: boolean;
  preventDefault(): void;
}

export interface HardenedContents extends InputGuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }, webPreferences: unknown, params: Record<string, string>) => void): unknown;
  on(event: 'before-input-event', listener: Parameters<InputGuardedContents['on']>[1]): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  setWebRTCIPHandlingPolicy(policy: WebRtcIpHandlingPolicy): void;
}

export type WebRtcIpHandlingPolicy = 'default' | 'default_public_interface_only' | 'default_public_and_private_interfaces' | 'disable_non_proxied_udp';

/**
 * A peer connection gathers host candidates even with no ICE server, and puts them in
 * the SDP the far end receives. `default_public_interface_only`: only the default
 * route's public address is ever offered — no private LAN addresses, no other network
 * adapters (VPN, second NIC) — while UDP media keeps working through the profile's TURN
 * relays. `disable_non_proxied_udp` would force media onto TCP (TURN/TCP or a proxy):
 * audible latency under loss, for no gain in where packets go (the page's WebRTC guard
 * already limits ICE servers to the profile). Why, in full: docs/security.md, "WebRTC".
 */
export const WEBRTC_IP_HANDLING_POLICY: WebRtcIpHandlingPolicy = 'default_public_interface_only';

export interface WebContentsCreatedSource<C> {
  on(event: 'web-contents-created', listener: (event: unknown, contents: C) => void): unknown;
}

export interface HardeningOptions {
  platform: GuardPlatform;
  audit: SecurityAudit;
  /** Where each webContents' input is (input-area.ts); absent: copy-out keys blocked everywhere. */
  inputAreas?: InputAreaPort;
}

/**
 * The only navigation allowed is same-document (history.pushState, #fragment) inside
 * app://desk: the desk is a single page, so a cross-document navigation — even to another
 * app:// path — is either a bug or an attack.
 */
export function mayNavigate(event: Pick<NavigationEvent, 'url' | 'isSameDocument'>): boolean {
  return event.isSameDocument && isAppUrl(event.url);
}

export function hardenWebContents(contents: HardenedContents, options: HardeningOptions): void {
  const { audit } = options;
  // First, before anything can load: the policy applies to peer connections created later.
  contents.setWebRTCIPHandlingPolicy(WEBRTC_IP_HANDLING_POLICY);
  contents.on('will-navigate', (event) => {
    if (mayNavigate(event)) return;
    event.preventDefault();
    audit({ kind: 'navigation-denied', url: event.url, detail: 'will-navigate' });
  });
  contents.on('will-redirect', (event) => {
    if (mayNavigate(event)) return;
    event.preventDefault();
    audit({ kind: 'redirect-denied', url: event.url, detail: 'will-redirect' });
  });
  // will-navigate covers only the main frame; sub-frames (the desk has none) get the same rule.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || mayNavigate(event)) return;
    event.preventDefault();
    audit({ kind: 'frame-navigation-denied', url: event.url, detail: 'will-frame-navigate' });
  });
  contents.setWindowOpenHandler((details) => {
    audit({ kind: 'window-open-denied', url: details.url, detail: 'window-open' });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event, _webPreferences, params) => {
    event.preventDefault();
    audit({ kind: 'webview-denied', url: params['src'] ?? '', detail: 'will-attach-webview' });
  });
  installInputGuard(contents, options.platform, audit, options.inputAreas);
}

export function installWebContentsHardening<C extends HardenedContents>(app: WebContentsCreatedSource<C>, options: HardeningOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}
