import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAME, forgetEnrollmentCode, loadWorkstationConfig, parseCommandLine, WorkstationConfigError, type LoadConfigOptions } from './config.ts';

let dir: string;
let userData: string;
let bundledKeys: string;

const write = (file: string, content: unknown) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'desk-config-'));
  userData = path.join(dir, 'userData');
  bundledKeys = path.join(dir, 'bundle', 'keys', 'profile-keys.json');
  write(bundledKeys, { 'bank-2026': 'BUNDLED-PUBLIC-KEY' });
  write(path.join(userData, 'profile.json'), { profile: { serial: 1 }, keyId: 'bank-2026', signature: 'c2ln' });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (over: Partial<LoadConfigOptions> = {}) =>
  loadWorkstationConfig({ commandLine: { dev: false }, userDataDir: userData, bundledKeysPath: bundledKeys, packaged: true, ...over });

function failure(run: () => unknown): WorkstationConfigError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(WorkstationConfigError);
  return error as WorkstationConfigError;
}

describe('parseCommandLine', () => {
  it.each([
    [['electron', 'main.cjs'], { dev: false }],
    [['ChannelDesk.exe', '--config', 'C:/ws.json'], { configPath: 'C:/ws.json', dev: false }],
    [['ChannelDesk', '--config=/etc/desk/ws.json', '--dev'], { configPath: '/etc/desk/ws.json', dev: true }],
    [['electron', '.', '--inspect=0', '--remote-debugging-port=0', '--config'], { dev: false }],
  ])('%j → %j', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual(expected);
  });
});

describe('loadWorkstationConfig', () => {
  it('reads <userData>/workstation.json, the profile it names and the bundled keys', async () => {
    write(path.join(userData, CONFIG_FILE_NAME), { workstationId: 'WS-0042', profilePath: 'profile.json' });
    const config = load();
    expect(config).toEqual({
      configPath: path.join(userData, CONFIG_FILE_NAME),
      workstationId: 'WS-0042',
      dataDir: path.join(userData, 'desk-data'),
      signedProfile: { profile: { serial: 1 }, keyId: 'bank-2026', signature: 'c2ln' },
      trustedProfileKeys: { 'bank-2026': 'BUNDLED-PUBLIC-KEY' },
      allowPlaintextKeyStore: false,
    });
  });

  it('takes --config and resolves relative paths against that file', async () => {
    const configPath = path.join(dir, 'lab', 'ws.json');
    write(path.join(dir, 'lab', 'files', 'p.json'), { lab: true });
    write(path.join(dir, 'lab', 'files', 'ca.pem'), 'CA-PEM');
    write(path.join(dir, 'lab', 'files', 'c.pem'), 'CERT-PEM');
    write(path.join(dir, 'lab', 'files', 'k.pem'), 'KEY-PEM');
    write(path.join(dir, 'lab', 'files', 'keys.json'), { lab: 'LAB-KEY' });
    write(configPath, {
      workstationId: 'LAB-1',
      profilePath: 'files/p.json',
      trustedKeysPath: 'files/keys.json',
      caPath: 'files/ca.pem',
      clientCertificate: { certPath: 'files/c.pem', keyPath: 'files/k.pem' },
      dataDir: 'data',
      allowPlaintextKeyStore: true,
    });
    const config = load({ commandLine: { configPath, dev: true }, packaged: false });
    expect(config).toMatchObject({
      workstationId: 'LAB-1',
      dataDir: path.join(dir, 'lab', 'data'),
      signedProfile: { lab: true },
      trustedProfileKeys: { lab: 'LAB-KEY' },
      caPem: 'CA-PEM',
      clientCertificate: { certPem: 'CERT-PEM', keyPem: 'KEY-PEM' },
      allowPlaintextKeyStore: true,
    });
  });

  it.each([
    ['trustedKeysPath', { trustedKeysPath: 'keys.json' }],
    ['allowPlaintextKeyStore', { allowPlaintextKeyStore: true }],
  ])('a shipped build refuses %s from the user-writable config', async (_name, extra) => {
    write(path.join(userData, CONFIG_FILE_NAME), { workstationId: 'WS-1', profilePath: 'profile.json', ...extra });
    expect(failure(load).code).toBe('config_not_allowed');
  });

  it('passes the enrollment code IT provisioned, and refuses a malformed one without quoting it', async () => {
    write(path.join(userData, CONFIG_FILE_NAME), { workstationId: 'WS-0042', profilePath: 'profile.json', enrollmentCode: 'K7Q2MZX4ABCDEFGH234567WXYZ' });
    expect(load().enrollmentCode).toBe('K7Q2MZX4ABCDEFGH234567WXYZ');
    write(path.join(userData, CONFIG_FILE_NAME), { workstationId: 'WS-0042', profilePath: 'profile.json' });
    expect(load()).not.toHaveProperty('enrollmentCode');
    write(path.join(userData, CONFIG_FILE_NAME), { workstationId: 'WS-0042', profilePath: 'profile.json', enrollmentCode: 'lowercase-secret-code-1234' });
    const error = failure(load);
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('enrollmentCode');
    expect(error.message).not.toContain('lowercase-secret-code-1234');
  });

  it('reports a missing config file', async () => {
    expect(failure(load).code).toBe('config_missing');
  });

  it.each([
    ['not JSON', '{workstationId:'],
    ['an unknown field', { workstationId: 'WS-1', profilePath: 'p.json', apiUrl: 'https://evil.example' }],
    ['a bad workstation id', { workstationId: '../../etc', profilePath: 'p.json' }],
    ['no profile path', { workstationId: 'WS-1' }],
  ])('rejects a config with %s', async (_name, content) => {
    write(path.join(userData, CONFIG_FILE_NAME), content);
    expect(failure(load).code).toBe('config_invalid');
  });

  it('reports an unreadable profile and invalid key files', async () => {
    write(path.join(userData, CONFIG_FILE_NAME), { workstationId: 'WS-1', profilePath: 'nope.json' });
    expect(failure(load).code).toBe('profile_unreadable');
    write(path.join(userData, CONFIG_FILE_NAME), { workstationId: 'WS-1', profilePath: 'profile.json' });
    write(bundledKeys, {});
    expect(failure(load).code).toBe('keys_unreadable');
    write(bundledKeys, { k: 42 });
    expect(failure(load).code).toBe('keys_unreadable');
  });

  it('never puts file contents into its errors', async () => {
    write(path.join(userData, CONFIG_FILE_NAME), '{"workstationId":"WS-1","profilePath":"profile.json","secret":"PRIVATE-KEY-MATERIAL"}');
    const error = failure(load);
    expect(error.message).not.toContain('PRIVATE-KEY-MATERIAL');
  });
});

describe('forgetEnrollmentCode', () => {
  const memoryFs = (text: string) => {
    const files = new Map<string, string>([['/ws/workstation.json', text]]);
    return {
      files,
      fs: {
        readFile: (f: string) => {
          const t = files.get(f);
          if (t === undefined) throw new Error('ENOENT');
          return t;
        },
        writeFile: (f: string, t: string) => void files.set(f, t),
        rename: (from: string, to: string) => {
          files.set(to, files.get(from) ?? '');
          files.delete(from);
        },
      },
    };
  };

  it('removes the code and keeps every other field, through a temporary file renamed over the original', () => {
    const original = { workstationId: 'WS-1', enrollmentCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', profilePath: 'profile.json', caPath: 'ca.pem' };
    const m = memoryFs(JSON.stringify(original));
    expect(forgetEnrollmentCode('/ws/workstation.json', m.fs)).toBe(true);
    expect(JSON.parse(m.files.get('/ws/workstation.json') ?? '')).toEqual({ workstationId: 'WS-1', profilePath: 'profile.json', caPath: 'ca.pem' });
    expect([...m.files.keys()]).toEqual(['/ws/workstation.json']);
  });

  it('changes nothing when there is no code, the file is not JSON, or it is gone', () => {
    for (const text of [JSON.stringify({ workstationId: 'WS-1', profilePath: 'p.json' }), '{not json', '[1,2]']) {
      const m = memoryFs(text);
      expect(forgetEnrollmentCode('/ws/workstation.json', m.fs)).toBe(false);
      expect(m.files.get('/ws/workstation.json')).toBe(text);
    }
    expect(forgetEnrollmentCode('/elsewhere/workstation.json', memoryFs('{}').fs)).toBe(false);
  });
});
