import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { UpdateCheckQuery, UpdateResultRequest } from '../../../institution/contract/update-api.ts';
import { pinnedServerIdentity } from '../api/tls-identity.ts';
import type { Allowlist } from '../net/allowlist.ts';

/**
 * The desk's side of the institution's update server: check, report, download. Every URL
 * is built from the update base (the profile's `updateUrl`, else its first API URL) and
 * must pass the profile's allowlist; TLS is pinned to the profile's keys like every API
 * call. Downloads resume with an HTTP range request from what is already on disk, and a
 * file counts only once its size and sha512 are the signed manifest's.
 */
export class UpdateTransferError extends Error {
  /** `throttled`: the server answered 429 (too many checks) — check again later, nothing is wrong. */
  readonly code: 'refused-url' | 'network' | 'http' | 'throttled' | 'size-mismatch' | 'hash-mismatch' | 'bad-response';
  /** With `throttled`: the server's Retry-After in milliseconds (null when absent or unreadable). */
  readonly retryAfterMs: number | null;
  constructor(code: UpdateTransferError['code'], message: string, retryAfterMs: number | null = null) {
    super(message);
    this.name = 'UpdateTransferError';
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Retry-After in delta-seconds (an HTTP date is not trusted: the desk's clock may be off), capped at a day. */
export function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return null;
  return Math.min(Number(value.trim()), 86_400) * 1000;
}

export interface UpdateServer {
  /** The raw JSON answer of `GET /updates/check` (the caller validates it). */
  check(query: UpdateCheckQuery): Promise<unknown>;
  report(result: UpdateResultRequest): Promise<void>;
  /** Downloads `path` to `dest`, resuming `dest.part`; resolves once size and sha512 match. */
  download(path: string, dest: string, expected: { size: number; sha512: string }, onProgress?: (received: number) => void): Promise<void>;
}

export interface UpdateServerOptions {
  /** e.g. https://updates.bank.com:8443 (a path prefix is kept). */
  baseUrl: string;
  pins: readonly string[];
  caPem?: string;
  allowlist: Pick<Allowlist, 'decide'>;
  timeoutMs?: number;
}

const MAX_JSON_BYTES = 512 * 1024;

export function createUpdateServer(o: UpdateServerOptions): UpdateServer {
  const base = o.baseUrl.replace(/\/+$/, '');
  const timeoutMs = o.timeoutMs ?? 30_000;
  const checkServerIdentity = pinnedServerIdentity(o.pins);

  function url(pathAndQuery: string): URL {
    const u = new URL(`${base}${pathAndQuery}`);
    const decision = o.allowlist.decide(u.href);
    if (!decision.allow) throw new UpdateTransferError('refused-url', `update URL refused by the allowlist (${decision.reason})`);
    return u;
  }

  function send(method: 'GET' | 'POST', u: URL, headers: Record<string, string>, body?: Buffer): Promise<IncomingMessage> {
    const options: RequestOptions = {
      protocol: 'https:',
      hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: u.port === '' ? 443 : Number(u.port),
      path: `${u.pathname}${u.search}`,
      method,
      headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) },
      agent: false,
      minVersion: 'TLSv1.2',
      checkServerIdentity,
      timeout: timeoutMs,
      ...(o.caPem === undefined ? {} : { ca: o.caPem }),
    };
    return new Promise((resolve, reject) => {
      const req = httpsRequest(options, resolve);
      req.on('timeout', () => req.destroy(new UpdateTransferError('network', `${method} ${u.pathname} timed out`)));
      req.on('error', (e) => reject(e instanceof UpdateTransferError ? e : new UpdateTransferError('network', `${method} ${u.pathname}: network error`)));
      req.end(body);
    });
  }

  async function readJson(res: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > MAX_JSON_BYTES) {
        res.destroy();
        throw new UpdateTransferError('bad-response', 'update server answer too large');
      }
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      throw new UpdateTransferError('bad-response', 'update server answer is not JSON');
    }
  }

  async function hashFile(file: string): Promise<string> {
    const hash = createHash('sha512');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  return {
    async check(query) {
      const params = new URLSearchParams({ workstationId: query.workstationId, version: query.version, platform: query.platform, channel: query.channel });
      const res = await send('GET', url(`/api/v1/updates/check?${params.toString()}`), { accept: 'application/json' });
      if (res.statusCode === 429) {
        res.resume();
        throw new UpdateTransferError('throttled', 'update check throttled by the server', retryAfterMs(res.headers['retry-after']));
      }
      if (res.statusCode !== 200) {
        res.resume();
        throw new UpdateTransferError('http', `update check answered ${res.statusCode ?? 0}`);
      }
      return readJson(res);
    },

    async report(result) {
      const res = await send('POST', url('/api/v1/updates/results'), { 'content-type': 'application/json', accept: 'application/json' }, Buffer.from(JSON.stringify(result), 'utf8'));
      res.resume();
      if (res.statusCode !== 204) throw new UpdateTransferError('http', `update result answered ${res.statusCode ?? 0}`);
    },

    async download(path, dest, expected, onProgress) {
      const part = `${dest}.part`;
      await mkdir(dirname(dest), { recursive: true });
      let have = await stat(part).then((s) => s.size, () => 0);
      if (have > expected.size) {
        await rm(part, { force: true });
        have = 0;
      }
      if (have < expected.size) {
        const res = await send('GET', url(path), have > 0 ? { range: `bytes=${have}-` } : {});
        const status = res.statusCode ?? 0;
        if (status === 206 && have > 0) {
          // Resume only where the server says it resumes; anything else starts over.
          const m = /^bytes (\d+)-\d+\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''));
          if (m === null || Number(m[1]) !== have || Number(m[2]) !== expected.size) {
            res.resume();
            await rm(part, { force: true });
            throw new UpdateTransferError('bad-response', 'range answer does not continue the partial download');
          }
        } else if (status === 200) {
          have = 0;
        } else {
          res.resume();
          throw new UpdateTransferError('http', `artifact download answered ${status}`);
        }
        let received = have;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > expected.size) res.destroy(new UpdateTransferError('size-mismatch', 'artifact is larger than the manifest says'));
          else onProgress?.(received);
        });
        try {
          await pipeline(res, createWriteStream(part, { flags: have > 0 ? 'a' : 'w' }));
        } catch (error) {
          if (error instanceof UpdateTransferError && error.code === 'size-mismatch') await rm(part, { force: true });
          throw error instanceof UpdateTransferError ? error : new UpdateTransferError('network', 'artifact download interrupted (will resume)');
        }
      }
      const size = (await stat(part)).size;
      // A body that ended early is kept and resumed next time; the guard above stops a longer one.
      if (size < expected.size) throw new UpdateTransferError('network', 'artifact download incomplete (will resume)');
      if ((await hashFile(part)) !== expected.sha512) {
        // A wrong file is never resumed from: the next attempt starts clean.
        await rm(part, { force: true });
        throw new UpdateTransferError('hash-mismatch', 'artifact sha512 differs from the signed manifest');
      }
      await rename(part, dest);
    },
  };
}
