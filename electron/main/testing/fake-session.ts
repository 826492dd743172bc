import { EventEmitter } from 'node:events';
import type { CallLog } from './fake-call-log.ts';

/** Electron's session: request filter, permission handlers, protocol handlers, certificate check, spell checker. */
type ProtocolHandler = (request: Request) => Promise<Response>;
type BeforeRequest = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession extends EventEmitter {
  readonly label: string;
  readonly calls: CallLog;
  beforeRequest: BeforeRequest | undefined;
  permissionRequest: ((...args: never[]) => void) | undefined;
  permissionCheck: ((...args: never[]) => boolean) | undefined;
  devicePermission: ((details: { deviceType: string; origin: string }) => boolean) | undefined;
  displayMedia: ((request: { securityOrigin: string }, callback: (streams: null) => void) => void) | undefined;
  verifyProc: ((request: never, callback: (result: number) => void) => void) | undefined;
  spellCheckerEnabled = true;
  dictionaryUrl: string | undefined;
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly webRequest: { onBeforeRequest(listener: BeforeRequest): void };
  readonly protocol: { handle(scheme: string, handler: ProtocolHandler): void };

  constructor(label: string, calls: CallLog = []) {
    super();
    this.label = label;
    this.calls = calls;
    this.webRequest = {
      onBeforeRequest: (listener) => {
        this.calls.push(`${label}.webRequest.onBeforeRequest`);
        this.beforeRequest = listener;
      },
    };
    this.protocol = {
      handle: (scheme, handler) => {
        this.calls.push(`${label}.protocol.handle:${scheme}`);
        this.protocolHandlers.set(scheme, handler);
      },
    };
  }
  setPermissionRequestHandler(handler: (...args: never[]) => void): void {
    this.calls.push(`${this.label}.setPermissionRequestHandler`);
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: (...args: never[]) => boolean): void {
    this.calls.push(`${this.label}.setPermissionCheckHandler`);
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: (details: { deviceType: string; origin: string }) => boolean): void {
    this.calls.push(`${this.label}.setDevicePermissionHandler`);
    this.devicePermission = handler;
  }
  setDisplayMediaRequestHandler(handler: (request: { securityOrigin: string }, callback: (streams: null) => void) => void): void {
    this.calls.push(`${this.label}.setDisplayMediaRequestHandler`);
    this.displayMedia = handler;
  }
  setCertificateVerifyProc(proc: (request: never, callback: (result: number) => void) => void): void {
    this.calls.push(`${this.label}.setCertificateVerifyProc`);
    this.verifyProc = proc;
  }
  setSpellCheckerEnabled(enable: boolean): void {
    this.calls.push(`${this.label}.setSpellCheckerEnabled:${enable}`);
    this.spellCheckerEnabled = enable;
  }
  setSpellCheckerDictionaryDownloadURL(url: string): void {
    this.dictionaryUrl = url;
  }
  /** Runs the installed onBeforeRequest listener the way Chromium would. */
  request(url: string): { cancel?: boolean } {
    let response: { cancel?: boolean } | undefined;
    if (!this.beforeRequest) throw new Error(`${this.label}: no onBeforeRequest listener`);
    this.beforeRequest({ url }, (r) => (response = r));
    if (!response) throw new Error(`${this.label}: listener did not call back`);
    return response;
  }
}
