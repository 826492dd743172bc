/** Release signatures: key file and external signing command, canonical JSON, refusals. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandSigner, fileSigner, readPublicKey, signDocument, signerFromOptions, verifyDocument } from './signing.ts';
import { writeKeyPair } from './test-checkouts.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cd-signing-'));
const releaser = writeKeyPair(tmp, 'releaser');
const other = writeKeyPair(tmp, 'other');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// OpenSSL 3.0 signs Ed25519 in one shot and needs a file, not a pipe.
const opensslSign = (keyFile: string) => `f=$(mktemp) && cat > "$f" && openssl pkeyutl -sign -inkey '${keyFile}' -rawin -in "$f" | base64 -w0; rm -f "$f"`;

describe('release signing', () => {
  it('a key file signs canonical JSON: key order does not matter, any changed value does', async () => {
    const signed = await signDocument('provenance', { b: 1, a: [1, 2] }, fileSigner(releaser.privateKey));
    const key = readPublicKey(releaser.publicKey);
    expect(verifyDocument('provenance', { ...signed, provenance: { a: [1, 2], b: 1 } }, key)).toMatchObject({ ok: true, keyId: signed.keyId });
    expect(verifyDocument('provenance', { ...signed, provenance: { a: [1, 2], b: 2 } }, key)).toEqual({ ok: false, reason: 'signature does not verify' });
    expect(verifyDocument('hashList', signed, key)).toMatchObject({ ok: false });
    expect(verifyDocument('provenance', signed, readPublicKey(other.publicKey))).toMatchObject({ ok: false, reason: expect.stringContaining('not by the trusted key') });
  });

  it('an external command signs from stdin (openssl standing in for an HSM)', async () => {
    const signer = commandSigner(opensslSign(releaser.privateKey), releaser.publicKey);
    const signed = await signDocument('hashList', { commit: 'abc' }, signer);
    expect(verifyDocument('hashList', signed, readPublicKey(releaser.publicKey))).toMatchObject({ ok: true });
  });

  it('a command whose signature the named public key does not verify is refused', async () => {
    const signer = commandSigner(opensslSign(other.privateKey), releaser.publicKey);
    await expect(signDocument('hashList', { commit: 'abc' }, signer)).rejects.toThrow('does not verify');
    await expect(signDocument('hashList', {}, commandSigner('exit 3', releaser.publicKey))).rejects.toThrow('exited with 3');
  });

  it('options: one key source, and a command needs the public key', () => {
    expect(() => signerFromOptions({})).toThrow('a signing key is required');
    expect(() => signerFromOptions({ key: releaser.privateKey, signCommand: 'x' })).toThrow('not both');
    expect(() => signerFromOptions({ signCommand: 'x' })).toThrow('needs --public-key');
    expect(() => fileSigner(releaser.publicKey)).toThrow();
  });
});
