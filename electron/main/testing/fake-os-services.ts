import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { CallLog } from './fake-call-log.ts';

/**
 * safeStorage with real encryption (AES-256-GCM under a per-instance key), so a wrapped
 * key really does not contain the plain key and a foreign blob really fails to unwrap.
 */
export class FakeSafeStorage {
  private readonly key = randomBytes(32);
  readonly calls: CallLog;
  available = true;
  backend = 'gnome_libsecret';
  constructor(calls: CallLog = []) {
    this.calls = calls;
  }
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('safeStorage.isAsyncEncryptionAvailable');
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    const result = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: false };
  }
}

/** Electron's Notification, as `notify.*` uses it: every one constructed is kept, with what it did. */
export class FakeNotification extends EventEmitter {
  static created: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly options: { title: string; body: string; silent: boolean; urgency: string; timeoutType: string };
  shown = 0;
  closed = 0;
  constructor(options: { title: string; body: string; silent: boolean; urgency: 'critical'; timeoutType: 'never' }) {
    super();
    this.options = options;
    FakeNotification.created.push(this);
  }
  show(): void {
    this.shown += 1;
  }
  close(): void {
    this.closed += 1;
    this.emit('close');
  }
  /** The operator clicks it. */
  click(): void {
    this.emit('click');
  }
}
