import type { UpdateInstaller } from '../../core/updates/updater.ts';

/**
 * The updater's last step, the only part that needs Electron: hand the installer that core
 * has already verified (pinned-key signature on the manifest, sha512 of the file) to the
 * platform and quit. Core decides WHEN (never during a call or wrap-up); this decides HOW.
 *
 * - Windows (NSIS): the installer runs detached and silent (`/S --updated`), the app quits
 *   so it can replace the files, and the installer starts the new version.
 * - Linux (AppImage): the verified AppImage replaces the running one (`$APPIMAGE`, written
 *   beside it and renamed, so a crash leaves the old one whole); the app relaunches.
 * - macOS: not handled here. A signed .app must be swapped by Squirrel.Mac
 *   (electron-updater's MacUpdater) or by IT's software distribution; this installer says
 *   so with a typed failure, which core audits as `update.install-failed`.
 *
 * NOT RUN against a real Electron binary here (none can be downloaded on these machines):
 * updater.test.ts drives it with fake Electron and fake process APIs only.
 */
export interface InstallerPorts {
  platform: string;
  app: { quit(): void; relaunch(): void };
  spawn(command: string, args: readonly string[], options: { detached: true; stdio: 'ignore' }): { unref(): void };
  copyFile(from: string, to: string): Promise<void>;
  chmod(file: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** `process.env.APPIMAGE`: where the running AppImage lives (absent: not an AppImage). */
  appImagePath?: string;
}

export class InstallUnsupported extends Error {
  constructor(what: string) {
    super(`install not supported here: ${what}`);
    this.name = 'InstallUnsupported';
  }
}

export function createUpdateInstaller(ports: InstallerPorts): UpdateInstaller {
  return {
    async install(artifact) {
      if (ports.platform === 'win32') {
        if (!/\.exe$/i.test(artifact.fileName)) throw new InstallUnsupported('Windows updates are NSIS .exe installers');
        ports.spawn(artifact.file, ['/S', '--updated'], { detached: true, stdio: 'ignore' }).unref();
        ports.app.quit();
        return;
      }
      if (ports.platform === 'linux') {
        if (ports.appImagePath === undefined || !/\.AppImage$/.test(artifact.fileName)) throw new InstallUnsupported('Linux self-update replaces a running AppImage only (deb: IT distribution)');
        const staged = `${ports.appImagePath}.new`;
        await ports.copyFile(artifact.file, staged);
        await ports.chmod(staged, 0o755);
        await ports.rename(staged, ports.appImagePath);
        ports.app.relaunch();
        ports.app.quit();
        return;
      }
      throw new InstallUnsupported(`${ports.platform} (macOS: Squirrel.Mac / IT distribution)`);
    },
  };
}
