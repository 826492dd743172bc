import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILDER_FUSE_KEYS, ELECTRON_DEFAULTS, electronBuilderFuses, FUSE_NAMES, FUSES } from './fuses.ts';

const builderConfig = parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('fuses', () => {
  it('declares every fuse exactly once', () => {
    expect(Object.keys(FUSES).sort()).toEqual([...FUSE_NAMES].sort());
    expect(new Set(FUSE_NAMES).size).toBe(FUSE_NAMES.length);
  });

  it('hardens the ones that matter', () => {
    expect(FUSES).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('electron-builder.yml electronFuses equals fuses.ts', () => {
    expect(builderConfig['electronFuses']).toEqual(electronBuilderFuses());
  });

  it('every fuse electron-builder cannot set is already at the value we want', () => {
    const unsettable = FUSE_NAMES.filter((name) => BUILDER_FUSE_KEYS[name] === null);
    expect(unsettable).toEqual(['WasmTrapHandlers']);
    for (const name of unsettable) expect(FUSES[name]).toBe(ELECTRON_DEFAULTS[name]);
  });
});

describe('electron-builder.yml', () => {
  it('packages the bundle as an asar without rebuilding native modules', () => {
    expect(builderConfig).toMatchObject({ appId: 'com.channeldesk.desk', productName: 'ChannelDesk', asar: true, npmRebuild: false });
  });

  it('ships dist/** and the pinned keys as a read-only extra resource', () => {
    expect(builderConfig['files']).toContain('dist/**');
    expect(builderConfig['extraResources']).toEqual([{ from: 'resources/keys', to: 'keys' }]);
  });
});
