/**
 * Open-loop load for bench/tickets.bench.ts: requests start on a fixed schedule (rate per
 * second) whether or not earlier ones have answered, as independent desks would send them.
 * A sample is the time from the request's SCHEDULED start to its last response byte, so a
 * server (or a load generator) that falls behind shows up in the figures instead of slowing
 * the schedule down (no coordinated omission).
 */
import { Agent, request } from 'node:https';

export interface LoadResult {
  /** Latency of every answered request, ns (2xx or not). */
  samplesNs: number[];
  /** Answers outside 2xx, by status, plus network failures under 0. */
  errors: Map<number, number>;
  /** Worst lateness of a start against its schedule, ns (the generator's own lag). */
  maxLagNs: number;
}

export interface HttpsTarget {
  url: string;
  caCertPem: string;
  agent: Agent;
}

export function keepAliveAgent(caCertPem: string): Agent {
  // Enough sockets that a slow answer never queues the next scheduled request behind it.
  return new Agent({ keepAlive: true, maxSockets: 64, ca: caCertPem });
}

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One request; resolves with the status (0 on a network failure) once the body is read. */
export function send(target: HttpsTarget, r: BenchRequest): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { accept: 'application/json', ...r.headers };
    if (r.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(r.body));
    }
    const req = request(`${target.url}${r.path}`, { method: r.method, agent: target.agent, headers, timeout: 30_000 }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(r.body);
  });
}

/** A GET's status and body text (set-up calls, not timed). */
export function getText(target: HttpsTarget, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${target.url}${path}`, { agent: target.agent, headers, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends `count` requests at `ratePerSecond`, request i made by `next(i)` at t0 + i / rate.
 * Resolves when all have answered.
 */
export async function openLoop(target: HttpsTarget, ratePerSecond: number, count: number, next: (i: number) => BenchRequest): Promise<LoadResult> {
  const intervalNs = 1e9 / ratePerSecond;
  const samplesNs: number[] = [];
  const errors = new Map<number, number>();
  const inFlight: Promise<void>[] = [];
  let maxLagNs = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const scheduled = t0 + BigInt(Math.round(i * intervalNs));
    // Timers fire late by up to a few ms; sleep to ~1 ms before, then start what is due.
    let now = process.hrtime.bigint();
    const aheadMs = Number(scheduled - now) / 1e6;
    if (aheadMs > 1.5) {
      await sleep(Math.floor(aheadMs - 1));
      now = process.hrtime.bigint();
    }
    maxLagNs = Math.max(maxLagNs, Number(now - scheduled));
    // Started up to ~1.5 ms early: time from the actual start then, never less than the work.
    const from = now > scheduled ? scheduled : now;
    const req = next(i);
    inFlight.push(
      send(target, req).then((status) => {
        samplesNs.push(Number(process.hrtime.bigint() - from));
        if (status < 200 || status > 299) errors.set(status === 0 ? -1 : status, (errors.get(status === 0 ? -1 : status) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(inFlight);
  return { samplesNs, errors, maxLagNs };
}

export function formatErrors(errors: Map<number, number>): string {
  if (errors.size === 0) return '0';
  return [...errors].map(([status, n]) => `${n}×${status < 0 ? 'network' : `HTTP ${status}`}`).join(', ');
}
