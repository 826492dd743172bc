import { describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import { createFakeDesk } from '../test-support/fake-desk.ts';
import { createLanguageStore } from './language-store.ts';

type SettingsApi = DeskApi['settings'];

/** Lets the fake desk's promise chains settle. */
const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('language store', () => {
  it('starts in zh-CN with <html lang> set, before the core has answered', () => {
    const fake = createFakeDesk({ accounts: [], settings: { language: 'en-US' } });
    const root = { lang: '' };
    const store = createLanguageStore({ desk: fake.desk, root });
    expect(store.getState().language).toBe('zh-CN');
    expect(root.lang).toBe('zh-CN');
    expect(fake.calls).toEqual([]);
  });

  it('takes the language the core has stored once it answers', async () => {
    const fake = createFakeDesk({ accounts: [], settings: { language: 'en-US' } });
    const root = { lang: '' };
    const store = createLanguageStore({ desk: fake.desk, root });
    const release = fake.holdNext('settings.get');
    store.getState().load();
    await flush();
    expect(store.getState().language).toBe('zh-CN');
    release();
    await flush();
    expect(store.getState().language).toBe('en-US');
    expect(root.lang).toBe('en-US');
  });

  it('has the core store every choice, in order, and updates <html lang> at once', async () => {
    const fake = createFakeDesk({ accounts: [] });
    const root = { lang: '' };
    const store = createLanguageStore({ desk: fake.desk, root });
    store.getState().setLanguage('en-US');
    expect(store.getState().language).toBe('en-US');
    expect(root.lang).toBe('en-US');
    const release = fake.holdNext('settings.set');
    store.getState().setLanguage('zh-CN');
    store.getState().setLanguage('en-US');
    release();
    await flush();
    expect(fake.calls.filter((c) => c.channel === 'settings.set').map((c) => c.payload)).toEqual([
      { language: 'en-US' },
      { language: 'zh-CN' },
      { language: 'en-US' },
    ]);
    expect(fake.savedSettings()).toEqual({ language: 'en-US' });
  });

  it('keeps a choice made while the stored language is still on its way', async () => {
    const fake = createFakeDesk({ accounts: [], settings: { language: 'zh-CN' } });
    const store = createLanguageStore({ desk: fake.desk, root: null });
    const release = fake.holdNext('settings.get');
    store.getState().load();
    store.getState().setLanguage('en-US');
    release();
    await flush();
    expect(store.getState().language).toBe('en-US');
    expect(fake.savedSettings()).toEqual({ language: 'en-US' });
  });

  it('keeps working when the desk answers with an error or rejects', async () => {
    const answersInternal: SettingsApi['get'] = () => Promise.resolve({ ok: false, error: { code: 'internal' } });
    const rejects: SettingsApi['get'] = () => Promise.reject(new Error('pipe closed'));
    for (const get of [answersInternal, rejects]) {
      let saves = 0;
      const set: SettingsApi['set'] = () => {
        saves += 1;
        return Promise.reject(new Error('pipe closed'));
      };
      const store = createLanguageStore({ desk: { settings: { get, set } }, root: null });
      store.getState().load();
      await flush();
      expect(store.getState().language).toBe('zh-CN');
      store.getState().setLanguage('en-US');
      await flush();
      expect(store.getState().language).toBe('en-US');
      // A failed save does not block the next one.
      store.getState().setLanguage('zh-CN');
      await flush();
      expect(store.getState().language).toBe('zh-CN');
      expect(saves).toBe(2);
    }
  });
});
