import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../contract/api.ts';
import { ReleaseList, UpdateCheckResponse } from '../../contract/update-api.ts';
import { startTestInstitution, TEST_WORKSTATION_ID } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import { runCli } from './run-cli.ts';

/**
 * `publish-release` against a real server: a key-file signature, and an external signing
 * command (standing in for an HSM tool: canonical bytes on stdin, base64 signature out).
 * A command that signs with the wrong key is caught before anything is uploaded.
 */
const dir = mkdtempSync(join(tmpdir(), 'publish-release-'));
const it1 = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const write = (name: string, text: string | Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const privateKey = write('it-update.key.pem', it1.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const publicKey = write('it-update.pub.pem', it1.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const wrongKey = write('other.key.pem', other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const signScript = write(
  'hsm-sign.cjs',
  `const c = require('node:crypto'); const k = c.createPrivateKey(require('node:fs').readFileSync(process.argv[2]));
   const parts = []; process.stdin.on('data', (d) => parts.push(d)).on('end', () => process.stdout.write(c.sign(null, Buffer.concat(parts), k).toString('base64') + '\\n'));`,
);
const artifact = write('ChannelDesk-2.0.0.AppImage', Buffer.alloc(4096, 7));

async function run(args: string[], stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  const prompt = new PassThrough();
  prompt.resume();
  const code = await runCli(args, { stdin: Readable.from([Buffer.from(stdin)]), prompt, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('publish-release', () => {
  let t: TestInstitution;
  let ca: string;
  beforeAll(async () => {
    t = await startTestInstitution();
    ca = write('ca.pem', t.server.caCertPem);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const base = () => ['publish-release', '--server', t.server.url, '--ca', ca, '--operator', 'ADM01', '--key-id', 'it-2026', '--artifact', `linux-x64=${artifact}`];
  const offered = async () =>
    UpdateCheckResponse.parse((await t.client.request('GET', `${API_PREFIX}/updates/check?workstationId=${TEST_WORKSTATION_ID}&version=1.0.0&platform=linux-x64&channel=stable`)).json);

  it('signs with a key file, uploads and publishes; the desk is offered exactly that manifest', async () => {
    const result = await run([...base(), '--version', '2.0.0', '--key-file', privateKey, '--percent', '100'], 'Admin#2026\n');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('published stable 2.0.0: rollout 100%');
    const answer = await offered();
    expect(answer.status).toBe('offered');
    if (answer.status === 'offered') expect(answer.signed).toMatchObject({ keyId: 'it-2026', manifest: { version: '2.0.0', artifacts: [{ platform: 'linux-x64', size: 4096 }] } });
  });

  it('signs through an external command (the key stays off this host)', async () => {
    const command = `node ${JSON.stringify(signScript)} ${JSON.stringify(privateKey)}`;
    const result = await run([...base(), '--version', '2.1.0', '--sign-command', command, '--public-key', publicKey, '--group', 'pilot'], 'Admin#2026\n');
    expect([result.code, result.err]).toEqual([0, '']);
    expect(result.out).toContain('published stable 2.1.0: rollout 0% + groups pilot');
  });

  it('refuses a signature that does not verify with the public key, before uploading anything', async () => {
    const command = `node ${JSON.stringify(signScript)} ${JSON.stringify(wrongKey)}`;
    const result = await run([...base(), '--version', '2.2.0', '--sign-command', command, '--public-key', publicKey], 'Admin#2026\n');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/does not verify with the update public key/);
    const admin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
    const list = ReleaseList.parse((await t.client.request('GET', `${API_PREFIX}/admin/updates/releases`, { token: admin })).json);
    expect(list.releases.map((r) => r.version)).toEqual(['2.1.0', '2.0.0']);
    // 2.1.0 is for the pilot group only: this workstation is still offered 2.0.0.
    const answer = await offered();
    expect(answer.status === 'offered' ? (answer.signed.manifest as { version: string }).version : answer.status).toBe('2.0.0');
  });

  it('usage errors exit 2', async () => {
    expect((await run([...base(), '--version', '2.3.0'], '')).code).toBe(2);
    expect((await run([...base(), '--version', '2.3.0', '--sign-command', 'true'], '')).code).toBe(2);
  });
});
