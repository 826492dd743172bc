import { spawn } from 'node:child_process';
import { chmod, copyFile, rename } from 'node:fs/promises';
import path from 'node:path';
import * as electron from 'electron';
import { createDeskCore } from '../core/desk-core.ts';
import { spkiPin } from '../core/net/spki.ts';
import { rendererCsp } from '../core/security/csp.ts';
import { bootstrap } from './bootstrap.ts';
import { createUpdateInstaller } from './handlers/updater.ts';

/**
 * The real entry point (bundled to dist/electron/main.cjs): hands Electron's own modules,
 * Node's process and core's functions to the bootstrap. Nothing else lives here, so
 * everything that matters is testable with fakes.
 */
const bundleDir = __dirname; // dist/electron
const resourcesDir = electron.app.isPackaged ? process.resourcesPath : path.join(bundleDir, '..', '..', 'resources');

bootstrap(
  {
    app: electron.app,
    protocol: electron.protocol,
    session: electron.session,
    ipcMain: electron.ipcMain,
    BrowserWindow: electron.BrowserWindow,
    safeStorage: electron.safeStorage,
    Menu: electron.Menu,
    dialog: electron.dialog,
    powerMonitor: electron.powerMonitor,
    Notification: electron.Notification,
    clipboard: electron.clipboard,
  },
  {
    argv: process.argv,
    env: process.env,
    platform: process.platform,
    rendererDir: path.join(bundleDir, '..', 'renderer'),
    preloadPath: path.join(bundleDir, 'preload.cjs'),
    bundledKeysPath: path.join(resourcesDir, 'keys', 'profile-keys.json'),
    versions: process.versions,
    process,
    core: { createDeskCore, rendererCsp, spkiPin },
    updates: {
      keysPath: path.join(resourcesDir, 'keys', 'update-keys.json'),
      installer: createUpdateInstaller({
        platform: process.platform,
        app: electron.app,
        spawn: (command, args, options) => spawn(command, [...args], options),
        copyFile,
        chmod,
        rename,
        ...(process.env.APPIMAGE === undefined ? {} : { appImagePath: process.env.APPIMAGE }),
      }),
    },
  },
).catch((error: unknown) => {
  // bootstrap shows every start-up failure itself; this is the last resort if even that
  // threw (the dialog). The type only: the message may quote file contents.
  console.error(`channeldesk: start-up crashed: ${error instanceof Error ? error.name : typeof error}`);
  electron.app.exit(1);
});
