/**
 * `npm run escrow -- create [--commit <tag|commit>] [--out release/escrow] (--key-file <PEM> | --sign-command <cmd> --public-key <PEM>)`
 *   The escrow archive of a commit (default: HEAD, which must be tagged unless --commit names it)
 *   and its signed hash list: <out>/<name>-<version>-<commit12>-source.tar and ….hashes.json.
 * `npm run escrow -- verify --archive <tar> --hashes <hashes.json> --public-key <PEM>`
 *   Checks the signature, the archive's hashes and every file in it; exit 0 only if all match.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkEscrowArchive, createEscrow, EscrowHashList, resolveCommit } from './escrow-archive.ts';
import { readPublicKey, signDocument, signerFromOptions, verifyDocument } from './signing.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    commit: { type: 'string' },
    out: { type: 'string', default: 'release/escrow' },
    repo: { type: 'string', default: '.' },
    'key-file': { type: 'string' },
    'sign-command': { type: 'string' },
    'public-key': { type: 'string' },
    archive: { type: 'string' },
    hashes: { type: 'string' },
  },
});

const mode = positionals[0];
if (mode === 'create') {
  const signer = signerFromOptions({ key: values['key-file'], signCommand: values['sign-command'], publicKey: values['public-key'] });
  const repo = path.resolve(values.repo);
  if (!values.commit && resolveCommit(repo, 'HEAD').tag === null) {
    console.error('escrow: HEAD is not tagged; tag the release or name the commit with --commit');
    process.exit(2);
  }
  const { archivePath, hashList } = createEscrow({ repo, ref: values.commit ?? 'HEAD', outDir: path.resolve(values.out) });
  const hashesPath = archivePath.replace(/-source\.tar$/, '-source.hashes.json');
  writeFileSync(hashesPath, `${JSON.stringify(await signDocument('hashList', hashList, signer), null, 2)}\n`);
  console.log(`escrow: commit ${hashList.commit}${hashList.tag ? ` (${hashList.tag})` : ''}, ${hashList.files.length} files`);
  console.log(`  ${hashList.archive.sha256}  ${archivePath}`);
  console.log(`  signed hash list (key ${signer.keyId}) → ${hashesPath}`);
} else if (mode === 'verify') {
  if (!values.archive || !values.hashes || !values['public-key']) {
    console.error('escrow verify: --archive, --hashes and --public-key are required');
    process.exit(2);
  }
  const verified = verifyDocument('hashList', JSON.parse(readFileSync(values.hashes, 'utf8')), readPublicKey(values['public-key']));
  if (!verified.ok) {
    console.log(`escrow: FAIL hash list signature: ${verified.reason}`);
    process.exit(1);
  }
  const hashList = EscrowHashList.parse(verified.document);
  console.log(`escrow: hash list signature OK (key ${verified.keyId}); commit ${hashList.commit}${hashList.tag ? ` (${hashList.tag})` : ''}`);
  const check = checkEscrowArchive(readFileSync(values.archive), hashList);
  console.log(`${check.archiveOk ? 'identical ' : 'DIFFERS   '}${path.basename(values.archive)} (whole archive)`);
  let failures = check.archiveOk ? 0 : 1;
  for (const file of check.files) {
    if (file.status === 'identical') continue;
    failures++;
    console.log(`${file.status.toUpperCase().padEnd(10)}${file.path}`);
  }
  const same = check.files.filter((f) => f.status === 'identical').length;
  console.log(failures === 0 ? `escrow: OK — archive and all ${same} files match the signed hash list` : `escrow: FAIL — ${failures} difference(s); ${same} files match`);
  process.exit(failures === 0 ? 0 : 1);
} else {
  console.error('usage: npm run escrow -- create|verify [options] (see scripts/release/escrow.ts)');
  process.exit(2);
}
