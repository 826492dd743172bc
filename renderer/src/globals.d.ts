import type { DeskApi } from '../../electron/contract/desk-api.ts';

declare global {
  interface Window {
    /**
     * The desk bridge, put here by the preload (Electron) or by the browser test host.
     * Absent when the page is opened anywhere else.
     */
    readonly desk?: DeskApi;
  }
}

export {};
