import { contextBridge, ipcRenderer } from 'electron';
import { buildDeskApi } from '../contract/desk-api.ts';
import { createIpcTransport } from './ipc-transport.ts';

/**
 * The preload (sandboxed, context-isolated): exposes exactly `window.desk`, the frozen
 * object buildDeskApi makes from the contract. Bundled to dist/electron/preload.cjs.
 */
contextBridge.exposeInMainWorld('desk', buildDeskApi(createIpcTransport(ipcRenderer)));
