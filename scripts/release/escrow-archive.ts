/**
 * Source escrow (源代码备案, IT-audit question 11): for one commit, the archive the institution
 * files — the source as `git archive` writes it (byte-stable for a commit: fixed mtimes and
 * order, the commit id in its pax header), which includes package-lock.json, plus ESCROW.md
 * (how to build and verify) and ESCROW-COMMIT — and a hash list (the archive's and every
 * file's size, sha256, sha512) that the releasing party signs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { compareDigests, digestBytes, type FileComparison, type FileDigest } from './digests.ts';
import { FileDigestSchema } from './provenance.ts';
import { ESCROW_COMMIT_FILE, git } from './source-state.ts';
import { readTar } from './tar-reader.ts';

export const ESCROW_FORMAT = 'channeldesk.escrow/1';
export const ESCROW_INSTRUCTIONS_FILE = 'ESCROW.md';

export const EscrowHashList = z
  .object({
    format: z.literal(ESCROW_FORMAT),
    product: z.object({ name: z.string(), version: z.string() }).strict(),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    tag: z.string().nullable(),
    archive: FileDigestSchema,
    /** Entries are stored under this directory in the archive. */
    prefix: z.string(),
    lockfile: FileDigestSchema,
    files: z.array(FileDigestSchema).min(1),
  })
  .strict();
export type EscrowHashList = z.infer<typeof EscrowHashList>;

export function resolveCommit(repo: string, ref: string): { commit: string; tag: string | null } {
  const commit = git(repo, ['rev-parse', '--verify', `${ref}^{commit}`]);
  try {
    return { commit, tag: git(repo, ['describe', '--tags', '--exact-match', commit]) || null };
  } catch {
    return { commit, tag: null }; // an untagged commit may be escrowed when named explicitly
  }
}

export function escrowInstructions(commit: string, tag: string | null, nodeVersion: string, prefix: string): string {
  return `# ChannelDesk source escrow

Commit \`${commit}\`${tag ? ` (tag \`${tag}\`)` : ''}. This archive holds the complete source of that commit
(\`git archive\`), including \`package-lock.json\`, which pins every dependency by version and
sha512, plus this file and \`${ESCROW_COMMIT_FILE}\`.

## Check the archive
\`npm run escrow -- verify --archive <this .tar> --hashes <the .hashes.json> --public-key <releasing party's Ed25519 PEM>\`
checks the hash list's signature, the archive's sha256/sha512 and every file in it.

## Rebuild and compare with production
1. On Debian 12 (or any Linux/macOS with git and Node), extract: \`tar -xf ${prefix}-source.tar && cd ${prefix}\`
2. \`npm ci\` (needs the npm registry; installs Node ${nodeVersion} from the lockfile's \`node\` package: every
   npm script runs on it).
3. \`npm run verify-build -- --provenance <the release's provenance.json> --public-key <releasing party's PEM>\`
   rebuilds the renderer, main and preload bundles, app.asar and the SBOM, and compares each file
   byte for byte with the signed provenance. It prints one line per file and exits non-zero on any difference.

The Electron binary is not needed for any of this. Installers (NSIS, deb/AppImage, dmg/zip) wrap
the same app.asar; see docs/operations.md, "Packaging".
`;
}

export type EscrowResult = { archivePath: string; hashList: EscrowHashList };

export function createEscrow(options: { repo: string; ref: string; outDir: string }): EscrowResult {
  const { commit, tag } = resolveCommit(options.repo, options.ref);
  const rootPackage = JSON.parse(git(options.repo, ['show', `${commit}:package.json`])) as { name: string; version: string; devDependencies?: Record<string, string> };
  const short = commit.slice(0, 12);
  const prefix = `${rootPackage.name}-${rootPackage.version}-${short}`;
  const archiveName = `${prefix}-source.tar`;
  const archivePath = path.join(options.outDir, archiveName);
  mkdirSync(options.outDir, { recursive: true });

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'channeldesk-escrow-'));
  try {
    const instructions = path.join(scratch, ESCROW_INSTRUCTIONS_FILE);
    const commitFile = path.join(scratch, ESCROW_COMMIT_FILE);
    writeFileSync(instructions, escrowInstructions(commit, tag, rootPackage.devDependencies?.['node'] ?? '24', prefix));
    writeFileSync(commitFile, `${commit}\n`);
    // --mtime is not an archive option; git stamps every entry with the commit time, so the bytes depend on the commit only.
    execFileSync('git', ['archive', '--format=tar', `--prefix=${prefix}/`, `--add-file=${instructions}`, `--add-file=${commitFile}`, '-o', archivePath, commit], { cwd: options.repo });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const archive = readFileSync(archivePath);
  const files = archiveFileDigests(archive, prefix);
  const lockfile = files.find((f) => f.path === 'package-lock.json');
  if (!lockfile) throw new Error(`commit ${commit} has no package-lock.json: it cannot be rebuilt reproducibly`);
  const hashList: EscrowHashList = {
    format: ESCROW_FORMAT,
    product: { name: rootPackage.name, version: rootPackage.version },
    commit,
    tag,
    archive: { path: archiveName, ...digestBytes(archive) },
    prefix,
    lockfile,
    files,
  };
  return { archivePath, hashList };
}

/** Every file and symlink in the archive (path without the prefix); a symlink's bytes are its target. */
export function archiveFileDigests(archive: Buffer, prefix: string): FileDigest[] {
  const lead = `${prefix}/`;
  const digests: FileDigest[] = [];
  for (const entry of readTar(archive).entries) {
    if (entry.type === 'directory') continue;
    if (!entry.path.startsWith(lead)) throw new Error(`archive entry outside ${lead}: ${entry.path}`);
    digests.push({ path: entry.path.slice(lead.length), ...digestBytes(entry.bytes) });
  }
  return digests.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export type EscrowCheck = { archiveOk: boolean; files: FileComparison[] };

/** The archive against a (signature-checked) hash list: the whole archive, then file by file. */
export function checkEscrowArchive(archive: Buffer, hashList: EscrowHashList): EscrowCheck {
  const whole = digestBytes(archive);
  const archiveOk = whole.size === hashList.archive.size && whole.sha256 === hashList.archive.sha256 && whole.sha512 === hashList.archive.sha512;
  let actual: FileDigest[];
  try {
    actual = archiveFileDigests(archive, hashList.prefix);
  } catch (error) {
    // An archive too damaged to read: every listed file counts as missing.
    console.error(`escrow: the archive cannot be read: ${(error as Error).message}`);
    actual = [];
  }
  return { archiveOk, files: compareDigests(hashList.files, actual) };
}
