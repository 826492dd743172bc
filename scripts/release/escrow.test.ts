/**
 * Source escrow (issue #10, IT-audit question 11) with the real CLI on a real repository: a
 * tagged commit with a long path (pax header), an executable and a symlink; the archive and
 * its signed hash list verify; one changed byte, a forged list or another key fail.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEscrow, ESCROW_INSTRUCTIONS_FILE } from './escrow-archive.ts';
import { readTar } from './tar-reader.ts';
import { flipOneByte, gitIn, PROJECT_ROOT, writeKeyPair, type ScriptRun } from './test-checkouts.ts';
import { spawnSync } from 'node:child_process';

let tmp: string;
let repo: string;
let keys: { privateKey: string; publicKey: string };
let created: ScriptRun;
let archive: string;
let hashes: string;
const LONG_PATH = `src/${'deeply-nested-directory/'.repeat(5)}a-file-whose-path-is-longer-than-one-hundred-characters.ts`;

function escrowCli(args: readonly string[]): ScriptRun {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'release', 'escrow.ts'), ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const verify = (archivePath = archive, hashesPath = hashes, publicKey = keys.publicKey) =>
  escrowCli(['verify', '--archive', archivePath, '--hashes', hashesPath, '--public-key', publicKey]);

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cd-escrow-'));
  keys = writeKeyPair(path.join(tmp, 'keys'), 'releaser');
  repo = path.join(tmp, 'repo');
  mkdirSync(path.join(repo, path.dirname(LONG_PATH)), { recursive: true });
  writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'channeldesk', version: '1.4.2', devDependencies: { node: '^24.21.0' } }));
  writeFileSync(path.join(repo, 'package-lock.json'), JSON.stringify({ name: 'channeldesk', lockfileVersion: 3, packages: {} }));
  writeFileSync(path.join(repo, LONG_PATH), 'export const deep = 1;\n');
  writeFileSync(path.join(repo, 'build.sh'), '#!/bin/sh\nnpm ci\n');
  chmodSync(path.join(repo, 'build.sh'), 0o755);
  symlinkSync('package.json', path.join(repo, 'manifest-link.json'));
  gitIn(repo, ['init', '-q']);
  gitIn(repo, ['add', '-A']);
  gitIn(repo, ['commit', '-qm', 'release 1.4.2']);
  gitIn(repo, ['tag', 'v1.4.2']);
  created = escrowCli(['create', '--out', path.join(tmp, 'escrow'), '--key-file', keys.privateKey]);
  const short = gitIn(repo, ['rev-parse', 'HEAD']).slice(0, 12);
  archive = path.join(tmp, 'escrow', `channeldesk-1.4.2-${short}-source.tar`);
  hashes = path.join(tmp, 'escrow', `channeldesk-1.4.2-${short}-source.hashes.json`);
}, 60_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('npm run escrow', { timeout: 60_000 }, () => {
  it('creates the archive of the tagged commit (source, lockfile, build instructions) and a signed hash list', () => {
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const envelope = JSON.parse(readFileSync(hashes, 'utf8')) as { hashList: { commit: string; tag: string; files: { path: string; size: number }[] }; keyId: string };
    expect(envelope.hashList.commit).toBe(gitIn(repo, ['rev-parse', 'HEAD']));
    expect(envelope.hashList.tag).toBe('v1.4.2');
    expect(envelope.hashList.files.map((f) => f.path).sort()).toEqual(
      ['ESCROW-COMMIT', ESCROW_INSTRUCTIONS_FILE, 'build.sh', 'manifest-link.json', 'package-lock.json', 'package.json', LONG_PATH].sort(),
    );
    const entries = readTar(readFileSync(archive)).entries;
    const prefix = `channeldesk-1.4.2-${envelope.hashList.commit.slice(0, 12)}/`;
    expect(entries.find((e) => e.path === `${prefix}build.sh`)?.mode).toBe(0o775);
    expect(entries.find((e) => e.path === `${prefix}manifest-link.json`)?.linkTarget).toBe('package.json');
    expect(entries.find((e) => e.path === `${prefix}ESCROW-COMMIT`)?.bytes.toString()).toBe(`${envelope.hashList.commit}\n`);
    expect(entries.find((e) => e.path === `${prefix}${ESCROW_INSTRUCTIONS_FILE}`)?.bytes.toString()).toContain('npm run verify-build');
    expect(readTar(readFileSync(archive)).globalPax['comment']).toBe(envelope.hashList.commit);
  });

  it('is byte-stable: the same commit escrowed again gives the same archive', () => {
    const again = createEscrow({ repo, ref: 'v1.4.2', outDir: path.join(tmp, 'again') });
    expect(readFileSync(again.archivePath).equals(readFileSync(archive))).toBe(true);
  });

  it('the archive verifies against its signed hash list', () => {
    const run = verify();
    expect(run.stdout).toContain('escrow: hash list signature OK');
    expect(run.stdout).toMatch(/escrow: OK — archive and all 7 files match the signed hash list/);
    expect(run.status).toBe(0);
  });

  it('one changed byte in a file fails, naming the file', () => {
    const bytes = readFileSync(archive);
    const at = bytes.indexOf(Buffer.from('export const deep = 1;'));
    const tampered = path.join(tmp, 'tampered.tar');
    writeFileSync(tampered, flipOneByte(bytes, at + 'export const deep = '.length));
    const run = verify(tampered);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^DIFFERS {3}[^\n]*\(whole archive\)/m);
    expect(run.stdout).toContain(`DIFFERS   ${LONG_PATH}`);
    expect(run.stdout).toContain('escrow: FAIL — 2 difference(s); 6 files match');
  });

  it('a hash list edited after signing, or verified with another key, fails', () => {
    const envelope = JSON.parse(readFileSync(hashes, 'utf8')) as { hashList: { files: { sha256: string }[] } };
    envelope.hashList.files[0]!.sha256 = 'f'.repeat(64);
    const edited = path.join(tmp, 'edited.hashes.json');
    writeFileSync(edited, JSON.stringify(envelope));
    const forged = verify(archive, edited);
    expect(forged.status).toBe(1);
    expect(forged.stdout).toContain('FAIL hash list signature: signature does not verify');
    const stranger = writeKeyPair(path.join(tmp, 'keys'), 'stranger');
    const wrongKey = verify(archive, hashes, stranger.publicKey);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toMatch(/FAIL hash list signature: signed by key [0-9a-f]{16}, not by the trusted key/);
  });

  it('an untagged HEAD is refused unless the commit is named', () => {
    writeFileSync(path.join(repo, 'later.txt'), 'after the release\n');
    gitIn(repo, ['add', 'later.txt']);
    gitIn(repo, ['commit', '-qm', 'later']);
    const run = escrowCli(['create', '--out', path.join(tmp, 'untagged'), '--key-file', keys.privateKey]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('HEAD is not tagged');
    expect(escrowCli(['create', '--commit', 'HEAD', '--out', path.join(tmp, 'named'), '--key-file', keys.privateKey]).status).toBe(0);
  });
});
