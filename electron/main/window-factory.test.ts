import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeBrowserWindow } from './testing/fake-electron.ts';
import { DESK_PARTITION, openDeskWindow } from './window-factory.ts';

const EXPECTED_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  disableBlinkFeatures: 'Auxclick',
  safeDialogs: true,
  disableDialogs: true,
  autoplayPolicy: 'document-user-activation-required',
  webgl: false,
  plugins: false,
  enableWebSQL: false,
  enableDeprecatedPaste: false,
  backgroundThrottling: false,
  devTools: false,
  preload: '/opt/channeldesk/dist/electron/preload.cjs',
  partition: 'desk',
};

describe('openDeskWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('creates the window with exactly the secure webPreferences', async () => {
    const window = await openDeskWindow(FakeBrowserWindow, { preloadPath: '/opt/channeldesk/dist/electron/preload.cjs', devTools: false });
    // toStrictEqual: no extra key (e.g. enableBlinkFeatures) may appear, not even as undefined.
    expect(window.options.webPreferences).toStrictEqual(EXPECTED_WEB_PREFERENCES);
    expect(window.options.show).toBe(false);
    expect('enableBlinkFeatures' in (window.options.webPreferences ?? {})).toBe(false);
  });

  it('enables DevTools only when asked (unpackaged developer runs)', async () => {
    const window = await openDeskWindow(FakeBrowserWindow, { preloadPath: '/p.cjs', devTools: true });
    expect(window.options.webPreferences).toStrictEqual({ ...EXPECTED_WEB_PREFERENCES, preload: '/p.cjs', devTools: true });
  });

  it('uses the in-memory desk partition', () => {
    expect(DESK_PARTITION).toBe('desk');
    expect(DESK_PARTITION.startsWith('persist:')).toBe(false);
  });

  it('loads app://desk/index.html after the beforeLoad hook ran', async () => {
    const order: string[] = [];
    const window = await openDeskWindow(
      class extends FakeBrowserWindow {
        override async loadURL(url: string): Promise<void> {
          order.push(`load ${url}`);
          return super.loadURL(url);
        }
      },
      { preloadPath: '/p.cjs', devTools: false },
      { beforeLoad: () => order.push('beforeLoad') },
    );
    expect(order).toEqual(['beforeLoad', 'load app://desk/index.html']);
    expect(window.loaded).toEqual(['app://desk/index.html']);
  });

  it('turns content protection on at creation and again on every show and restore', async () => {
    const window = await openDeskWindow(FakeBrowserWindow, { preloadPath: '/p.cjs', devTools: false });
    expect(window.contentProtection).toEqual([true]);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
    expect(window.contentProtection).toEqual([true, true]);
    window.minimized = true;
    window.restore();
    expect(window.contentProtection).toEqual([true, true, true]);
    window.emit('show');
    expect(window.contentProtection).toEqual([true, true, true, true]);
    expect(window.contentProtection.every((v) => v === true)).toBe(true);
  });

  it('is the only place in electron/main that constructs a BrowserWindow', () => {
    const here = import.meta.dirname;
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const sites = sources.flatMap((f) => (readFileSync(path.join(here, f), 'utf8').match(/=\s*new BrowserWindow\(/g) ?? []).map(() => f));
    expect(sites).toEqual(['window-factory.ts']);
  });
});
