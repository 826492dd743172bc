import { describe, expect, it } from 'vitest';
import { FORBIDDEN_SWITCHES, forbiddenSwitchesPresent } from './command-line-policy.ts';

describe('command-line policy', () => {
  const commandLine = (present: string[]) => ({ hasSwitch: (name: string) => present.includes(name) });

  it('finds forbidden switches in a packaged build', () => {
    expect(forbiddenSwitchesPresent(commandLine(['remote-debugging-port', 'lang', 'ignore-certificate-errors']), true)).toEqual([
      'remote-debugging-port',
      'ignore-certificate-errors',
    ]);
  });

  it('lets unpackaged runs (Playwright, developers) keep them', () => {
    expect(forbiddenSwitchesPresent(commandLine([...FORBIDDEN_SWITCHES]), false)).toEqual([]);
  });

  it('passes a clean command line', () => {
    expect(forbiddenSwitchesPresent(commandLine(['lang']), true)).toEqual([]);
  });
});
