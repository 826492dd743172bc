/**
 * Small stand-ins for Electron's own objects (the binary cannot run here). They are the
 * only fakes in the project; each records what the code under test did to it, into one
 * shared `calls` log when the order matters. Test-only, never bundled. One file per
 * Electron object family; tests import them all from here.
 */
export { CallLoggingEmitter, fakeEvent, type CallLog } from './fake-call-log.ts';
export { FakeApp } from './fake-app.ts';
export { FakeIpcMain } from './fake-ipc-main.ts';
export { FakeNotification, FakeSafeStorage } from './fake-os-services.ts';
export { FakeSession } from './fake-session.ts';
export { FakeBrowserWindow, FakeFrame, FakeWebContents } from './fake-window.ts';
