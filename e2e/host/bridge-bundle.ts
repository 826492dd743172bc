/**
 * TEST/DEMO HARNESS ONLY — never shipped. Bundles the page half of the bridge
 * (bridge-entry.ts → browser-transport.ts → the contract's buildDeskApi) into one iife
 * script the host serves as `/__desk/bridge.js`.
 *
 * In Electron the preload's modules live in an isolated world; here they run in the page's
 * own. So that they leave no globals on the page (zod, for one, keeps its registry on
 * `globalThis`), the bundle's `globalThis` is a private scope object whose `window` is the
 * page: bridge-entry.ts reaches the page only through it.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const bridgeEntry = fileURLToPath(new URL('./bridge-entry.ts', import.meta.url));

let bridgeBundle: Promise<string> | null = null;

/** The bridge script, bundled once per process (every lab serves the same bytes). */
export function bundleBridge(): Promise<string> {
  bridgeBundle ??= buildBridge().catch((error: unknown) => {
    bridgeBundle = null;
    throw error;
  });
  return bridgeBundle;
}

async function buildBridge(): Promise<string> {
  const result = await build({
    entryPoints: [bridgeEntry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: { globalThis: '__deskBridgeScope' },
    banner: { js: '(() => { const __deskBridgeScope = { window: globalThis.window };' },
    footer: { js: '})();' },
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no bridge bundle');
  return output.text;
}

