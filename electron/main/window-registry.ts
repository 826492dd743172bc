/**
 * The webContents this app created. IPC answers only these, and core events are sent
 * only to these: any other webContents (a devtools window, something a future bug lets
 * open) is a stranger even if it claims the app:// origin.
 */
export interface RegisteredContents {
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface WebContentsRegistry<T extends RegisteredContents> {
  add(contents: T): void;
  has(contents: unknown): boolean;
  /** Live members, in registration order. */
  list(): T[];
}

export function createWebContentsRegistry<T extends RegisteredContents>(): WebContentsRegistry<T> {
  const members = new Set<T>();
  return {
    add(contents) {
      if (members.has(contents)) return;
      members.add(contents);
      contents.once('destroyed', () => members.delete(contents));
    },
    has(contents) {
      return members.has(contents as T) && !(contents as T).isDestroyed();
    },
    list() {
      return [...members].filter((c) => !c.isDestroyed());
    },
  };
}
