/**
 * `npm run verify-build -- --provenance <provenance.json> --public-key <releasing party's PEM>`
 *
 * For auditors, on a clean checkout of the escrowed commit (a git clone, or an escrow archive
 * extracted and checked with `npm run escrow -- verify`): checks the provenance's signature,
 * that this checkout is its commit with its lockfile, rebuilds the renderer, main, preload,
 * app.asar and the SBOM into a scratch directory, and compares every file byte for byte (size,
 * sha256, sha512). One line per file; exit 0 only when everything is identical.
 *   --out <dir>           build there instead of a temporary directory (kept afterwards)
 *   --compare-only <dir>  no rebuild: compare an existing build output (e.g. another machine's)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRelease, releaseFileDigests } from './build-release.ts';
import { compareDigests, type FileDigest } from './digests.ts';
import { Provenance, toolVersions } from './provenance.ts';
import { readPublicKey, verifyDocument } from './signing.ts';
import { sourceState } from './source-state.ts';

const { values } = parseArgs({
  options: {
    provenance: { type: 'string' },
    'public-key': { type: 'string' },
    out: { type: 'string' },
    'compare-only': { type: 'string' },
  },
});
if (!values.provenance || !values['public-key']) {
  console.error('verify-build: --provenance <file> and --public-key <PEM> are required');
  process.exit(2);
}

const verified = verifyDocument('provenance', JSON.parse(readFileSync(values.provenance, 'utf8')), readPublicKey(values['public-key']));
if (!verified.ok) {
  console.error(`verify-build: FAIL provenance signature: ${verified.reason}`);
  process.exit(1);
}
const parsed = Provenance.safeParse(verified.document);
if (!parsed.success) {
  console.error(`verify-build: FAIL provenance is signed but malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  process.exit(1);
}
const provenance = parsed.data;
console.log(`verify-build: provenance signature OK (key ${verified.keyId}); ${provenance.product.name} ${provenance.product.version}, commit ${provenance.commit}`);

let failures = 0;
let actual: FileDigest[];
if (values['compare-only']) {
  actual = releaseFileDigests(path.resolve(values['compare-only']));
} else {
  const root = process.cwd();
  const source = sourceState(root);
  const check = (ok: boolean, what: string, detail: string): void => {
    console.log(`${ok ? 'ok        ' : 'MISMATCH  '}${what}: ${detail}`);
    if (!ok) failures++;
  };
  check(source.commit === provenance.commit, 'commit', source.commit === provenance.commit ? source.commit : `checkout ${source.commit}, provenance ${provenance.commit}`);
  check(source.clean, 'checkout', source.clean ? `clean (${source.from})` : 'has changes or untracked files');
  check(source.lockfileSha256 === provenance.lockfile.sha256, 'package-lock.json', `sha256 ${source.lockfileSha256}`);
  // Tool versions are reported, not judged: the bytes decide. A difference explains a mismatch.
  const tools = toolVersions(root);
  for (const [tool, version] of Object.entries(provenance.tools)) {
    const note = tools[tool] === version ? '' : `  (this machine: ${tools[tool] ?? 'absent'} — a different version may explain a difference)`;
    console.log(`tool      ${tool} ${version}${note}`);
  }
  const scratch = values.out ? path.resolve(values.out) : mkdtempSync(path.join(os.tmpdir(), 'channeldesk-verify-'));
  await buildRelease({ root, outDir: scratch });
  actual = releaseFileDigests(scratch);
  if (!values.out) rmSync(scratch, { recursive: true, force: true });
}

const labels = { identical: 'identical ', differs: 'DIFFERS   ', missing: 'MISSING   ', unexpected: 'UNEXPECTED' } as const;
for (const result of compareDigests(provenance.files, actual)) {
  const shown = result.actual ?? result.expected;
  let line = `${labels[result.status]}${result.path}  sha256 ${shown?.sha256 ?? '-'}`;
  if (result.status === 'differs') line += `  (signed: ${result.expected?.sha256}, ${result.expected?.size} bytes; rebuilt: ${result.actual?.size} bytes)`;
  console.log(line);
  if (result.status !== 'identical') failures++;
}
if (failures > 0) {
  console.log(`verify-build: FAIL — ${failures} difference(s) from the signed provenance`);
  process.exit(1);
}
console.log(`verify-build: OK — all ${provenance.files.length} files identical to the signed provenance`);
