import { describe, expect, it } from 'vitest';
import { FORBIDDEN_ENV, FORBIDDEN_SWITCHES, forbiddenLaunchSettings } from './command-line-policy.ts';

describe('launch policy (switches and environment)', () => {
  const commandLine = (present: string[]) => ({ hasSwitch: (name: string) => present.includes(name) });

  it('finds forbidden switches in a packaged build', () => {
    expect(forbiddenLaunchSettings(commandLine(['remote-debugging-port', 'lang', 'ignore-certificate-errors']), {}, true)).toEqual([
      'remote-debugging-port',
      'ignore-certificate-errors',
    ]);
  });

  it('refuses TLS key logging by switch and by environment', () => {
    expect(forbiddenLaunchSettings(commandLine(['ssl-key-log-file']), {}, true)).toEqual(['ssl-key-log-file']);
    expect(forbiddenLaunchSettings(commandLine([]), { SSLKEYLOGFILE: '/tmp/keys.log' }, true)).toEqual(['env:SSLKEYLOGFILE']);
    expect(forbiddenLaunchSettings(commandLine([]), { ELECTRON_ENABLE_LOGGING: '1' }, true)).toEqual(['env:ELECTRON_ENABLE_LOGGING']);
  });

  it('treats an empty environment value as absent', () => {
    expect(forbiddenLaunchSettings(commandLine([]), { SSLKEYLOGFILE: '' }, true)).toEqual([]);
  });

  it('lets unpackaged runs (Playwright, developers) keep them', () => {
    const env = Object.fromEntries(FORBIDDEN_ENV.map((name) => [name, 'x']));
    expect(forbiddenLaunchSettings(commandLine([...FORBIDDEN_SWITCHES]), env, false)).toEqual([]);
  });

  it('passes a clean launch', () => {
    expect(forbiddenLaunchSettings(commandLine(['lang']), { PATH: '/usr/bin', LANG: 'zh_CN.UTF-8' }, true)).toEqual([]);
  });
});
