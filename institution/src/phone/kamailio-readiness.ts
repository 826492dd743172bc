import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ReadinessDeliveryEvent, ReadinessSink } from './readiness-sink.ts';

export interface KamailioReadinessOptions {
  /** Kamailio's jsonrpcs over xhttp, e.g. http://127.0.0.1:5080/RPC (a management address, never public). */
  rpcUrl: string;
  /** The htable the queue reads (kamailio queue.cfg: `ready`, key operatorId, value unix seconds). */
  table?: string;
  /** Retry backoff after a failed push: first wait, doubled up to `maxMs`. */
  retry?: { firstMs: number; maxMs: number };
  /** How often the sink checks whether Kamailio restarted (its htables are in memory) and re-pushes. 0: never. */
  restartCheckMs?: number;
  /** Per RPC request. */
  requestTimeoutMs?: number;
  onEvent?: (event: ReadinessDeliveryEvent) => void;
}

type Desired = { kind: 'ready'; since: number } | { kind: 'not-ready' };

const DEFAULTS = { table: 'ready', retry: { firstMs: 500, maxMs: 30_000 }, restartCheckMs: 10_000, requestTimeoutMs: 3_000 };

class RpcError extends Error {}

/**
 * The queue's readiness table in Kamailio, fed over JSON-RPC (`htable.seti` / `htable.delete`).
 * One worker delivers one operator's latest state at a time; a failure keeps it pending and
 * retries with backoff, so reports never wait for the SBC. Kamailio keeps htables in memory:
 * after it was unreachable, or when its start time changed, every Ready operator is pushed again.
 */
export function createKamailioReadinessSink(options: KamailioReadinessOptions): ReadinessSink {
  const table = options.table ?? DEFAULTS.table;
  const retry = options.retry ?? DEFAULTS.retry;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const sbc = new URL(options.rpcUrl).host;
  const emit = (event: ReadinessDeliveryEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // The owner's logging must not stop delivery.
    }
  };

  /** What Kamailio should hold for each operator we ever told it about. */
  const desired = new Map<string, Desired>();
  /** Operators whose desired state is not delivered yet, in the order they changed. */
  const pending = new Set<string>();
  let closed = false;
  let working: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let upSince: { since: unknown; uptime: number } | undefined;
  let unreachable = false;
  const waiters = new Set<() => void>();

  async function rpc(method: string, params: unknown[]): Promise<unknown> {
    const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 });
    const url = new URL(options.rpcUrl);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const text = await new Promise<string>((resolve, reject) => {
      // No keep-alive agent: a pooled socket to a Kamailio that just restarted fails the next push.
      const request = send(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' }, timeout: timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new RpcError('timed out')));
      request.on('error', reject);
      request.end(body);
    });
    let parsed: { result?: unknown; error?: { code?: number; message?: string } };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new RpcError('answer is not JSON-RPC');
    }
    if (parsed.error !== undefined) throw new RpcError(`${method}: ${String(parsed.error.code)} ${String(parsed.error.message)}`);
    return parsed.result;
  }

  async function deliver(operatorId: string, state: Desired): Promise<void> {
    if (state.kind === 'ready') {
      await rpc('htable.seti', [table, operatorId, state.since]);
      return;
    }
    try {
      await rpc('htable.delete', [table, operatorId]);
    } catch (error) {
      // Not there is what we want (never Ready, or lost in a Kamailio restart).
      if (!(error instanceof RpcError && /not found|no such/i.test(error.message))) throw error;
    }
  }

  function describe(error: unknown): string {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : error instanceof Error ? error.message.slice(0, 120) : 'failed';
  }

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  /** Marks every Ready operator pending again (Kamailio may have lost its table). */
  function requeueReady(why: 'restarted' | 'reachable-again'): void {
    let count = 0;
    for (const [operatorId, state] of desired) {
      if (state.kind !== 'ready') continue;
      pending.add(operatorId);
      count += 1;
    }
    emit({ kind: 'resynced', sbc, readyOperators: count, why });
  }

  async function work(): Promise<void> {
    let backoff = retry.firstMs;
    const failures = new Map<string, number>();
    while (!closed && pending.size > 0) {
      const operatorId = pending.values().next().value as string;
      const state = desired.get(operatorId);
      if (state === undefined) {
        pending.delete(operatorId);
        continue;
      }
      try {
        await deliver(operatorId, state);
        // A newer report during the request stays pending (same object = still the latest).
        if (desired.get(operatorId) === state) pending.delete(operatorId);
        const failed = failures.get(operatorId);
        if (failed !== undefined) {
          failures.delete(operatorId);
          emit({ kind: 'recovered', sbc, operatorId, change: state.kind, attempts: failed + 1 });
        }
        backoff = retry.firstMs;
        if (unreachable) {
          unreachable = false;
          requeueReady('reachable-again');
        }
      } catch (error) {
        const failed = failures.get(operatorId) ?? 0;
        if (failed === 0) emit({ kind: 'failed', sbc, operatorId, change: state.kind, error: describe(error) });
        failures.set(operatorId, failed + 1);
        unreachable = true;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, retry.maxMs);
      }
    }
    for (const resolve of waiters) resolve();
  }

  function kick(): void {
    if (closed) return;
    if (working === null) {
      working = work().finally(() => {
        working = null;
        // A change that arrived as the worker finished.
        if (!closed && pending.size > 0) kick();
      });
    } else {
      // A fresh report is worth trying now rather than after the current backoff.
      wake?.();
    }
  }

  function change(operatorId: string, state: Desired): void {
    if (closed) return;
    desired.set(operatorId, state);
    // Re-adding moves nothing in a Set; order among pending operators does not matter.
    pending.add(operatorId);
    kick();
  }

  const restartCheckMs = options.restartCheckMs ?? DEFAULTS.restartCheckMs;
  const checker =
    restartCheckMs > 0
      ? setInterval(() => {
          rpc('core.uptime', [])
            .then((result) => {
              // up_since has 1 s resolution: a restart within that second shows as uptime going down.
              const { up_since: since, uptime } = (result ?? {}) as { up_since?: unknown; uptime?: unknown };
              const restarted = upSince !== undefined && (since !== upSince.since || (typeof uptime === 'number' && uptime < upSince.uptime));
              upSince = { since, uptime: typeof uptime === 'number' ? uptime : 0 };
              if (restarted || unreachable) {
                unreachable = false;
                requeueReady(restarted ? 'restarted' : 'reachable-again');
                kick();
              }
            })
            .catch(() => {
              // Unreachable now: the next successful push re-sends every Ready operator.
              unreachable = true;
            });
        }, restartCheckMs)
      : undefined;
  checker?.unref();

  return {
    ready: (operatorId, since) => change(operatorId, { kind: 'ready', since }),
    notReady: (operatorId) => change(operatorId, { kind: 'not-ready' }),
    async settled(waitMs) {
      if (pending.size === 0 && working === null) return true;
      let resolveWaiter: () => void = () => undefined;
      const done = new Promise<boolean>((resolve) => {
        resolveWaiter = () => resolve(pending.size === 0);
        waiters.add(resolveWaiter);
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      });
      try {
        return await Promise.race([done, timeout]);
      } finally {
        clearTimeout(timer);
        waiters.delete(resolveWaiter);
      }
    },
    async close() {
      closed = true;
      if (checker !== undefined) clearInterval(checker);
      wake?.();
      await working;
    },
  };
}
