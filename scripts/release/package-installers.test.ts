/** The installer config handed to electron-builder (it cannot run here: no Electron binary). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBuilderFuses } from '../../electron/main/fuses.ts';
import { installerConfig } from './package-installers.ts';
import { PROJECT_ROOT } from './test-checkouts.ts';

describe('installerConfig', () => {
  const config = installerConfig(PROJECT_ROOT, { updateUrl: 'https://updates.bank.example/api/v1/updates' });

  it('targets NSIS, deb + AppImage, dmg + zip with every fuse set', () => {
    const targets = (platform: string) => ((config[platform] as { target: { target: string }[] }).target).map((t) => t.target);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('linux')).toEqual(['deb', 'AppImage']);
    expect(targets('mac')).toEqual(['dmg', 'zip']);
    expect(config['electronFuses']).toEqual(electronBuilderFuses());
    expect(config).toMatchObject({ asar: true, npmRebuild: false });
  });

  it('pins the Electron version and resolves paths against the project root (the project dir is the prepacked app)', () => {
    expect(config['electronVersion']).toMatch(/^45\./);
    expect(config.directories).toEqual({ output: path.join(PROJECT_ROOT, 'release', 'installers'), buildResources: path.join(PROJECT_ROOT, 'resources') });
    expect(config.extraResources).toEqual([{ from: path.join(PROJECT_ROOT, 'resources', 'keys'), to: 'keys' }]);
  });

  it("publishes to the institution's update server (generic provider, no channel: a channel would allow downgrades)", () => {
    expect(config['publish']).toEqual({ provider: 'generic', url: 'https://updates.bank.example/api/v1/updates' });
    expect(installerConfig(PROJECT_ROOT)['publish']).toEqual({ provider: 'generic', url: 'https://updates.institution.example/api/v1/updates' });
  });
});
