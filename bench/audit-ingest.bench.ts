/**
 * Benchmark: the real institution server (startInstitutionServer via the test harness:
 * HTTPS on 127.0.0.1, port 0, SQLite in a temp data dir) receiving one provisioned
 * workstation's signed audit chain in batches of 100 over `POST /api/v1/audit/events`
 * (schema check, hash + Ed25519 verification and linking of every event, one transaction).
 *
 *   npx node bench/audit-ingest.bench.ts
 *
 * Baseline in the same process, over the same keep-alive HTTPS client, interleaved with
 * the batches: `GET /api/v1/health`, so the ratio is the cost of verifying and storing
 * 100 events over a no-op request. One extra row times health over a NEW TLS connection
 * per request, because the desktop's API client does no keep-alive or session resumption
 * (docs/architecture.md "Decisions"): that is what each real delivery pays on top.
 * Prints median and p95 (ms), events/s and ratios. Figures only; no thresholds. The
 * server is closed and its data dir removed on exit.
 */
import https from 'node:https';
import { API_PREFIX, AuditBatchResponse } from '../institution/contract/api.ts';
import { createTestWorkstation, startTestInstitution } from '../institution/src/testing/harness.ts';
import { printHeader, printRatio, printRow, summarize, timeAsync } from './stats.ts';

const BATCH_SIZE = 100;
const BATCHES = 50;
const WARMUP_BATCHES = 5;
const HEALTH_PER_BATCH = 4;
const HEALTH_PATH = `${API_PREFIX}/health`;

/** One GET on a fresh agent: no pooled socket, no TLS session cache, so a full handshake each time. */
function healthOnNewConnection(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(HEALTH_PATH, url), { method: 'GET', ca, agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('health timed out')));
    req.on('error', reject);
    req.end();
  });
}

const t = await startTestInstitution();
try {
  const ws = createTestWorkstation('WS-BENCH-01');
  await t.provision(ws); // registered and enrolled with its one-time code; delivery needs no session

  const chain = ws.chain((WARMUP_BATCHES + BATCHES) * BATCH_SIZE);
  const health = async (): Promise<void> => {
    const r = await t.client.request('GET', HEALTH_PATH);
    if (r.status !== 200) throw new Error(`health answered ${r.status}`);
  };
  const sendBatch = async (index: number): Promise<void> => {
    const events = chain.slice(index * BATCH_SIZE, (index + 1) * BATCH_SIZE);
    const r = await t.client.request('POST', `${API_PREFIX}/audit/events`, { json: { events } });
    if (r.status !== 200) throw new Error(`batch ${index} answered ${r.status}`);
    const body = AuditBatchResponse.parse(r.json);
    // A benchmark of refusals would measure the wrong path: every event must be stored.
    if (body.acknowledged.length !== BATCH_SIZE || body.rejected.length > 0 || body.headSeq !== (index + 1) * BATCH_SIZE) {
      throw new Error(`batch ${index} not fully acknowledged (head ${body.headSeq}, ${body.rejected.length} rejected)`);
    }
  };

  for (let i = 0; i < WARMUP_BATCHES; i++) {
    await health();
    await sendBatch(i);
  }
  const healthSamples: number[] = [];
  const freshSamples: number[] = [];
  const batchSamples: number[] = [];
  for (let i = WARMUP_BATCHES; i < WARMUP_BATCHES + BATCHES; i++) {
    for (let h = 0; h < HEALTH_PER_BATCH; h++) healthSamples.push((await timeAsync(health)).ns);
    const fresh = await timeAsync(() => healthOnNewConnection(t.server.url, t.server.caCertPem));
    if (fresh.result !== 200) throw new Error(`health (new connection) answered ${fresh.result}`);
    freshSamples.push(fresh.ns);
    batchSamples.push((await timeAsync(() => sendBatch(i))).ns);
  }

  const healthStats = summarize(healthSamples);
  const batchStats = summarize(batchSamples);
  const totalBatchSeconds = batchSamples.reduce((a, b) => a + b, 0) / 1e9;
  printHeader(`audit ingest: ${BATCHES} batches x ${BATCH_SIZE} signed events after ${WARMUP_BATCHES} warm-up, HTTPS 127.0.0.1`);
  printRow('GET health (keep-alive)', healthStats, 'ms');
  printRow('GET health (new TLS conn)', summarize(freshSamples), 'ms');
  printRow('POST 100 events', batchStats, 'ms');
  printRatio('batch/health', batchStats, healthStats);
  console.log(
    `events/s: at median batch ${(BATCH_SIZE / (batchStats.median / 1e9)).toFixed(0)}, ` +
      `overall ${((BATCHES * BATCH_SIZE) / totalBatchSeconds).toFixed(0)}`,
  );
} finally {
  await t.close();
}
