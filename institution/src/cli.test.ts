import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../contract/canonical-json.ts';
import { SignedSiteProfile, SiteProfile } from '../contract/site-profile.ts';
import { verifyPassword } from './auth/password.ts';
import { databasePath } from './data-dir.ts';
import { openDatabase } from './db/open-database.ts';
import { runCli as runCliInProcess } from './cli/run-cli.ts';
import { listProfileKeys } from './profile/profile-keys.ts';
import { hashEnrollmentCode } from './workstations/registration.ts';
import { TEST_SCRYPT } from './testing/harness.ts';
import { createHttpsClient } from './testing/https-client.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in-process with the given stdin text (cheaper scrypt: real, fewer rounds). */
async function runCli(args: string[], stdin = ''): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const prompt = new PassThrough();
  prompt.resume();
  const code = await runCliInProcess(args, {
    stdin: Readable.from([Buffer.from(stdin)]),
    prompt,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    passwordHashing: TEST_SCRYPT,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('institution CLI', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'institution-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seed-demo seeds once and is idempotent', async () => {
    const first = await runCli(['seed-demo', '--data-dir', dataDir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('seeded demo operators: A1001, A1002, S2001, QA01, ADM01');
    const second = await runCli(['seed-demo', '--data-dir', dataDir]);
    expect(second.stdout).toContain('demo data already present');
  });

  it('create-operator reads the password from stdin and can enable TOTP', async () => {
    const run = await runCli(['create-operator', '--data-dir', dataDir, '--id', 'C3001', '--name', '孙丽', '--role', 'agent,qa', '--team', 'team-9', '--totp'], 'Cli#Password1\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/TOTP secret: [A-Z2-7]{32}/);
    expect(run.stdout + run.stderr).not.toContain('Cli#Password1');
    const handle = await openDatabase(databasePath(dataDir));
    try {
      const row = await handle.db.selectFrom('operators').selectAll().where('id', '=', 'C3001').executeTakeFirstOrThrow();
      expect(JSON.parse(row.roles)).toEqual(['agent', 'qa']);
      expect(row.team).toBe('team-9');
      expect(row.totp_secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(await verifyPassword('Cli#Password1', row.password_hash)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('create-operator refuses bad input with exit code 2 and a message', async () => {
    const short = await runCli(['create-operator', '--data-dir', dataDir, '--id', 'C3002', '--name', 'x', '--role', 'agent'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/password/);
    const unknown = await runCli(['frobnicate', '--data-dir', dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage:');
  });

  it('register-workstation prints a one-time code once, stores only its hash, and refuses enrolled ids', async () => {
    const run = await runCli(['register-workstation', '--data-dir', dataDir, '--id', 'WS-CLI-01']);
    expect(run.code).toBe(0);
    const code = /enrollment code: ([A-Z2-7]{26})\n/.exec(`${run.stdout}\n`)?.[1] ?? '';
    expect(code).toMatch(/^[A-Z2-7]{26}$/);
    expect(run.stdout).toMatch(/valid until: \d{4}-\d\d-\d\dT/);
    const handle = await openDatabase(databasePath(dataDir));
    try {
      const row = await handle.db.selectFrom('workstation_registrations').selectAll().where('workstation_id', '=', 'WS-CLI-01').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ code_hash: hashEnrollmentCode(code), registered_by: null, used_at: null });
      // Once enrolled (as if the workstation had used its code), registering again is refused.
      await handle.db.insertInto('workstations').values({ id: 'WS-CLI-01', public_key: 'k', enrolled_at: 1, enrolled_by: null, head_seq: 0 }).execute();
    } finally {
      await handle.close();
    }
    const again = await runCli(['register-workstation', '--data-dir', dataDir, '--id', 'WS-CLI-01']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already enrolled');
    expect(again.stdout).not.toMatch(/enrollment code/);
    for (const args of [['register-workstation', '--data-dir', dataDir], ['register-workstation', '--data-dir', dataDir, '--id', 'bad id!']]) {
      const bad = await runCli(args);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--id');
    }
  });

  it('rotate-keys makes a new key and keeps the old public key listed; export-profile signs with it', async () => {
    const exported = join(dataDir, 'before.json');
    expect((await runCli(['export-profile', '--data-dir', dataDir, '--out', exported])).code).toBe(0);
    const before = SignedSiteProfile.parse(JSON.parse(await readFile(exported, 'utf8')));

    const rotated = await runCli(['rotate-keys', '--data-dir', dataDir]);
    expect(rotated.code).toBe(0);
    const newKeyId = /new profile-signing keyId: ([0-9a-f]{16})/.exec(rotated.stdout)?.[1];
    expect(newKeyId).toBeDefined();
    expect(newKeyId).not.toBe(before.keyId);
    const list = listProfileKeys(dataDir);
    expect(list.current).toBe(newKeyId);
    expect(list.keys.find((k) => k.keyId === before.keyId)?.retiredAt).not.toBeNull();

    const after = join(dataDir, 'after.json');
    expect((await runCli(['export-profile', '--data-dir', dataDir, '--out', after, '--public-url', 'https://desk-api.demo-bank.test'])).code).toBe(0);
    const signed = SignedSiteProfile.parse(JSON.parse(await readFile(after, 'utf8')));
    expect(signed.keyId).toBe(newKeyId);
    const profile = SiteProfile.parse(signed.profile);
    expect(profile.api.baseUrls).toEqual(['https://desk-api.demo-bank.test']);
    expect(profile.institutionId).toBe('demo-bank');
    expect(profile.serial).toBeGreaterThan(SiteProfile.parse(before.profile).serial);
    const publicKey = createPublicKey(await readFile(join(dataDir, 'keys', 'profile-signing.pub.pem')));
    expect(verify(null, Buffer.from(canonicalJson(signed.profile)), publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
  });

  it("export-profile: --sip-pin and --stun go into the signed profile (sip.pins, stun); a malformed one is a usage error", async () => {
    const out = join(dataDir, 'sbc.json');
    const pin = Buffer.alloc(32, 7).toString('base64');
    const args = ['export-profile', '--data-dir', dataDir, '--out', out, '--sip-wss', 'wss://sbc.demo-bank.test/ws=10', '--sip-pin', pin, '--stun', 'stun:stun.demo-bank.test:3478'];
    expect((await runCli(args)).code).toBe(0);
    const profile = SiteProfile.parse(SignedSiteProfile.parse(JSON.parse(await readFile(out, 'utf8'))).profile);
    expect(profile.sip).toEqual({ wss: [{ url: 'wss://sbc.demo-bank.test/ws', weight: 10 }], pins: [pin] });
    expect(profile.stun).toEqual([{ urls: ['stun:stun.demo-bank.test:3478'] }]);
    for (const [flag, bad] of [['--sip-pin', 'not-a-pin'], ['--stun', 'turn:turn.demo-bank.test']]) {
      const refused = await runCli(['export-profile', '--data-dir', dataDir, '--out', out, flag!, bad!]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(flag);
    }
  });

  it('serve takes the SIP secret from a file (never argv), with its domain, and never prints it', async () => {
    const secretFile = join(dataDir, 'sip-secret');
    const secret = 'Y2xpLXNpcC1zZWNyZXQtMDAwMQ';
    await writeFile(secretFile, `${secret}\n`, { mode: 0o600 });
    let stop: (() => Promise<void>) | undefined;
    const out: string[] = [];
    const err: string[] = [];
    const serve = (extra: string[]) =>
      runCliInProcess(['serve', '--data-dir', dataDir, '--port', '0', ...extra], {
        stdin: Readable.from([]),
        prompt: new PassThrough(),
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        passwordHashing: TEST_SCRYPT,
        onServing: (s) => (stop = s),
      });
    try {
      expect(await serve(['--sip-secret-file', secretFile, '--sip-domain', 'sip.demo-bank.test', '--sip-credential-ttl', '300'])).toBe(0);
      expect(out).toContain('SIP credentials: for sip:<operator>@sip.demo-bank.test');
    } finally {
      await stop?.();
    }
    expect(await serve(['--sip-secret-file', secretFile])).toBe(2);
    expect(err.pop()).toMatch(/^--sip-secret-file and --sip-domain go together/);
    expect(await serve(['--sip-secret-file', secretFile, '--sip-domain', 'sip.demo-bank.test', '--sip-credential-ttl', '5'])).toBe(1);
    expect(err.pop()).toMatch(/SIP settings invalid \(ttlSeconds\)/);
    expect([...out, ...err].join('\n')).not.toContain(secret);
  });

  it('serve pushes readiness to the SBCs named by --sbc-rpc-url (http or https only)', async () => {
    let stop: (() => Promise<void>) | undefined;
    const out: string[] = [];
    const err: string[] = [];
    const serve = (extra: string[]) =>
      runCliInProcess(['serve', '--data-dir', dataDir, '--port', '0', ...extra], {
        stdin: Readable.from([]),
        prompt: new PassThrough(),
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        passwordHashing: TEST_SCRYPT,
        onServing: (s) => (stop = s),
      });
    try {
      expect(await serve(['--sbc-rpc-url', 'http://127.0.0.1:5080/RPC', '--sbc-rpc-url', 'http://127.0.0.2:5080/RPC'])).toBe(0);
      expect(out).toContain('SBC queues: readiness pushed to http://127.0.0.1:5080/RPC, http://127.0.0.2:5080/RPC');
    } finally {
      await stop?.();
    }
    expect(await serve(['--sbc-rpc-url', 'ftp://127.0.0.1/RPC'])).toBe(1);
    expect(err.pop()).toMatch(/SBC RPC URLs must be http\(s\) URLs/);
  });

  // The one spawned run: proves the entry point itself starts on Node 24's type stripping.
  it('serve prints where things are and answers over HTTPS until stopped', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${text}`)), 15_000);
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('profile public key')) {
            clearTimeout(timer);
            resolve(text);
          }
        });
      });
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect(output).toContain(join(dataDir, 'tls', 'ca.crt.pem'));
      const client = createHttpsClient(url ?? '', await readFile(join(dataDir, 'tls', 'ca.crt.pem'), 'utf8'));
      const health = await client.request('GET', '/api/v1/health');
      client.close();
      expect(health.json).toMatchObject({ status: 'ok', institutionId: 'demo-bank' });
    } finally {
      const exited = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
