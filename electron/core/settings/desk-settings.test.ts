import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskSettings } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { createDeskSettings } from './desk-settings.ts';

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
});
