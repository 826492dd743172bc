/**
 * Electron fuses: feature switches flipped in the binary at package time, so that code
 * signing (Authenticode / Gatekeeper) protects them. Modelled on element-desktop.
 *
 * FUSE_NAMES is every member of @electron/fuses 2.1.3 `FuseV1Options` (checked with
 * `npm view @electron/fuses` — the package itself is not installed). `Record<FuseName, …>`
 * makes leaving one out a type error. electron-builder.yml carries the same values
 * (fuses.test.ts compares them).
 */
export const FUSE_NAMES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
] as const;
export type FuseName = (typeof FUSE_NAMES)[number];

export const FUSES: Readonly<Record<FuseName, boolean>> = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a general Node runtime.
  RunAsNode: false,
  // The in-memory partition keeps no cookies on disk; encrypt any that ever are.
  EnableCookieEncryption: true,
  // NODE_OPTIONS=--require … would inject code into main.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect would attach a debugger to main.
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash embedded in the signed binary (macOS, Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // …and only app.asar is loaded, so an unpacked app/ folder next to it cannot replace it.
  OnlyLoadAppFromAsar: true,
  // No custom V8 snapshot for the browser process.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // We serve from app://, never file://.
  GrantFileProtocolExtraPrivileges: false,
  // Keep Electron's default: guard-page traps for out-of-bounds Wasm memory are a safety feature.
  WasmTrapHandlers: true,
});

/** Electron's own value for each fuse when nobody flips it. */
export const ELECTRON_DEFAULTS: Readonly<Record<FuseName, boolean>> = Object.freeze({
  RunAsNode: true,
  EnableCookieEncryption: false,
  EnableNodeOptionsEnvironmentVariable: true,
  EnableNodeCliInspectArguments: true,
  EnableEmbeddedAsarIntegrityValidation: false,
  OnlyLoadAppFromAsar: false,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: true,
  WasmTrapHandlers: true,
});

/**
 * The electronFuses key electron-builder (app-builder-lib 26.17) accepts for each fuse.
 * Its schema has no key for WasmTrapHandlers (additionalProperties: false), so that fuse
 * cannot be written from electron-builder.yml; it stays at Electron's default, which is
 * the value we want — the test enforces that FUSES equals the default for every such fuse.
 */
export const BUILDER_FUSE_KEYS: Readonly<Record<FuseName, string | null>> = Object.freeze({
  RunAsNode: 'runAsNode',
  EnableCookieEncryption: 'enableCookieEncryption',
  EnableNodeOptionsEnvironmentVariable: 'enableNodeOptionsEnvironmentVariable',
  EnableNodeCliInspectArguments: 'enableNodeCliInspectArguments',
  EnableEmbeddedAsarIntegrityValidation: 'enableEmbeddedAsarIntegrityValidation',
  OnlyLoadAppFromAsar: 'onlyLoadAppFromAsar',
  LoadBrowserProcessSpecificV8Snapshot: 'loadBrowserProcessSpecificV8Snapshot',
  GrantFileProtocolExtraPrivileges: 'grantFileProtocolExtraPrivileges',
  WasmTrapHandlers: null,
});

/** The `electronFuses:` section electron-builder.yml must contain. */
export function electronBuilderFuses(): Record<string, boolean> {
  const section: Record<string, boolean> = {};
  for (const name of FUSE_NAMES) {
    const key = BUILDER_FUSE_KEYS[name];
    if (key !== null) section[key] = FUSES[name];
  }
  return section;
}
