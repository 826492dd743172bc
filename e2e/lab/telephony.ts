/**
 * TEST/DEMO HARNESS ONLY — never shipped. The telephony lab: Kamailio (registrar, proxy,
 * ephemeral auth, WS/WSS, queue) and rtpengine-daemon as children on loopback ports, with a
 * config written into a temp dir. See docs/architecture.md "Telephony lab".
 *
 *   const lab = await startTelephonyLab({ secret });
 *   lab.wssUrl, lab.rpc('htable.seti', ['ready', 'agent01', 1700000000]), lab.close()
 */
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDevTls } from '../../institution/src/tls/dev-ca.ts';
import { DEFAULT_GATEWAY_PATTERN, renderKamailioConfig, type KamailioConfigParams } from './kamailio/render.ts';
import { locateLabBinaries, type LabBinaries } from './preflight.ts';
import { Daemon, freePort, waitUntil } from './processes.ts';
import { ngCallIds, ngPing, startRtpengine, type RtpengineProcess } from './rtpengine.ts';

export interface TelephonyLabOptions {
  /** auth_ephemeral's secret, shared with the institution that issues SIP credentials. */
  secret: string;
  /** PEM server certificate/key for WSS (SAN 127.0.0.1). Default: the dev CA in tlsDir. */
  tls?: { certPem: string; keyPem: string; caCertPem: string };
  /** Where ensureDevTls keeps the dev CA when `tls` is not given (default: the temp dir). */
  tlsDir?: string;
  domain?: string;
  queue?: string;
  ringMs?: number;
  /** "host:port" of the plain-SIP gateway (e.g. SIPp); settable later with setGateway. */
  gateway?: string;
  gatewayPattern?: string;
  /** Kamailio debug level; 1 (notices) keeps auth_ephemeral from logging the secret (info). */
  logLevel?: number;
  startTimeoutMs?: number;
  binaries?: Partial<LabBinaries>;
}

export interface TelephonyLab {
  wsUrl: string;
  wssUrl: string;
  udpPort: number;
  rpcUrl: string;
  domain: string;
  queue: string;
  caCertPem: string;
  binaries: LabBinaries;
  /** The temp dir with the rendered config (removed by close). */
  workDir: string;
  rtp: { ngPort: number; portMin: number; portMax: number };
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  /** Call-IDs that rtpengine is relaying media for right now. */
  relayedCalls(): Promise<string[]>;
  /** rtpengine answers, Kamailio answers RPC and sees rtpengine enabled. */
  healthy(): Promise<boolean>;
  markReady(operatorId: string, sinceUnixSeconds?: number): Promise<void>;
  markNotReady(operatorId: string): Promise<void>;
  setGateway(hostPort: string): Promise<void>;
  kamailioPid(): number | undefined;
  /** Kills Kamailio's process group (default SIGKILL, a crash) and waits for it to be gone. */
  killKamailio(signal?: NodeJS.Signals): Promise<void>;
  /** Starts Kamailio again on the same ports and waits until healthy. */
  restartKamailio(): Promise<void>;
  /** Recent Kamailio and rtpengine output, for failure messages. */
  logs(): string;
  close(): Promise<void>;
}

const READY_TABLE = 'ready';

// node:http without an agent: a pooled keep-alive socket to a Kamailio that was just
// restarted would fail the first call after a restart.
function postJson(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' }, timeout: 3000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('rpc timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

export async function startTelephonyLab(options: TelephonyLabOptions): Promise<TelephonyLab> {
  const binaries = locateLabBinaries(options.binaries);
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-telephony-'));
  let rtp: RtpengineProcess | undefined;
  let kamailio: Daemon | undefined;
  const cleanup = async (): Promise<void> => {
    await kamailio?.stop();
    await rtp?.daemon.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const tls = options.tls ?? (await ensureDevTls(options.tlsDir ?? path.join(dir, 'dev-ca')));
    const runDir = path.join(dir, 'run');
    await mkdir(runDir, { mode: 0o700 });
    const tlsCertFile = path.join(dir, 'wss-cert.pem');
    const tlsKeyFile = path.join(dir, 'wss-key.pem');
    await writeFile(tlsCertFile, tls.certPem, { mode: 0o600 });
    await writeFile(tlsKeyFile, tls.keyPem, { mode: 0o600 });

    // rtpengine and Kamailio start in parallel (each takes ~0.6 s, mostly process start-up);
    // Kamailio marks a relay that did not answer its first ping as disabled, so once both
    // are up the harness re-enables it over RPC (rtpengine.enable).
    const ngPort = await freePort('udp');
    const rtpStarting = startRtpengine(binaries.rtpengine, dir, ngPort, Date.now() + startTimeoutMs);
    rtpStarting.catch(() => undefined);
    const base: Omit<KamailioConfigParams, 'udpPort' | 'wsPort' | 'wssPort' | 'rpcPort'> = {
      domain: options.domain ?? 'lab.channeldesk.test',
      ngPort,
      secret: options.secret,
      tlsCertFile,
      tlsKeyFile,
      gateway: options.gateway ?? '',
      gatewayPattern: options.gatewayPattern ?? DEFAULT_GATEWAY_PATTERN,
      queue: options.queue ?? '4000',
      ringMs: options.ringMs ?? 15_000,
      logLevel: options.logLevel ?? 1,
    };
    let params: KamailioConfigParams | undefined;
    const rpcUrl = (): string => `http://127.0.0.1:${params?.rpcPort ?? 0}/RPC`;
    const rpc = async (method: string, rpcParams: unknown[] = []): Promise<unknown> => {
      const text = await postJson(rpcUrl(), JSON.stringify({ jsonrpc: '2.0', method, params: rpcParams, id: 1 }));
      const body = JSON.parse(text) as { result?: unknown; error?: { code: number; message: string } };
      if (body.error !== undefined) throw new Error(`rpc ${method}: ${body.error.code} ${body.error.message}`);
      return body.result;
    };
    const healthy = async (): Promise<boolean> => {
      try {
        if (!(await ngPing(ngPort, 300))) return false;
        await rpc('core.uptime');
        const relays = (await rpc('rtpengine.show', ['all'])) as { disabled?: number }[];
        return Array.isArray(relays) && relays.length > 0 && relays.every((relay) => relay.disabled === 0);
      } catch {
        return false;
      }
    };

    const enableRelay = async (deadline: number): Promise<void> => {
      for (;;) {
        await rpc('rtpengine.enable', ['all', 1]).catch(() => undefined);
        if (await healthy()) return;
        if (Date.now() > deadline) throw new Error(`Kamailio does not see rtpengine as enabled\n${kamailio?.log() ?? ''}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    // Starts Kamailio with `params`; on a bind race with fresh ports, picks new ones.
    const launch = async (freshPorts: boolean): Promise<void> => {
      const deadline = Date.now() + startTimeoutMs;
      let lastError: unknown;
      for (let attempt = 0; attempt < 20 && Date.now() <= deadline; attempt += 1) {
        if (freshPorts || params === undefined) {
          params = { ...base, udpPort: await freePort('udp'), wsPort: await freePort('tcp'), wssPort: await freePort('tcp'), rpcPort: await freePort('tcp') };
          const files = renderKamailioConfig(params);
          for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text, { mode: 0o600 });
        }
        kamailio = new Daemon('kamailio', binaries.kamailio, ['-DD', '-E', '-f', path.join(dir, 'kamailio.cfg'), '-Y', runDir, '-w', runDir], dir);
        try {
          await waitUntil('Kamailio', kamailio, deadline, async () => (await rpc('core.uptime')) !== undefined);
          return;
        } catch (error) {
          const log = kamailio.log();
          lastError = new Error(`${(error as Error).message}\n--- kamailio log ---\n${log}`);
          await kamailio.stop(1000);
          // Only a port race is worth another try; a config or module error is final.
          if (!/bind|Address already in use/i.test(log)) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      throw lastError instanceof Error ? lastError : new Error('Kamailio did not start');
    };
    // Kill a half-started rtpengine too if Kamailio fails (cleanup only sees `rtp` once set).
    await launch(true).catch(async (error: unknown) => {
      rtp = await rtpStarting.catch(() => undefined);
      throw error;
    });
    rtp = await rtpStarting;
    await enableRelay(Date.now() + startTimeoutMs);
    const started = params as KamailioConfigParams | undefined;
    if (started === undefined) throw new Error('Kamailio did not start');

    // The harness plays the institution's part: it re-applies readiness and the gateway
    // after a Kamailio restart (htables are in memory), as the institution must re-sync.
    const readyState = new Map<string, number>();
    let gateway = base.gateway;
    let closed = false;
    return {
      wsUrl: `ws://127.0.0.1:${started.wsPort}`,
      wssUrl: `wss://127.0.0.1:${started.wssPort}`,
      udpPort: started.udpPort,
      rpcUrl: rpcUrl(),
      domain: started.domain,
      queue: started.queue,
      caCertPem: tls.caCertPem,
      binaries,
      workDir: dir,
      rtp: { ngPort, portMin: rtp.portMin, portMax: rtp.portMax },
      rpc,
      healthy,
      relayedCalls: () => ngCallIds(rtp?.ngPort ?? 0),
      async markReady(operatorId, since = Math.floor(Date.now() / 1000)) {
        await rpc('htable.seti', [READY_TABLE, operatorId, since]);
        readyState.set(operatorId, since);
      },
      async markNotReady(operatorId) {
        readyState.delete(operatorId);
        await rpc('htable.delete', [READY_TABLE, operatorId]);
      },
      async setGateway(hostPort) {
        if (!/^[A-Za-z0-9.-]+:[0-9]{1,5}$/.test(hostPort)) throw new Error('gateway must be host:port');
        await rpc('htable.sets', ['lab', 'gateway', hostPort]);
        gateway = hostPort;
      },
      kamailioPid: () => kamailio?.pid,
      async killKamailio(signal = 'SIGKILL') {
        await kamailio?.stop(1000, signal);
      },
      async restartKamailio() {
        if (closed) throw new Error('lab is closed');
        await kamailio?.stop();
        // The same ports, so clients reconnect to the URLs they know.
        await launch(false);
        await enableRelay(Date.now() + startTimeoutMs);
        if (gateway !== '') await rpc('htable.sets', ['lab', 'gateway', gateway]);
        for (const [operatorId, since] of readyState) await rpc('htable.seti', [READY_TABLE, operatorId, since]);
      },
      logs: () => `--- kamailio ---\n${kamailio?.log() ?? ''}\n--- rtpengine ---\n${rtp?.daemon.log() ?? ''}`,
      async close() {
        if (closed) return;
        closed = true;
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
