/**
 * Test support for the release scripts: real git repositories in temp directories, real keys,
 * the real CLIs run as child processes on this Node.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

const FIXED_IDENTITY = {
  GIT_AUTHOR_NAME: 'release test',
  GIT_AUTHOR_EMAIL: 'release-test@example.invalid',
  GIT_COMMITTER_NAME: 'release test',
  GIT_COMMITTER_EMAIL: 'release-test@example.invalid',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

export function gitIn(dir: string, args: readonly string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...FIXED_IDENTITY } }).trim();
}

/**
 * A clone of the project's HEAD, pinned (others may commit meanwhile): the builds under test
 * are of committed source, as a release is. In CI, a fresh clone, HEAD is the code under test;
 * locally, commit before running these tests.
 */
export function pinHead(dest: string): string {
  mkdirSync(path.dirname(dest), { recursive: true });
  // RELEASE_TEST_REPO: another repository to pin instead (e.g. while a shared checkout's HEAD does not build).
  gitIn(path.dirname(dest), ['clone', '-q', '--no-hardlinks', process.env['RELEASE_TEST_REPO'] ?? PROJECT_ROOT, dest]);
  return gitIn(dest, ['rev-parse', 'HEAD']);
}

/** `git clone` of source, with the project's node_modules linked in (an `npm ci` per clone would take minutes). */
export function cloneWithModules(source: string, dest: string): void {
  mkdirSync(path.dirname(dest), { recursive: true });
  gitIn(path.dirname(dest), ['clone', '-q', source, dest]);
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dest, 'node_modules'));
  // `.gitignore` says node_modules/ (a directory); a link is not one, so keep the clone clean by hand.
  appendFileSync(path.join(dest, '.git', 'info', 'exclude'), 'node_modules\n');
}

export function writeKeyPair(dir: string, name: string): { privateKey: string; publicKey: string } {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const files = { privateKey: path.join(dir, `${name}.key.pem`), publicKey: path.join(dir, `${name}.pub.pem`) };
  writeFileSync(files.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(files.publicKey, publicKey.export({ type: 'spki', format: 'pem' }));
  return files;
}

export type ScriptRun = { status: number | null; stdout: string; stderr: string };

/** Runs scripts/release/<script> with cwd as the checkout, on the Node running the tests (24). */
export function runReleaseScript(cwd: string, script: string, args: readonly string[]): ScriptRun {
  const result = spawnSync(process.execPath, [path.join(cwd, 'scripts', 'release', script), ...args], { cwd, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Flips one bit of one byte (at `at`, or the middle) of a file. */
export function flipOneByte(buffer: Buffer, at = Math.floor(buffer.length / 2)): Buffer {
  const copy = Buffer.from(buffer);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}
