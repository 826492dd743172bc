import { contextBridge, ipcRenderer } from 'electron';
import { buildDeskApi } from '../contract/desk-api.ts';
import { createIceGuardPort } from '../contract/ice-guard-port.ts';
import { installWebRtcGuard } from '../contract/webrtc-guard.ts';
import { createIpcTransport } from './ipc-transport.ts';

/**
 * The preload (sandboxed, context-isolated), bundled to dist/electron/preload.cjs. It runs
 * before any page script and does two things, in this order:
 *
 * 1. installs the WebRTC guard in the page's main world (executeInMainWorld serializes the
 *    self-contained guard function): RTCPeerConnection then accepts only the ICE servers
 *    of the verified site profile. The guard's decisions and reports run here, in the
 *    isolated world, where page script cannot rewrite the built-ins they use;
 * 2. exposes exactly `window.desk`, the frozen object buildDeskApi makes from the contract.
 */
const transport = createIpcTransport(ipcRenderer);
const ice = createIceGuardPort(transport);
contextBridge.executeInMainWorld({ func: installWebRtcGuard, args: [ice.decide, ice.report] });
contextBridge.exposeInMainWorld('desk', buildDeskApi(transport));
