import { contextBridge, ipcRenderer } from 'electron';
import { buildDeskApi } from '../contract/desk-api.ts';
import { createIceGuardPort } from '../contract/ice-guard-port.ts';
import { installWebRtcGuard } from '../contract/webrtc-guard.ts';
import { installExportGuard } from '../contract/export-guard.ts';
import { INPUT_AREA_CHANNEL } from '../contract/kb-protection.ts';
import { PRIMARY_SELECTION_CHANNEL } from '../contract/primary-selection.ts';
import { observeInputArea, rulesFromPolicy } from './input-area-observer.ts';
import { createIpcTransport } from './ipc-transport.ts';

/**
 * The preload (sandboxed, context-isolated), bundled to dist/electron/preload.cjs. It runs
 * before any page script and does four things, in this order:
 *
 * 1. installs the WebRTC guard in the page's main world (executeInMainWorld serializes the
 *    self-contained guard function): RTCPeerConnection then accepts only the ICE servers
 *    of the verified site profile. The guard's decisions and reports run here, in the
 *    isolated world, where page script cannot rewrite the built-ins they use;
 * 2. installs the export guard in the main world (export-guard.ts): window.print never
 *    prints; execCommand copy/cut and the Clipboard API refuse protected content;
 * 3. starts the input-area observer here, in the isolated world (input-area-observer.ts): it
 *    tells main where the operator's input is, over a channel `window.desk` does not have, so
 *    main's key guard allows copy in the agent's own fields only, and itself cancels the
 *    copy/cut/paste events the institution's clipboard policy forbids;
 * 4. exposes exactly `window.desk`, the frozen object buildDeskApi makes from the contract.
 */
const transport = createIpcTransport(ipcRenderer);
const ice = createIceGuardPort(transport);
contextBridge.executeInMainWorld({ func: installWebRtcGuard, args: [ice.decide, ice.report] });
contextBridge.executeInMainWorld({ func: installExportGuard, args: [] });
// Main answers each report with the clipboard rules in force; a lost report leaves main's last
// (or fail-closed) area. The rules also follow the desk's policy.changed event, which main sends
// to this frame (the preload's ipcRenderer hears it before the page does). On Linux, a selection
// where copy-out is refused also asks main to empty the selection clipboard (middle-click paste).
const clearSelection = process.platform === 'linux' ? () => ipcRenderer.invoke(PRIMARY_SELECTION_CHANNEL) : undefined;
const observer = observeInputArea(
  globalThis as unknown as Parameters<typeof observeInputArea>[0],
  (report) => ipcRenderer.invoke(INPUT_AREA_CHANNEL, report),
  clearSelection,
);
transport.subscribe('policy.changed', (policy) => observer.setRules(rulesFromPolicy(policy)));
contextBridge.exposeInMainWorld('desk', buildDeskApi(transport));
