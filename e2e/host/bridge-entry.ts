/**
 * TEST/DEMO HARNESS ONLY — never shipped. esbuild entry of `/__desk/bridge.js`: installs
 * `window.desk` before the renderer's module script runs.
 */
import { installDesk, type BrowserGlobals } from './browser-transport.ts';

installDesk(globalThis as unknown as BrowserGlobals);
