/**
 * TEST/DEMO HARNESS ONLY — rtpengine-daemon in userspace (`--table=-1`, no kernel module) as
 * a child on loopback, with its NG control port for Kamailio's rtpengine module.
 */
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { Daemon, waitUntil } from './processes.ts';

export interface RtpengineProcess {
  daemon: Daemon;
  ngPort: number;
  portMin: number;
  portMax: number;
}

/** Sends one bencoded NG command over UDP; the raw reply (without cookie), or undefined. */
export async function ngCommand(ngPort: number, bencoded: string, timeoutMs = 500): Promise<string | undefined> {
  const socket = createSocket('udp4');
  const cookie = randomBytes(6).toString('hex');
  try {
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      socket.on('message', (message) => {
        const text = message.toString('latin1');
        if (!text.startsWith(`${cookie} `)) return;
        clearTimeout(timer);
        resolve(text.slice(cookie.length + 1));
      });
      socket.on('error', () => resolve(undefined));
      socket.send(`${cookie} ${bencoded}`, ngPort, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

export async function ngPing(ngPort: number, timeoutMs = 500): Promise<boolean> {
  return (await ngCommand(ngPort, 'd7:command4:pinge', timeoutMs)) === 'd6:result4:ponge';
}

/** The Call-IDs rtpengine currently relays (NG "list"). */
export async function ngCallIds(ngPort: number): Promise<string[]> {
  const reply = await ngCommand(ngPort, 'd7:command4:liste', 1000);
  if (reply === undefined) throw new Error('rtpengine did not answer "list"');
  // d5:callsl<len>:<id>...e6:result2:oke — bencoded strings inside the "calls" list.
  const list = /5:callsl(.*)e6:result/.exec(reply)?.[1] ?? '';
  const ids: string[] = [];
  for (let at = 0; at < list.length; ) {
    const colon = list.indexOf(':', at);
    const length = Number(list.slice(at, colon));
    if (colon < 0 || !Number.isInteger(length)) break;
    ids.push(list.slice(colon + 1, colon + 1 + length));
    at = colon + 1 + length;
  }
  return ids;
}

/**
 * Starts rtpengine on `ngPort` (already written into Kamailio's config, so it is fixed) and
 * waits for its NG "pong". A media window taken by someone else is retried with another.
 */
export async function startRtpengine(binary: string, cwd: string, ngPort: number, deadline: number): Promise<RtpengineProcess> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // Media ports below Linux's ephemeral range (32768+), so they never collide with the
    // ports the OS hands out; a random window keeps parallel labs apart.
    const portMin = 20_000 + 2 * Math.floor(Math.random() * 5_000);
    const portMax = portMin + 199;
    const daemon = new Daemon('rtpengine', binary, [
      '--config-file=none',
      '--foreground',
      '--table=-1',
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${ngPort}`,
      `--port-min=${portMin}`,
      `--port-max=${portMax}`,
      // An EC certificate: generating the default RSA one costs ~0.5 s of every start.
      '--dtls-cert-cipher=prime256v1',
      '--num-threads=2',
      '--delete-delay=0',
      '--log-stderr',
      '--no-log-timestamps',
      '--log-level=5',
    ], cwd);
    try {
      await waitUntil('rtpengine', daemon, deadline, () => ngPing(ngPort, 200));
      return { daemon, ngPort, portMin, portMax };
    } catch (error) {
      lastError = new Error(`${(error as Error).message}\n--- rtpengine log ---\n${daemon.log()}`);
      await daemon.stop(1000);
      if (Date.now() > deadline) break;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('rtpengine did not start');
}
