import { describe, expect, it } from 'vitest';
import { hardenSessionBasics, NO_DICTIONARY_URL } from './session-hardening.ts';
import { FakeSession, fakeEvent } from './testing/fake-electron.ts';

describe('session basics', () => {
  it('turns the spellchecker and its downloads off and refuses downloads', () => {
    const session = new FakeSession('desk');
    const audits: string[] = [];
    hardenSessionBasics(session, (e) => audits.push(`${e.kind} ${e.url}`));
    expect(session.spellCheckerEnabled).toBe(false);
    expect(session.dictionaryUrl).toBe(NO_DICTIONARY_URL);
    expect(new URL(NO_DICTIONARY_URL).hostname.endsWith('.invalid')).toBe(true);
    const event = fakeEvent({});
    session.emit('will-download', event, { getURL: () => 'blob:app://desk/7f0c6f2e-1111-4222-8333-944444444444' });
    expect(event.defaultPrevented).toBe(true);
    expect(audits).toEqual(['download-denied blob:app://desk/7f0c6f2e-1111-4222-8333-944444444444']);
  });
});
