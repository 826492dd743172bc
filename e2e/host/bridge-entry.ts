/**
 * TEST/DEMO HARNESS ONLY — never shipped. esbuild entry of `/__desk/bridge.js`, which runs
 * before the renderer's module script and does what the Electron preload does, in the same
 * order: the WebRTC guard (the same source file, electron/contract/webrtc-guard.ts, with
 * the same decide/report port over the desk bridge), the export guard
 * (electron/contract/export-guard.ts), then `window.desk`. Unlike the preload, the guard's
 * decisions run in the page's own world here (there is no isolated world in a plain browser
 * tab). The preload's input-area observer has no counterpart: it feeds main's
 * before-input-event, which a browser does not have, and cancels the copy/cut/paste events
 * and text drags/drops the clipboard policy forbids — in a browser the page guard and the
 * ticket form (paste and text drops) do that
 * themselves (docs/security.md, the clipboard rule table).
 */
import { createIceGuardPort } from '../../electron/contract/ice-guard-port.ts';
import { installWebRtcGuard } from '../../electron/contract/webrtc-guard.ts';
import { installExportGuard } from '../../electron/contract/export-guard.ts';
import { createBrowserTransport, installDesk, readKey, type BrowserGlobals } from './browser-transport.ts';

// The bundle's globalThis is a private scope (bridge-bundle.ts); the page is its `window`.
const globals = (globalThis as unknown as { window: BrowserGlobals }).window;
const transport = createBrowserTransport(globals, readKey(globals));
const ice = createIceGuardPort(transport);
installWebRtcGuard(ice.decide, ice.report, globals);
installExportGuard(globals);
installDesk(globals, transport);
