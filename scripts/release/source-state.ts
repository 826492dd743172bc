/**
 * What a build was made from: the git commit, whether the tree was clean, and the lockfile's hash.
 * An extracted escrow archive has no .git: its commit is the one `npm run escrow` wrote into
 * ESCROW-COMMIT, and `npm run escrow -- verify` (every file against the signed hash list) is
 * what proves that tree unmodified.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function git(root: string, args: readonly string[]): string {
  return execFileSync('git', [...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export const ESCROW_COMMIT_FILE = 'ESCROW-COMMIT';

export type SourceState = { commit: string; clean: boolean; from: 'git' | 'escrow'; lockfileSha256: string; lockfileSha512: string };

export function sourceState(root: string): SourceState {
  const lock = readFileSync(path.join(root, 'package-lock.json'));
  const lockfile = {
    lockfileSha256: createHash('sha256').update(lock).digest('hex'),
    lockfileSha512: createHash('sha512').update(lock).digest('hex'),
  };
  if (!existsSync(path.join(root, '.git')) && existsSync(path.join(root, ESCROW_COMMIT_FILE))) {
    const commit = readFileSync(path.join(root, ESCROW_COMMIT_FILE), 'utf8').trim();
    if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`${ESCROW_COMMIT_FILE}: not a commit id`);
    return { commit, clean: true, from: 'escrow', ...lockfile };
  }
  return {
    commit: git(root, ['rev-parse', 'HEAD']),
    // Untracked files count too: a build may read them (an import of a new file).
    clean: git(root, ['status', '--porcelain', '--untracked-files=normal']) === '',
    from: 'git',
    ...lockfile,
  };
}
