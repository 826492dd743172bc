import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request } from 'node:https';
import { createPublicKey } from 'node:crypto';
import { parseArgs } from 'node:util';
import { API_PREFIX } from '../../contract/api.ts';
import { ReleaseSummary } from '../../contract/update-api.ts';
import { UpdatePlatform } from '../../contract/update-manifest.ts';
import { buildManifest, commandSigner, keyFileSigner, signManifest } from '../updates/release-signing.ts';
import type { CliIo } from './run-cli.ts';
import { readSecretLine } from './read-secret.ts';

export const PUBLISH_USAGE = `  publish-release --server https://HOST:PORT [--ca FILE] --operator ID --version X.Y.Z [--channel stable]
                  --artifact PLATFORM=FILE [--artifact ...] --key-id ID
                  (--key-file ED25519-PRIVATE.pem | --sign-command "CMD" --public-key ED25519-PUBLIC.pem)
                  [--percent 0-100] [--group NAME ...] [--valid-days 30] [--min-supported X.Y.Z] [--provenance FILE]
                  (signs the manifest — with the key file, or by CMD, which reads the canonical manifest bytes on
                  stdin and prints the base64 Ed25519 signature — verifies it, uploads the artifacts, publishes;
                  the operator's password is read from stdin)`;

const OPTIONS = {
  server: { type: 'string' },
  ca: { type: 'string' },
  operator: { type: 'string' },
  version: { type: 'string' },
  channel: { type: 'string', default: 'stable' },
  artifact: { type: 'string', multiple: true },
  'key-id': { type: 'string' },
  'key-file': { type: 'string' },
  'sign-command': { type: 'string' },
  'public-key': { type: 'string' },
  percent: { type: 'string' },
  group: { type: 'string', multiple: true },
  'valid-days': { type: 'string', default: '30' },
  'min-supported': { type: 'string' },
  provenance: { type: 'string' },
} as const;

/** A usage mistake: run-cli prints the usage for errors with an ERR_PARSE_ARGS code. */
function usage(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_PUBLISH' });
}

interface Http {
  json(method: string, path: string, body: unknown, token?: string): Promise<{ status: number; json: unknown }>;
  upload(path: string, file: string, token: string): Promise<{ status: number; json: unknown }>;
}

function httpClient(server: string, caPem: string | undefined): Http {
  const send = (method: string, path: string, headers: Record<string, string>, body: (req: ReturnType<typeof request>) => void) =>
    new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = request(new URL(`${API_PREFIX}${path}`, server), { method, headers: { accept: 'application/json', ...headers }, ...(caPem === undefined ? {} : { ca: caPem }) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      });
      req.on('error', reject);
      body(req);
    });
  return {
    json: (method, path, body, token) => {
      const text = JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      return send(method, path, headers, (req) => req.end(text));
    },
    upload: async (path, file, token) => {
      const size = (await stat(file)).size;
      return send('PUT', path, { 'content-type': 'application/octet-stream', 'content-length': String(size), authorization: `Bearer ${token}` }, (req) => createReadStream(file).pipe(req));
    },
  };
}

function apiError(step: string, response: { status: number; json: unknown }): Error {
  const code = (response.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new Error(`${step} failed: HTTP ${response.status}${code?.code === undefined ? '' : ` ${code.code}: ${code.message ?? ''}`}`);
}

export async function publishReleaseCommand(argv: string[], io: CliIo, now: () => Date = () => new Date()): Promise<void> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const server = values.server;
  const operator = values.operator;
  const version = values.version;
  const keyId = values['key-id'];
  if (server === undefined || operator === undefined || version === undefined || keyId === undefined) throw usage('--server, --operator, --version and --key-id are required');
  if ((values['key-file'] === undefined) === (values['sign-command'] === undefined)) throw usage('exactly one of --key-file or --sign-command is required');
  const artifacts = (values.artifact ?? []).map((spec) => {
    const eq = spec.indexOf('=');
    const platform = UpdatePlatform.safeParse(spec.slice(0, eq));
    if (eq < 1 || !platform.success) throw usage(`--artifact PLATFORM=FILE, PLATFORM one of ${UpdatePlatform.options.join(', ')}`);
    return { platform: platform.data, file: spec.slice(eq + 1) };
  });
  if (artifacts.length === 0) throw usage('at least one --artifact is required');
  const groups = values.group ?? [];
  const percent = Number(values.percent ?? (groups.length > 0 ? '0' : '100'));
  const validDays = Number(values['valid-days']);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw usage('--percent is an integer 0–100');
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 366) throw usage('--valid-days is an integer 1–366');

  let signing;
  if (values['key-file'] !== undefined) {
    signing = keyFileSigner(readFileSync(values['key-file'], 'utf8'));
  } else {
    if (values['public-key'] === undefined) throw usage('--sign-command needs --public-key (the signature is verified before upload)');
    signing = { signer: commandSigner(values['sign-command'] ?? ''), publicKey: createPublicKey(readFileSync(values['public-key'], 'utf8')) };
  }
  const manifest = await buildManifest({
    version,
    channel: values.channel,
    artifacts,
    issuedAt: now(),
    validDays,
    ...(values['min-supported'] === undefined ? {} : { minimumSupportedVersion: values['min-supported'] }),
    ...(values.provenance === undefined ? {} : { provenanceFile: values.provenance }),
  });
  const signed = await signManifest(manifest, keyId, signing.signer, signing.publicKey);
  io.out(`signed manifest ${manifest.channel} ${manifest.version} (keyId ${keyId}, ${manifest.artifacts.length} artifact(s))`);

  const http = httpClient(server, values.ca === undefined ? undefined : readFileSync(values.ca, 'utf8'));
  const password = await readSecretLine(io.stdin, io.prompt, `password for ${operator}: `);
  const login = await http.json('POST', '/auth/console-login', { operatorId: operator, password });
  const token = (login.json as { accessToken?: string } | undefined)?.accessToken;
  if (login.status !== 200 || token === undefined) throw apiError('sign-in', login);
  for (const [i, a] of manifest.artifacts.entries()) {
    const uploaded = await http.upload(`/admin/updates/artifacts/${a.sha512}`, artifacts[i]?.file ?? '', token);
    if (uploaded.status !== 201) throw apiError(`upload of ${a.platform}`, uploaded);
    io.out(`uploaded ${a.platform} ${a.fileName} (${a.size} bytes)`);
  }
  const published = await http.json('POST', '/admin/updates/releases', { signed, rollout: { percent, groups } }, token);
  if (published.status !== 201) throw apiError('publish', published);
  const summary = ReleaseSummary.parse(published.json);
  io.out(`published ${summary.channel} ${summary.version}: rollout ${summary.rollout.percent}%${summary.rollout.groups.length > 0 ? ` + groups ${summary.rollout.groups.join(', ')}` : ''}`);
  await http.json('POST', '/auth/logout', {}, token).catch(() => undefined);
}
