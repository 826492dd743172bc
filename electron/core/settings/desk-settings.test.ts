import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskSettings } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { createDeskSettings, MAX_REMEMBERED_OPERATORS } from './desk-settings.ts';

const dirs: string[] = [];
const stores: OutboxStore[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'desk-settings-'));
  dirs.push(d);
  return d;
}
async function open(dataDir: string) {
  const s = await openOutboxStore({ dataDir, keyProvider: createStaticKeyProvider('desk-settings-test') });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('desk settings (real SQLite outbox store)', () => {
  it('answers zh-CN while nothing is stored', async () => {
    const settings = createDeskSettings(await open(tempDir()));
    expect(settings.get()).toEqual({ language: 'zh-CN' });
  });

  it('keeps the language across a restart: a new store over the same data dir reads it back', async () => {
    const dir = tempDir();
    const first = await open(dir);
    expect(createDeskSettings(first).set({ language: 'en-US' })).toEqual({ language: 'en-US' });
    first.close();

    const second = createDeskSettings(await open(dir));
    expect(second.get()).toEqual({ language: 'en-US' });
    expect(second.set({ language: 'zh-CN' })).toEqual({ language: 'zh-CN' });
    expect(createDeskSettings(await open(dir)).get()).toEqual({ language: 'zh-CN' });
  });

  it('falls back to zh-CN for a stored value it does not know, and rewrites it on the next choice', async () => {
    const store = await open(tempDir());
    store.setSetting('ui.language', 'fr-FR');
    const settings = createDeskSettings(store);
    expect(settings.get()).toEqual({ language: 'zh-CN' });
    settings.set({ language: 'en-US' });
    expect(store.getSetting('ui.language')).toBe('en-US');
  });

  it('refuses settings outside the contract with bad_request and stores nothing', async () => {
    const store = await open(tempDir());
    const settings = createDeskSettings(store);
    for (const bad of [{ language: 'fr-FR' }, { language: 'en-US', theme: 'dark' }, {}, null]) {
      expect(() => settings.set(bad as unknown as DeskSettings)).toThrow(DeskFailure);
      expect(() => settings.set(bad as unknown as DeskSettings)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    }
    expect(store.getSetting('ui.language')).toBeNull();
  });

  it('keeps the workstation default while nobody is signed in and each operator\'s own language once signed in', async () => {
    const dir = tempDir();
    const store = await open(dir);
    let operator: string | null = null;
    const settings = createDeskSettings(store, () => operator);
    settings.set({ language: 'en-US' }); // chosen on the login screen: the seat's default

    // An operator who never chose starts in the seat's default, and their choice is theirs.
    operator = 'A1001';
    expect(settings.get()).toEqual({ language: 'en-US' });
    expect(settings.set({ language: 'zh-CN' })).toEqual({ language: 'zh-CN' });
    operator = null;
    expect(settings.get()).toEqual({ language: 'en-US' });

    operator = 'S2001';
    expect(settings.get()).toEqual({ language: 'en-US' });
    settings.set({ language: 'en-US' });
    operator = 'A1001';
    expect(settings.get()).toEqual({ language: 'zh-CN' });

    // A later change of the seat's default does not override an operator's own choice.
    operator = null;
    settings.set({ language: 'zh-CN' });
    operator = 'S2001';
    expect(settings.get()).toEqual({ language: 'en-US' });
    store.close();

    // Across a restart, and never in plain text: who used this seat is personal data.
    const again = createDeskSettings(await open(dir), () => 'A1001');
    expect(again.get()).toEqual({ language: 'zh-CN' });
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).includes('A1001'), file).toBe(false);
      expect(readFileSync(join(dir, file)).includes('S2001'), file).toBe(false);
    }
  });

  it('remembers the most recent operators only, so a busy shared seat stays bounded', async () => {
    const store = await open(tempDir());
    let operator = 'first';
    const settings = createDeskSettings(store, () => operator);
    settings.set({ language: 'en-US' });
    for (let i = 0; i < MAX_REMEMBERED_OPERATORS; i += 1) {
      operator = `op-${i}`;
      settings.set({ language: 'en-US' });
    }
    operator = 'op-0';
    expect(settings.get()).toEqual({ language: 'en-US' });
    operator = 'first';
    expect(settings.get()).toEqual({ language: 'zh-CN' }); // forgotten: back to the seat's default
  });

  it('falls back to the seat default when the sealed operator languages cannot be read', async () => {
    const store = await open(tempDir());
    store.putSecret('ui.operator-languages', Buffer.from('{not json', 'utf8'));
    const settings = createDeskSettings(store, () => 'A1001');
    expect(settings.get()).toEqual({ language: 'zh-CN' });
    expect(settings.set({ language: 'en-US' })).toEqual({ language: 'en-US' });
    store.putSecret('ui.operator-languages', Buffer.from(JSON.stringify([['A1001', 'fr-FR']]), 'utf8'));
    expect(settings.get()).toEqual({ language: 'zh-CN' });
  });
});

describe('audio devices (per operator, ids only)', () => {
  const HEADSET = { microphone: 'a'.repeat(64), speaker: 'default', ringer: 'b'.repeat(64) };

  it('are kept per operator across a restart, sealed, and a language change leaves them alone', async () => {
    const dir = tempDir();
    const store = await open(dir);
    let operator: string | null = 'A1001';
    const settings = createDeskSettings(store, () => operator);
    expect(settings.get()).toEqual({ language: 'zh-CN' }); // nothing chosen: the system defaults
    expect(settings.set({ audioDevices: HEADSET })).toEqual({ language: 'zh-CN', audioDevices: HEADSET });
    expect(settings.set({ language: 'en-US' })).toEqual({ language: 'en-US', audioDevices: HEADSET });
    operator = 'S2001';
    expect(settings.get()).toEqual({ language: 'zh-CN' });
    operator = null;
    expect(settings.get()).toEqual({ language: 'zh-CN' });
    store.close();

    const again = createDeskSettings(await open(dir), () => 'A1001');
    expect(again.get()).toEqual({ language: 'en-US', audioDevices: HEADSET });
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(HEADSET.microphone), file).toBe(false);
  });

  it('all system defaults forgets the choice', async () => {
    const settings = createDeskSettings(await open(tempDir()), () => 'A1001');
    settings.set({ audioDevices: HEADSET });
    expect(settings.set({ audioDevices: { microphone: null, speaker: null, ringer: null } })).toEqual({ language: 'zh-CN' });
  });

  it('are refused while nobody is signed in (not_logged_in), and nothing is stored, not even a language sent with them', async () => {
    const store = await open(tempDir());
    const settings = createDeskSettings(store);
    expect(() => settings.set({ language: 'en-US', audioDevices: HEADSET })).toThrow(expect.objectContaining({ code: 'not_logged_in' }));
    expect(store.getSetting('ui.language')).toBeNull();
  });

  it('refuse labels, odd ids and partial objects with bad_request', async () => {
    const settings = createDeskSettings(await open(tempDir()), () => 'A1001');
    for (const audioDevices of [
      { ...HEADSET, label: 'Jabra Evolve' },
      { microphone: 'mic' },
      { ...HEADSET, microphone: 'has space' },
      { ...HEADSET, microphone: '' },
      { ...HEADSET, microphone: 'x'.repeat(129) },
      { ...HEADSET, speaker: 7 },
    ]) {
      expect(() => settings.set({ audioDevices } as unknown as DeskSettings)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    }
    expect(settings.get()).toEqual({ language: 'zh-CN' });
  });

  it('ignores a sealed value this build does not understand', async () => {
    const store = await open(tempDir());
    store.putSecret('phone.operator-audio-devices', Buffer.from(JSON.stringify([['A1001', { microphone: 1 }]]), 'utf8'));
    expect(createDeskSettings(store, () => 'A1001').get()).toEqual({ language: 'zh-CN' });
  });
});
