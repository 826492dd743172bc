import { describe, expect, it } from 'vitest';
import { installApplicationMenu, MAC_MENU_TEMPLATE } from './app-menu.ts';

describe('application menu', () => {
  function fakeMenu() {
    const set: unknown[] = [];
    return { set, Menu: { buildFromTemplate: (t: unknown) => ({ built: t }), setApplicationMenu: (m: unknown) => set.push(m) } };
  }

  it.each(['win32', 'linux'])('removes the menu entirely on %s', (platform) => {
    const { set, Menu } = fakeMenu();
    installApplicationMenu(Menu, platform);
    expect(set).toEqual([null]);
  });

  it('keeps only undo/redo/paste and quit on macOS (Cmd+V needs the paste role there)', () => {
    const { set, Menu } = fakeMenu();
    installApplicationMenu(Menu, 'darwin');
    expect(set).toEqual([{ built: MAC_MENU_TEMPLATE }]);
    const roles = JSON.stringify(MAC_MENU_TEMPLATE);
    for (const forbidden of ['copy', 'cut', 'selectAll', 'print', 'reload', 'toggleDevTools', 'zoomIn', 'viewMenu']) {
      expect(roles).not.toContain(`"${forbidden}"`);
    }
  });
});
