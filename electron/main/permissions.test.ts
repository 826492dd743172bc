import { describe, expect, it } from 'vitest';
import { decidePermissionCheck, decidePermissionRequest, installPermissionHandlers, PERMISSION_TABLE } from './permissions.ts';
import type { SecurityEvent } from './security-events.ts';
import { FakeSession, FakeWebContents } from './testing/fake-electron.ts';

/** Every permission name Electron 45's Session handler types list (electron.d.ts). */
const ELECTRON_PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read',
  'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen', 'geolocation',
  'geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts', 'local-network',
  'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications',
  'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock', 'screen-wake-lock',
  'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock', 'top-level-storage-access',
  'usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
] as const;

/** Origins as Chromium reports them for checks, and URLs as it reports them for requests. */
const ORIGINS = [
  { origin: 'app://desk', url: 'app://desk/index.html', ours: true },
  { origin: 'https://evil.example', url: 'https://evil.example/x', ours: false },
  { origin: 'https://api.bank.example', url: 'https://api.bank.example/api/v1/', ours: false },
  { origin: 'file://', url: 'file:///C:/Users/agent/kb.html', ours: false },
  { origin: 'null', url: 'null', ours: false },
  { origin: 'app://evil', url: 'app://evil/index.html', ours: false },
  { origin: 'app://desk.evil', url: 'app://desk.evil/index.html', ours: false },
];

const cases = ELECTRON_PERMISSIONS.flatMap((permission) => ORIGINS.map((o) => ({ permission, ...o })));
/** What the table grants our own origin; everything else is refused everywhere. */
const GRANTED_TO_US = new Set<string>(['media', 'speaker-selection']);

describe('permission table', () => {
  it('grants exactly two things to app://desk: audio capture and the choice of audio output', () => {
    expect(PERMISSION_TABLE).toEqual({ media: { origins: ['app://desk'], mediaTypes: ['audio'] }, 'speaker-selection': { origins: ['app://desk'] } });
    expect(Object.isFrozen(PERMISSION_TABLE)).toBe(true);
  });

  it.each(cases)('request $permission from $origin', ({ permission, url, ours }) => {
    const details = { requestingUrl: url, isMainFrame: true, ...(permission === 'media' ? { mediaTypes: ['audio'] } : {}) };
    expect(decidePermissionRequest(permission, details)).toBe(GRANTED_TO_US.has(permission) && ours);
  });

  it.each(cases)('check $permission from $origin', ({ permission, origin, ours }) => {
    const details = { isMainFrame: true, requestingUrl: `${origin}/`, ...(permission === 'media' ? { mediaType: 'audio' } : {}) };
    expect(decidePermissionCheck(permission, origin, details)).toBe(GRANTED_TO_US.has(permission) && ours);
  });

  it.each([
    [['audio'], true],
    [['video'], false],
    [['audio', 'video'], false],
    [[], false],
    [undefined, false],
  ])('media request from app://desk with types %j → %s', (mediaTypes, expected) => {
    const details = { requestingUrl: 'app://desk/index.html', isMainFrame: true, ...(mediaTypes ? { mediaTypes } : {}) };
    expect(decidePermissionRequest('media', details)).toBe(expected);
  });

  it.each([
    ['audio', true],
    ['video', false],
    ['unknown', false],
    [undefined, false],
  ])('media check from app://desk with type %s → %s', (mediaType, expected) => {
    expect(decidePermissionCheck('media', 'app://desk', { isMainFrame: true, ...(mediaType ? { mediaType } : {}) })).toBe(expected);
  });

  it('never grants to a sub-frame, even app://desk audio', () => {
    expect(decidePermissionRequest('media', { requestingUrl: 'app://desk/index.html', isMainFrame: false, mediaTypes: ['audio'] })).toBe(false);
    expect(decidePermissionCheck('media', 'app://desk', { isMainFrame: false, mediaType: 'audio' })).toBe(false);
  });

  it('never grants speaker selection to a sub-frame or without a frame', () => {
    expect(decidePermissionRequest('speaker-selection', { requestingUrl: 'app://desk/index.html', isMainFrame: false })).toBe(false);
    expect(decidePermissionCheck('speaker-selection', 'app://desk', { isMainFrame: false })).toBe(false);
    expect(decidePermissionCheck('speaker-selection', 'app://desk', {})).toBe(false);
  });

  it('is not fooled by prototype keys', () => {
    expect(decidePermissionRequest('constructor', { requestingUrl: 'app://desk/index.html', isMainFrame: true })).toBe(false);
    expect(decidePermissionCheck('__proto__', 'app://desk', { isMainFrame: true })).toBe(false);
  });
});

describe('installPermissionHandlers', () => {
  function install() {
    const session = new FakeSession('desk');
    const audits: SecurityEvent[] = [];
    installPermissionHandlers(session, (e) => audits.push(e));
    return { session, audits };
  }

  it('answers requests through the table and audits each refusal', () => {
    const { session, audits } = install();
    const contents = new FakeWebContents();
    const answers: boolean[] = [];
    const request = session.permissionRequest as unknown as (wc: unknown, p: string, cb: (g: boolean) => void, d: object) => void;
    request(contents, 'media', (g) => answers.push(g), { requestingUrl: 'app://desk/index.html', isMainFrame: true, mediaTypes: ['audio'] });
    request(contents, 'media', (g) => answers.push(g), { requestingUrl: 'app://desk/index.html', isMainFrame: true, mediaTypes: ['video'] });
    request(contents, 'notifications', (g) => answers.push(g), { requestingUrl: 'app://desk/index.html', isMainFrame: true });
    expect(answers).toEqual([true, false, false]);
    expect(audits.map((a) => a.detail)).toEqual(['media', 'notifications']);
    expect(audits.every((a) => a.kind === 'permission-denied')).toBe(true);
  });

  it('answers checks through the same table', () => {
    const { session } = install();
    const check = session.permissionCheck as unknown as (wc: unknown, p: string, o: string, d: object) => boolean;
    expect(check(null, 'media', 'app://desk', { isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(check(null, 'clipboard-read', 'app://desk', { isMainFrame: true })).toBe(false);
  });

  it('denies every device and every screen capture', () => {
    const { session, audits } = install();
    for (const deviceType of ['hid', 'serial', 'usb']) expect(session.devicePermission!({ deviceType, origin: 'app://desk' })).toBe(false);
    const streams: unknown[] = [];
    session.displayMedia!({ securityOrigin: 'app://desk' }, (s) => streams.push(s));
    expect(streams).toEqual([null]);
    expect(audits.map((a) => a.kind)).toEqual(['device-permission-denied', 'device-permission-denied', 'device-permission-denied', 'display-capture-denied']);
  });
});
