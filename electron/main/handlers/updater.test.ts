import { describe, expect, it } from 'vitest';
import { createUpdateInstaller, InstallUnsupported, type InstallerPorts } from './updater.ts';

/** Fake Electron `app` and fake process/file APIs: the real install path needs the Electron binary. */
function world(platform: string, appImagePath?: string) {
  const calls: string[] = [];
  const ports: InstallerPorts = {
    platform,
    app: { quit: () => calls.push('app.quit'), relaunch: () => calls.push('app.relaunch') },
    spawn: (command, args, options) => {
      calls.push(`spawn ${command} ${args.join(' ')} detached=${options.detached} stdio=${options.stdio}`);
      return { unref: () => calls.push('unref') };
    },
    copyFile: (from, to) => (calls.push(`copy ${from} → ${to}`), Promise.resolve()),
    chmod: (file, mode) => (calls.push(`chmod ${file} ${mode.toString(8)}`), Promise.resolve()),
    rename: (from, to) => (calls.push(`rename ${from} → ${to}`), Promise.resolve()),
    ...(appImagePath === undefined ? {} : { appImagePath }),
  };
  return { calls, installer: createUpdateInstaller(ports) };
}
const artifact = (fileName: string) => ({ file: `/data/updates/${fileName}`, version: '2.0.0', platform: 'linux-x64' as const, fileName });

describe('the update installer (main, fake Electron)', () => {
  it('Windows: runs the verified NSIS installer detached and silent, then quits', async () => {
    const { calls, installer } = world('win32');
    await installer.install(artifact('ChannelDesk-Setup-2.0.0.exe'));
    expect(calls).toEqual(['spawn /data/updates/ChannelDesk-Setup-2.0.0.exe /S --updated detached=true stdio=ignore', 'unref', 'app.quit']);
  });

  it('Linux AppImage: stages beside the running one, renames over it, relaunches', async () => {
    const { calls, installer } = world('linux', '/opt/ChannelDesk.AppImage');
    await installer.install(artifact('ChannelDesk-2.0.0.AppImage'));
    expect(calls).toEqual([
      'copy /data/updates/ChannelDesk-2.0.0.AppImage → /opt/ChannelDesk.AppImage.new',
      'chmod /opt/ChannelDesk.AppImage.new 755',
      'rename /opt/ChannelDesk.AppImage.new → /opt/ChannelDesk.AppImage',
      'app.relaunch',
      'app.quit',
    ]);
  });

  it('refuses what it cannot install (typed), touching nothing', async () => {
    for (const [platform, file, appImage] of [
      ['darwin', 'ChannelDesk-2.0.0.zip', undefined],
      ['linux', 'ChannelDesk-2.0.0.deb', '/opt/ChannelDesk.AppImage'],
      ['linux', 'ChannelDesk-2.0.0.AppImage', undefined],
      ['win32', 'ChannelDesk-2.0.0.msi', undefined],
    ] as const) {
      const { calls, installer } = world(platform, appImage);
      await expect(installer.install(artifact(file))).rejects.toBeInstanceOf(InstallUnsupported);
      expect(calls).toEqual([]);
    }
  });
});
