// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ConnectionState, Language, SessionState } from '../../../electron/contract/channels.ts';
import { DeskErrorCode } from '../../../electron/contract/errors.ts';
import { Permission, Role } from '../../../institution/contract/api.ts';
import { dictionaries, LANGUAGES, placeholdersOf, translate, type MessageKey } from './translate.ts';
import { connectionKeys, errorKeys, errorMessage, loggedOutReasonKeys, permissionKeys, roleKeys } from './labels.ts';
import { translatorFor } from './translate.ts';

const zh = dictionaries['zh-CN'];
const en = dictionaries['en-US'];

describe('dictionaries', () => {
  it('exist for exactly the languages desk.settings can store', () => {
    expect([...LANGUAGES].sort()).toEqual([...Language.options].sort());
    expect(Object.keys(dictionaries).sort()).toEqual([...Language.options].sort());
  });

  it('have identical key sets in zh-CN and en-US', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty value in any language', () => {
    for (const language of LANGUAGES) {
      const empty = Object.entries(dictionaries[language]).filter(([, text]) => text.trim() === '');
      expect(empty, language).toEqual([]);
    }
  });

  it('use the same placeholders for the same key in every language', () => {
    for (const key of Object.keys(zh) as MessageKey[]) {
      expect(placeholdersOf(en[key]), key).toEqual(placeholdersOf(zh[key]));
    }
  });

  it('localize every DeskErrorCode in both languages', () => {
    for (const code of DeskErrorCode.options) {
      const key = errorKeys[code];
      expect(key, code).toBe(`error.${code}`);
      for (const language of LANGUAGES) expect(dictionaries[language][key], `${language} ${code}`).toMatch(/\S/);
    }
  });

  it('name every role, permission, connection state and logged-out reason', () => {
    const reasons = SessionState.options[0].shape.reason.unwrap().options;
    const keys = [
      ...Role.options.map((r) => roleKeys[r]),
      ...Permission.options.map((p) => permissionKeys[p]),
      ...ConnectionState.options.map((c) => connectionKeys[c]),
      ...reasons.map((r) => loggedOutReasonKeys[r]),
    ];
    for (const key of keys) {
      expect(key).toBeDefined();
      for (const language of LANGUAGES) expect(dictionaries[language][key], `${language} ${key}`).toMatch(/\S/);
    }
  });
});

describe('translate', () => {
  it('fills placeholders and picks the language', () => {
    expect(translate('zh-CN', 'status.backlog', { count: 3 })).toBe('待同步记录：3');
    expect(translate('en-US', 'status.backlog', { count: 3 })).toBe('Records waiting to sync: 3');
  });

  it('shows the remaining minutes of a locked account, rounded up', () => {
    const t = translatorFor('zh-CN');
    expect(errorMessage(t, { code: 'account_locked', retryAfterSeconds: 61 })).toBe('账户已被锁定，请在 2 分钟后重试。');
    expect(errorMessage(t, { code: 'account_locked' })).toBe(zh['error.account_locked']);
    expect(errorMessage(t, { code: 'rate_limited', retryAfterSeconds: 7 })).toBe('本机尝试次数过多，请在 7 秒后重试。');
    expect(errorMessage(t, { code: 'rate_limited' })).toBe(zh['error.rate_limited']);
    expect(errorMessage(translatorFor('en-US'), { code: 'invalid_credentials' })).toBe('Wrong operator ID or password.');
  });
});
