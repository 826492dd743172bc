/**
 * Benchmark: publish → `kb-changed` received by 1,000 connected desks, over the real event
 * stream (HTTPS + Server-Sent Events, institution/src/push/push-hub.ts with the per-space
 * audience) on loopback. The institution runs in a child process (bench/kb-push-server.ts);
 * this process holds KB_PUSH_CLIENTS (1,000) streams, one TLS connection and one agent
 * session each, and an author's console session.
 *
 *   npx node bench/kb-push.bench.ts            (KB_PUSH_CLIENTS, KB_PUSH_ROUNDS to change)
 *
 * Per round: the author creates a draft (not timed), then the clock starts and the author
 * publishes it; each client notes when its `kb-changed` for that article arrives. Printed:
 * time to the last client (per round), and each client's time (all rounds pooled), median
 * and p95. Baseline in the same run: the same clients learning it by pulling — each fetches
 * the article once, all at once over a keep-alive pool (64 sockets) — time to the last answer.
 * Also shown: a publication in a space agents cannot read reaches none of them. Figures only.
 */
import { fork } from 'node:child_process';
import https from 'node:https';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { API_PREFIX } from '../institution/contract/api.ts';
import { printHeader, printRatio, printRow, summarize } from './stats.ts';

const CLIENTS = Number(process.env.KB_PUSH_CLIENTS ?? 1_000);
const ROUNDS = Number(process.env.KB_PUSH_ROUNDS ?? 20);
const PULL_ROUNDS = 5;
const WAIT_MS = 30_000;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const ms = (x: number): number => x * 1e6; // stats.ts takes nanoseconds

interface Ready {
  url: string;
  caCertPem: string;
  agentTokens: string[];
  authorToken: string;
}

interface Client {
  /** articleId → performance.now() when its kb-changed arrived. */
  arrivals: Map<number, number>;
  close(): void;
}

function openStream(ready: Ready, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const arrivals = new Map<number, number>();
    const req = https.request(`${ready.url}${API_PREFIX}/events`, { agent: false, ca: ready.caCertPem, headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, timeout: 20_000 }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
      req.setTimeout(0);
      res.setEncoding('utf8');
      let buffer = '';
      let first = true;
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data === undefined) continue;
          if (first) {
            first = false;
            resolve({ arrivals, close: () => req.destroy() });
          }
          const event = JSON.parse(data) as { type: string; articleId?: number };
          if (event.type === 'kb-changed' && event.articleId !== undefined) arrivals.set(event.articleId, at);
        }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('events timed out')));
    req.end();
  });
}

const pool = new https.Agent({ keepAlive: true, maxSockets: 64 });

function call(ready: Ready, method: string, path: string, token: string, json?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = json === undefined ? undefined : JSON.stringify(json);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const req = https.request(`${ready.url}${API_PREFIX}${path}`, { method, agent: pool, ca: ready.caCertPem, headers, timeout: 20_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.length > 0 ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(payload);
  });
}

async function draft(ready: Ready, spaceId: string, round: number): Promise<{ articleId: number; version: number }> {
  const created = await call(ready, 'POST', '/kb/articles', ready.authorToken, { spaceId, title: `推送测试 ${round}`, body: `第 ${round} 轮：信用卡分期还款提醒。`, mandatory: false });
  if (created.status !== 201) throw new Error(`create answered ${created.status}`);
  return created.body as { articleId: number; version: number };
}

async function waitFor(done: () => boolean): Promise<boolean> {
  const until = performance.now() + WAIT_MS;
  while (!done() && performance.now() < until) await new Promise((r) => setTimeout(r, 2));
  return done();
}

async function main(): Promise<void> {
  printHeader(`KB push, ${CLIENTS} event streams, ${ROUNDS} publications; load average ${load()}`);
  const child = fork(new URL('./kb-push-server.ts', import.meta.url), { env: { ...process.env, KB_PUSH_CLIENTS: String(CLIENTS) } });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`institution exited with ${code}`)));
  });
  const clients: Client[] = [];
  try {
    const connectStart = performance.now();
    for (let i = 0; i < CLIENTS; i += 50) clients.push(...(await Promise.all(ready.agentTokens.slice(i, i + 50).map((t) => openStream(ready, t)))));
    console.log(`${clients.length} streams open in ${((performance.now() - connectStart) / 1000).toFixed(1)} s; load average ${load()}`);

    const perClient: number[] = [];
    const lastClient: number[] = [];
    const publishAnswer: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const { articleId, version } = await draft(ready, 'credit-card', round);
      const start = performance.now();
      const published = await call(ready, 'POST', `/kb/articles/${articleId}/publish`, ready.authorToken, { version });
      publishAnswer.push(ms(performance.now() - start));
      if (published.status !== 200) throw new Error(`publish answered ${published.status}`);
      if (!(await waitFor(() => clients.every((c) => c.arrivals.has(articleId))))) throw new Error(`round ${round}: not every client heard within ${WAIT_MS} ms`);
      const times = clients.map((c) => (c.arrivals.get(articleId) ?? Number.NaN) - start);
      perClient.push(...times.map(ms));
      lastClient.push(ms(Math.max(...times)));
    }

    // A space agents cannot read: none of their streams hears of it.
    const hidden = await draft(ready, 'claims', ROUNDS);
    await call(ready, 'POST', `/kb/articles/${hidden.articleId}/publish`, ready.authorToken, { version: hidden.version });
    const marker = await draft(ready, 'credit-card', ROUNDS + 1);
    await call(ready, 'POST', `/kb/articles/${marker.articleId}/publish`, ready.authorToken, { version: marker.version });
    await waitFor(() => clients.every((c) => c.arrivals.has(marker.articleId)));
    console.log(`publication in 保险理赔 (agents cannot read it) reached ${clients.filter((c) => c.arrivals.has(hidden.articleId)).length} of ${clients.length} agent streams`);

    // Baseline: every client pulls the article once, all at once.
    const pullEach: number[] = [];
    const pullLast: number[] = [];
    for (let round = 0; round < PULL_ROUNDS; round += 1) {
      const start = performance.now();
      const done = await Promise.all(
        ready.agentTokens.map(async (token) => {
          const answer = await call(ready, 'GET', `/kb/articles/${marker.articleId}`, token);
          if (answer.status !== 200) throw new Error(`pull answered ${answer.status}`);
          return performance.now() - start;
        }),
      );
      pullEach.push(...done.map(ms));
      pullLast.push(ms(Math.max(...done)));
    }

    console.log(`load average ${load()}`);
    const last = summarize(lastClient);
    const pulled = summarize(pullLast);
    printRow('publish answered (author)', summarize(publishAnswer), 'ms');
    printRow('push: each client', summarize(perClient), 'ms');
    printRow('push: last client', last, 'ms');
    printRow('pull baseline: each GET', summarize(pullEach), 'ms');
    printRow('pull baseline: last GET', pulled, 'ms');
    printRatio('push last / pull last', last, pulled);
    console.log(`target last client ≤ 1 s: ${last.p95 <= ms(1000) ? 'met' : 'missed'} (p95 of rounds ${(last.p95 / 1e6).toFixed(1)} ms, worst ${(Math.max(...lastClient) / 1e6).toFixed(1)} ms)`);
  } finally {
    for (const c of clients) c.close();
    pool.destroy();
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}

await main();
