/**
 * TEST/DEMO HARNESS ONLY — this host is never shipped. It stands in for Electron main
 * so the Vite-built renderer can run in a stock Chromium against the real institution,
 * and it is assembled from main's own Electron-free parts so the two cannot drift:
 *
 *   files    → main's app:// request handler (electron/main/app-protocol.ts): the same
 *              refusal table and the same security headers, CSP from the same profile inputs
 *   invokes  → main's invoke gate (electron/main/bridge/invoke-gate.ts): sender, channel and
 *              argument checks, then core's dispatcher with main's own handlers
 *   events   → main's event fan-out (electron/main/bridge/event-fanout.ts)
 *
 * What is the host's own, and says so: the transport (HTTP + SSE instead of IPC), the sender
 * check (Origin + Sec-Fetch-Site + the per-run key instead of Electron's frame check), and
 * the one `<script>` it adds to index.html so `window.desk` exists before the renderer runs.
 *
 * It listens on 127.0.0.1 only and answers only requests whose Host is itself (DNS
 * rebinding). The bridge answers only callers holding the per-run key: the page gets it in
 * its URL fragment (never sent to any server), so a local process that merely knows the
 * port and the right Origin cannot drive the desk after the tab is closed.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { DeskResult } from '../../electron/contract/errors.ts';
import { createDeskCore, type DeskCore } from '../../electron/core/desk-core.ts';
import { createStaticKeyProvider } from '../../electron/core/outbox/crypto.ts';
import type { UpdaterConfig } from '../../electron/core/updates/update-domain.ts';
import { rendererCsp } from '../../electron/core/security/csp.ts';
import { createAppRequestHandler, securityHeaders, type AppRequestHandler } from '../../electron/main/app-protocol.ts';
import { forwardCoreEvents, type EventRecipient } from '../../electron/main/bridge/event-fanout.ts';
import { createInvokeGate, type InvokeGate } from '../../electron/main/bridge/invoke-gate.ts';
import { createMainHandlers } from '../../electron/main/handlers/main-handlers.ts';
import { APP_ORIGIN } from '../../electron/main/origin.ts';
import { auditInto } from '../../electron/main/security-events.ts';
import { bundleBridge } from './bridge-bundle.ts';
import { createNotificationRecorder, type RecordedNotification } from './notification-recorder.ts';
import { BRIDGE_PATH, injectBridge } from './bridge-tag.ts';
import { EVENTS_PATH, INVOKE_PATH, KEY_HEADER, KEY_PARAM } from './browser-transport.ts';

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
  /** The core's HTTPS connection pool (default on); false: one TLS connection per request (the KB keystroke bench's baseline). */
  apiPool?: boolean;
  /** Where the core's diagnostics go (error types and channel names only); stderr by default. */
  log?: (message: string) => void;
  /** Signed updates: pinned update keys and a stand-in for main's installer (none: the updater is disabled). */
  updates?: UpdaterConfig;
}

export interface DeskHost {
  /** Where to open the desk: carries the per-run key in its fragment. */
  url: string;
  /** The host's origin, without the key (for tests that play a stranger). */
  origin: string;
  /** The per-run key (for tests that play the page's transport directly). */
  key: string;
  /** The CSP every response carries: computed from the verified profile, as main does. */
  csp: string;
  /** The core behind the bridge (tests read its state; the page only ever uses window.desk). */
  core: DeskCore;
  /** The desktop notifications main's `notify.*` handler showed, in order (the host records them). */
  notifications: readonly RecordedNotification[];
  close(): Promise<void>;
}


const MAX_BODY_BYTES = 64 * 1024;
const KEEP_ALIVE_MS = 15_000;

const failure = (code: 'forbidden_sender' | 'bad_request' | 'internal'): DeskResult<never> => ({ ok: false, error: { code } });

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

/** Constant-time comparison of the presented key with the run's key. */
function keyMatches(presented: string | null, key: string): boolean {
  if (presented === null || presented.length !== key.length) return false;
  let diff = 0;
  for (let i = 0; i < key.length; i += 1) diff |= presented.charCodeAt(i) ^ key.charCodeAt(i);
  return diff === 0;
}

interface Wiring {
  core: DeskCore;
  csp: string;
  headers: Record<string, string>;
  files: AppRequestHandler;
  gate: InvokeGate;
}

export async function startDeskHost(options: DeskHostOptions): Promise<DeskHost> {
  const bridgeScript = await bundleBridge();
  const key = randomBytes(24).toString('base64url');
  const recipients = new Set<EventRecipient>();
  let wiring: Wiring | null = null;
  let origin = '';
  let hostHeader = '';

  function send(res: http.ServerResponse, status: number, contentType: string, body: string | Buffer): void {
    // Before core has verified the profile there is no CSP yet: only refusals go out then.
    res.writeHead(status, { ...(wiring?.headers ?? {}), 'content-type': contentType });
    res.end(body);
  }
  function sendResult(res: http.ServerResponse, status: number, result: DeskResult<unknown>): void {
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(result));
  }

  /** The browser's stand-in for Electron's frame check: null for our page, else why not. */
  function senderProblem(req: http.IncomingMessage, presentedKey: string | null, originRequired: boolean): string | null {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return 'cross-site';
    const requestOrigin = req.headers.origin;
    if (requestOrigin === undefined ? originRequired : requestOrigin !== origin) return 'origin';
    if (!keyMatches(presentedKey, key)) return 'key';
    return null;
  }

  async function handleInvoke(req: http.IncomingMessage, res: http.ServerResponse, w: Wiring, channel: string): Promise<void> {
    const header = req.headers[KEY_HEADER];
    const problem = senderProblem(req, typeof header === 'string' ? header : null, true);
    const sender = { problem, url: req.headers.origin ?? '' };
    // A stranger is refused (and audited) by the gate before its body is even read.
    if (problem !== null) return sendResult(res, 403, await w.gate(channel, [], sender));
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return sendResult(res, 415, failure('bad_request'));
    const text = await readBody(req);
    if (text === null) return sendResult(res, 413, failure('bad_request'));
    let args: unknown;
    try {
      args = JSON.parse(text);
    } catch {
      return sendResult(res, 400, failure('bad_request'));
    }
    // The transport sends the call's arguments as a JSON array, as ipcRenderer.invoke would pass them.
    if (!Array.isArray(args)) return sendResult(res, 400, failure('bad_request'));
    sendResult(res, 200, await w.gate(channel, args, sender));
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    const presented = new URL(req.url ?? '/', origin).searchParams.get(KEY_PARAM);
    if (senderProblem(req, presented, false) !== null) return sendResult(res, 403, failure('forbidden_sender'));
    res.writeHead(200, { ...(wiring?.headers ?? {}), 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const recipient: EventRecipient = {
      send: (channel, payload) => res.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`),
      isDestroyed: () => res.destroyed || res.writableEnded,
    };
    recipients.add(recipient);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    res.on('close', () => {
      clearInterval(keepAlive);
      recipients.delete(recipient);
    });
  }

  async function handleFile(req: http.IncomingMessage, res: http.ServerResponse, w: Wiring, rawPath: string): Promise<void> {
    // The same handler main registers for app://desk, fed the same path.
    const response = await w.files({ url: `${APP_ORIGIN}${rawPath}`, method: req.method ?? 'GET' });
    const headers = Object.fromEntries(response.headers.entries());
    let body = Buffer.from(await response.arrayBuffer());
    if (response.status === 200 && (headers['content-type'] ?? '').startsWith('text/html')) {
      body = Buffer.from(injectBridge(body.toString('utf8')), 'utf8');
      headers['content-length'] = String(body.length);
    }
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.headers.host !== hostHeader) return send(res, 421, 'text/plain; charset=utf-8', 'misdirected request');
    const w = wiring;
    if (!w) return sendResult(res, 503, failure('internal'));
    const rawPath = req.url ?? '/';
    const pathname = rawPath.split('?')[0] ?? '/';
    if (pathname.startsWith(INVOKE_PATH)) {
      if (req.method !== 'POST') return sendResult(res, 405, failure('bad_request'));
      let channel: string;
      try {
        channel = decodeURIComponent(pathname.slice(INVOKE_PATH.length));
      } catch {
        return sendResult(res, 400, failure('bad_request'));
      }
      return handleInvoke(req, res, w, channel);
    }
    if (req.method === 'GET' && pathname === EVENTS_PATH) return handleEvents(req, res);
    if (req.method === 'GET' && pathname === BRIDGE_PATH) return send(res, 200, 'text/javascript; charset=utf-8', bridgeScript);
    return handleFile(req, res, w, rawPath);
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

  const notifications = createNotificationRecorder();
  let core: DeskCore | null = null;
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
      appOrigin: APP_ORIGIN,
      devOrigins: [origin],
      // Main's own handlers, with this Node's versions where Electron's would be.
      mainHandlers: createMainHandlers({
        appVersion: HOST_APP_VERSION,
        versions: process.versions,
        // No desktop here: what main's handler would show is recorded (notification-recorder.ts).
        notifications: { Notification: notifications.Notification, focusWindow: () => undefined },
      }),
      log: options.log ?? ((message) => process.stderr.write(`[desk-core ${options.workstationId}] ${message}\n`)),
      ...(options.updates === undefined ? {} : { updates: options.updates }),
      ...(options.apiPool === undefined ? {} : { apiPool: options.apiPool }),
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
  const csp = rendererCsp(activeCore.profile);
  wiring = {
    core: activeCore,
    csp,
    headers: securityHeaders(csp),
    files: createAppRequestHandler({ rootDir: options.rendererDir, contentSecurityPolicy: csp }),
    gate: createInvokeGate({ dispatch: (c, p) => activeCore.dispatch(c, p), audit: auditInto(activeCore) }),
  };
  const stopEvents = forwardCoreEvents({ subscribe: (e, l) => activeCore.subscribe(e, l), targets: () => [...recipients] });

  return {
    url: `${origin}/#${KEY_PARAM}=${key}`,
    origin,
    key,
    csp,
    core: activeCore,
    notifications: notifications.shown,
    async close() {
      stopEvents();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await activeCore.close();
    },
  };
}

/** The desktop's own version (package.json), as Electron's app.getVersion() reports it in the app. */
const HOST_APP_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
