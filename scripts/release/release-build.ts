/**
 * `npm run release:build -- --out release/build (--key-file <ed25519 PEM> | --sign-command <cmd> --public-key <PEM>)`
 *
 * The release build: deterministic bundles and app.asar (build-release.ts), the SBOM, and the
 * provenance signed by the releasing party (<out>/provenance.json). Refuses a checkout with
 * changes or untracked files: a provenance names a commit, so the build must be that commit.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRelease } from './build-release.ts';
import { PROVENANCE_FILE } from './provenance.ts';
import { signDocument, signerFromOptions } from './signing.ts';
import { sourceState } from './source-state.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'release/build' },
    'key-file': { type: 'string' },
    'sign-command': { type: 'string' },
    'public-key': { type: 'string' },
  },
});

const root = process.cwd();
const signer = signerFromOptions({ key: values['key-file'], signCommand: values['sign-command'], publicKey: values['public-key'] });
if (!sourceState(root).clean) {
  console.error('release:build: the checkout has changes or untracked files; commit (or remove) them first — a provenance names one commit');
  process.exit(1);
}
const outDir = path.resolve(values.out);
const build = await buildRelease({ root, outDir });
const envelope = await signDocument('provenance', build.provenance, signer);
writeFileSync(path.join(outDir, PROVENANCE_FILE), `${JSON.stringify(envelope, null, 2)}\n`);

console.log(`release:build: commit ${build.provenance.commit}, ${build.provenance.files.length} files, ${build.sbom.components.length} production dependencies`);
for (const file of build.provenance.files) console.log(`  ${file.sha256}  ${file.path}`);
console.log(`release:build: signed provenance (key ${signer.keyId}) → ${path.join(values.out, PROVENANCE_FILE)}`);
