import type { MenuItemConstructorOptions } from 'electron';

/**
 * No application menu: its default roles include copy, select-all, print, reload, zoom and
 * "Toggle Developer Tools". On macOS, though, Cmd+V only reaches a text field through an
 * Edit menu with the paste role, so there the menu keeps exactly undo/redo/paste and quit.
 * There is no context menu: Electron shows none unless the app builds one, and we build none.
 */
export type MenuTemplate = MenuItemConstructorOptions[];

export interface MenuPort<M> {
  buildFromTemplate(template: MenuTemplate): M;
  setApplicationMenu(menu: M | null): void;
}

export const MAC_MENU_TEMPLATE: MenuTemplate = [
  { role: 'appMenu', submenu: [{ role: 'quit' }] },
  { role: 'editMenu', submenu: [{ role: 'undo' }, { role: 'redo' }, { role: 'paste' }] },
];

export function installApplicationMenu<M>(Menu: MenuPort<M>, platform: string): void {
  Menu.setApplicationMenu(platform === 'darwin' ? Menu.buildFromTemplate(MAC_MENU_TEMPLATE) : null);
}
