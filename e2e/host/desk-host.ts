/**
 * TEST/DEMO HARNESS ONLY — this host is never shipped. It stands in for Electron main
 * so the Vite-built renderer can run in a stock Chromium against the real institution:
 *
 *   renderer ──window.desk──▶ /__desk/invoke/:channel ──▶ DeskCore.dispatch (same core as Electron main)
 *   renderer ◀──EventSource── /__desk/events          ◀── DeskCore.subscribe
 *
 * It listens on 127.0.0.1 only, answers only requests whose Host is itself (DNS
 * rebinding), checks the sender of every bridge request (Origin + Sec-Fetch-Site, the
 * browser's equivalent of Electron's sender-frame check), and serves the renderer with
 * the same CSP header Electron main sets.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { eventChannels } from '../../electron/contract/channels.ts';
import type { DeskResult } from '../../electron/contract/errors.ts';
import { createDeskCore, type DeskCore } from '../../electron/core/desk-core.ts';
import { createStaticKeyProvider } from '../../electron/core/outbox/crypto.ts';
import { contentSecurityPolicy } from '../../electron/core/security/csp.ts';
import { BRIDGE_PATH, createStaticFiles } from './static-files.ts';
import { EVENTS_PATH, INVOKE_PATH } from './browser-transport.ts';

export interface DeskHostOptions {
  /** The institution the signed profile names; checked against it so a lab cannot cross wires. */
  institutionUrl: string;
  caPem: string;
  trustedProfileKeys: Record<string, string>;
  signedProfile: unknown;
  dataDir: string;
  workstationId: string;
  /** The one-time code IT got when it registered the workstation; core enrolls with it at start. */
  enrollmentCode?: string;
  rendererDir: string;
  port?: number;
  /** Where the core's diagnostics go (error types and channel names only); stderr by default. */
  log?: (message: string) => void;
}

export interface DeskHost {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const KEEP_ALIVE_MS = 15_000;

const bridgeEntry = fileURLToPath(new URL('./bridge-entry.ts', import.meta.url));

let bridgeBundle: Promise<string> | null = null;

/** The bridge script, bundled once per process (every lab serves the same bytes). */
export function bundleBridge(): Promise<string> {
  bridgeBundle ??= buildBridge().catch((error: unknown) => {
    bridgeBundle = null;
    throw error;
  });
  return bridgeBundle;
}

async function buildBridge(): Promise<string> {
  const result = await build({
    entryPoints: [bridgeEntry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no bridge bundle');
  return output.text;
}

function failure(code: 'forbidden_sender' | 'bad_request' | 'internal'): DeskResult<never> {
  return { ok: false, error: { code } };
}

/** The body as text, or null when it exceeds the limit (read to the end so the answer still reaches the sender). */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startDeskHost(options: DeskHostOptions): Promise<DeskHost> {
  const bridgeScript = await bundleBridge();
  const serveStatic = createStaticFiles(options.rendererDir);
  const csp = contentSecurityPolicy({ connectSrc: [] });
  const baseHeaders: Record<string, string> = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
  const streams = new Set<http.ServerResponse>();
  let core: DeskCore | null = null;
  let origin = '';
  let hostHeader = '';

  function send(res: http.ServerResponse, status: number, contentType: string, body: string | Buffer): void {
    res.writeHead(status, { ...baseHeaders, 'content-type': contentType });
    res.end(body);
  }
  function sendResult(res: http.ServerResponse, status: number, result: DeskResult<unknown>): void {
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(result));
  }

  /** Same-origin only: a page from anywhere else (or a non-browser without Origin) is refused. */
  function senderIsRenderer(req: http.IncomingMessage, originRequired: boolean): boolean {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    const requestOrigin = req.headers.origin;
    if (requestOrigin === undefined) return !originRequired;
    return requestOrigin === origin;
  }

  async function handleInvoke(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (!senderIsRenderer(req, true)) return sendResult(res, 403, failure('forbidden_sender'));
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return sendResult(res, 415, failure('bad_request'));
    }
    const text = await readBody(req);
    if (text === null) return sendResult(res, 413, failure('bad_request'));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendResult(res, 400, failure('bad_request'));
    }
    // JSON has no `undefined`: the transport sends null for "no argument", which is what
    // the contract's argument-less channels (z.undefined()) expect.
    const payload = body === null ? undefined : body;
    if (!core) return sendResult(res, 503, failure('internal'));
    let result: DeskResult<unknown>;
    try {
      result = await core.dispatch(channel, payload);
    } catch {
      result = failure('internal');
    }
    sendResult(res, 200, result);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!senderIsRenderer(req, false)) return sendResult(res, 403, failure('forbidden_sender'));
    if (!core) return sendResult(res, 503, failure('internal'));
    res.writeHead(200, { ...baseHeaders, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const activeCore = core;
    const unsubscribers = Object.keys(eventChannels).map((channel) =>
      activeCore.subscribe(channel as keyof typeof eventChannels, (payload: unknown) => {
        res.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`);
      }),
    );
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    res.on('close', () => {
      clearInterval(keepAlive);
      for (const unsubscribe of unsubscribers) unsubscribe();
      streams.delete(res);
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.headers.host !== hostHeader) return send(res, 421, 'text/plain; charset=utf-8', 'misdirected request');
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith(INVOKE_PATH)) {
      if (req.method !== 'POST') return sendResult(res, 405, failure('bad_request'));
      let channel: string;
      try {
        channel = decodeURIComponent(pathname.slice(INVOKE_PATH.length));
      } catch {
        return sendResult(res, 400, failure('bad_request'));
      }
      return handleInvoke(req, res, channel);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    if (pathname === EVENTS_PATH) return handleEvents(req, res);
    if (pathname === BRIDGE_PATH) return send(res, 200, 'text/javascript; charset=utf-8', bridgeScript);
    const file = await serveStatic(pathname);
    if (file.kind === 'bad-path') return send(res, 400, 'text/plain; charset=utf-8', 'bad path');
    if (file.kind === 'not-found') return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    send(res, 200, file.contentType, file.body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendResult(res, 500, failure('internal'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('desk host: no TCP address');
  hostHeader = `127.0.0.1:${address.port}`;
  origin = `http://${hostHeader}`;

  try {
    core = await createDeskCore({
      dataDir: options.dataDir,
      workstationId: options.workstationId,
      ...(options.enrollmentCode === undefined ? {} : { enrollmentCode: options.enrollmentCode }),
      signedProfile: options.signedProfile,
      trustedProfileKeys: options.trustedProfileKeys,
      caPem: options.caPem,
      // The harness has no OS keystore: a per-host random key; its data dir is throwaway too.
      keyProvider: createStaticKeyProvider(randomBytes(32).toString('base64')),
      // The allowlist (Electron's webRequest gate) knows the app as app://desk; this
      // host's loopback origin is a dev origin to it. The browser enforces CSP instead.
      appOrigin: 'app://desk',
      devOrigins: [origin],
      log: options.log ?? ((message) => process.stderr.write(`[desk-core ${options.workstationId}] ${message}\n`)),
    });
    const wanted = new URL(options.institutionUrl).origin;
    if (!core.profile.api.baseUrls.some((u) => new URL(u).origin === wanted)) {
      throw new Error(`desk host: the signed profile does not name ${wanted}`);
    }
  } catch (error) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await core?.close();
    throw error;
  }
  const activeCore = core;

  return {
    url: `${origin}/`,
    async close() {
      for (const stream of streams) stream.end();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await activeCore.close();
    },
  };
}
