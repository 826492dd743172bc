/**
 * Benchmark: knowledge-base search at the institution (institution/src/kb/kb-search.ts) on
 * 50,000 generated articles (institution/src/seed/kb-bench-corpus.ts: ≈ 7/8 Chinese, 1/8
 * English, KB_BENCH_CHARS characters of Markdown body, 1,500 by default; deterministic from
 * the seed), in a real SQLite file (WAL) in a temp dir, searched as an agent (4 of 5 spaces).
 *
 *   npx node bench/kb-search.bench.ts            (KB_BENCH_ARTICLES / KB_BENCH_CHARS to change the corpus,
 *                                                 KB_BENCH_TRIGRAM=1 to add the trigram baseline,
 *                                                 KB_BENCH_DB=<file> to keep the indexed corpus there and
 *                                                 reuse it next time: indexing takes minutes)
 *
 * Measured per query class (2, 3 and 4+ Han characters, English words): the shipped search
 * end to end (FTS5 over bigram tokens, bm25 with the title weighted over at most the
 * KB_RANK_WINDOW newest matches per tier, 20 hits, snippets made in TS). Baselines in the same
 * run, on the same text:
 *   - the same search ranking every match (`rankWindow: null`, as before the window);
 *   - a naive LIKE scan (every matching id, as ranking them would need);
 *   - optionally FTS5 with SQLite's trigram tokenizer (bm25, 20 hits, no snippets): what issue
 *     #8 measured; it finds nothing for a two-character term.
 * Prints median and p95 (ms), ratios and the load average; for the shipped search and LIKE also the
 * process's CPU time per query (user + system), which a loaded machine inflates far less than wall
 * time (the queries are synchronous SQLite calls). Figures only. The temp dir is removed on exit.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateToLatest } from '../institution/src/db/migrations.ts';
import { openSqlite } from '../institution/src/db/sqlite.ts';
import { indexTokens } from '../institution/src/kb/bigram-index.ts';
import { createKbSearch } from '../institution/src/kb/kb-search.ts';
import { DEMO_KB_SPACES } from '../institution/src/seed/demo-kb.ts';
import { BENCH_KB_SEED, benchArticle } from '../institution/src/seed/kb-bench-corpus.ts';
import { printHeader, printRatio, printRow, summarize, timeAsync, timeSync, type Summary } from './stats.ts';

const ARTICLES = Number(process.env.KB_BENCH_ARTICLES ?? 50_000);
const BODY_CHARS = Number(process.env.KB_BENCH_CHARS ?? 1_500);
const TRIGRAM = process.env.KB_BENCH_TRIGRAM === '1';
const ROUNDS = 40;
const root = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-kb-search-'));
const kept = process.env.KB_BENCH_DB;
const file = kept ?? join(root, 'kb.sqlite');
const reuse = kept !== undefined && existsSync(kept);
/** What an agent reads (every space but 保险理赔). */
const AGENT_SPACES = DEMO_KB_SPACES.filter((s) => s.readRoles.includes('agent')).map((s) => s.id);
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

const QUERIES: Record<string, string[]> = {
  'zh 2 chars': ['挂失', '年费', '分期', '额度', '赎回'],
  'zh 3 chars': ['信用卡', '手续费', '违约金', '验证码', '卡挂失'],
  'zh 4+ chars': ['分期还款', '临时额度', '手机银行转账', '风险等级测评'],
  english: ['annual fee', 'overdraft', 'card freeze', 'refund'],
};

async function main(): Promise<void> {
  printHeader(`KB search, ${ARTICLES} articles × ${BODY_CHARS} chars${TRIGRAM ? ', with trigram' : ''}; load average ${load()}`);
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  if (reuse && TRIGRAM) throw new Error('KB_BENCH_TRIGRAM needs a fresh corpus (no KB_BENCH_DB to reuse)');
  const loaded = timeSync(() => {
    if (reuse) return;
    const insertSpace = raw.prepare('INSERT INTO kb_spaces VALUES (?, ?, ?, ?, 0)');
    for (const space of DEMO_KB_SPACES) insertSpace.run(space.id, space.nameZh, space.nameEn, JSON.stringify(space.readRoles));
    if (TRIGRAM) raw.exec("CREATE VIRTUAL TABLE trigram_fts USING fts5(title, body, tokenize = 'trigram')");
    const insertArticle = raw.prepare('INSERT INTO kb_articles (id, space_id, latest_version, published_version, created_at) VALUES (?, ?, 1, 1, 0)');
    const insertVersion = raw.prepare("INSERT INTO kb_versions VALUES (?, 1, 'published', ?, ?, 0, 'ADM01', 0, 0, 'ADM01')");
    const insertBigram = raw.prepare('INSERT INTO kb_fts (rowid, title, body) VALUES (?, ?, ?)');
    const insertTrigram = TRIGRAM ? raw.prepare('INSERT INTO trigram_fts (rowid, title, body) VALUES (?, ?, ?)') : null;
    raw.transaction(() => {
      for (let id = 1; id <= ARTICLES; id += 1) {
        const { spaceId, title, body } = benchArticle(BENCH_KB_SEED, id, BODY_CHARS);
        insertArticle.run(id, spaceId);
        insertVersion.run(id, title, body);
        insertBigram.run(id, indexTokens(title), indexTokens(body));
        insertTrigram?.run(id, title, body);
      }
    })();
  });
  if (reuse) console.log(`reusing the indexed corpus in ${file}`);
  else console.log(`generated, loaded and indexed${TRIGRAM ? ' (bigram + trigram)' : ''} in ${(loaded.ns / 1e9).toFixed(1)} s; load average ${load()}`);

  const search = createKbSearch({ db: handle.db });
  // The same search ranking every match (before KB_RANK_WINDOW), in the same run.
  const unbounded = createKbSearch({ db: handle.db, rankWindow: null });
  const trigram = TRIGRAM ? raw.prepare('SELECT rowid FROM trigram_fts WHERE trigram_fts MATCH ? ORDER BY bm25(trigram_fts, 10, 1) LIMIT 20') : null;
  const like = raw.prepare("SELECT v.article_id FROM kb_versions v WHERE v.title LIKE ? OR v.body LIKE ?");

  for (const [label, queries] of Object.entries(QUERIES)) {
    const ours: number[] = [];
    const oursCpu: number[] = [];
    const before: number[] = [];
    const beforeCpu: number[] = [];
    const tri: number[] = [];
    const scan: number[] = [];
    const scanCpu: number[] = [];
    const cpuNs = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) * 1e3;
    };
    const hits = { ours: 0, before: 0, tri: 0, scan: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const q of queries) {
        const cpuA = process.cpuUsage();
        const a = await timeAsync(() => search.search({ query: q, spaceIds: AGENT_SPACES }));
        oursCpu.push(cpuNs(cpuA));
        ours.push(a.ns);
        hits.ours += a.result.length;
        const cpuB = process.cpuUsage();
        const b0 = await timeAsync(() => unbounded.search({ query: q, spaceIds: AGENT_SPACES }));
        beforeCpu.push(cpuNs(cpuB));
        before.push(b0.ns);
        hits.before += b0.result.length;
        if (trigram !== null) {
          const phrase = q.split(' ').map((w) => `"${w}"`).join(' AND ');
          const b = timeSync(() => trigram.all(phrase));
          tri.push(b.ns);
          hits.tri += b.result.length;
        }
        if (round < 10) {
          const pattern = `%${q.split(' ')[0]}%`;
          const cpuC = process.cpuUsage();
          const c = timeSync(() => like.all(pattern, pattern));
          scanCpu.push(cpuNs(cpuC));
          scan.push(c.ns);
          hits.scan += c.result.length;
        }
      }
    }
    const perQuery = (n: number, runs: number) => (n / (runs * queries.length)).toFixed(1);
    console.log(`\n${label} (${queries.join(', ')})  hits/query: bigram ${perQuery(hits.ours, ROUNDS)} (unbounded ${perQuery(hits.before, ROUNDS)})${trigram === null ? '' : `, trigram ${perQuery(hits.tri, ROUNDS)}`}, LIKE matches ${perQuery(hits.scan, 10)}; load average ${load()}`);
    const bigram = summarize(ours);
    const likeScan = summarize(scan);
    printRow('bigram FTS5 + snippets', bigram, 'ms');
    printRow('  ranking every match', summarize(before), 'ms');
    printRow('LIKE scan (baseline)', likeScan, 'ms');
    printRow('bigram, CPU time', summarize(oursCpu), 'ms');
    printRow('  ranking every match, CPU', summarize(beforeCpu), 'ms');
    printRow('LIKE scan, CPU time', summarize(scanCpu), 'ms');
    if (trigram !== null) {
      const trigramSummary: Summary = summarize(tri);
      printRow('trigram FTS5 (baseline)', trigramSummary, 'ms');
      printRatio('bigram / trigram', bigram, trigramSummary);
    }
    printRatio('bigram / LIKE', bigram, likeScan);
    console.log(`target p95 ≤ 15 ms: ${bigram.p95 / 1e6 <= 15 ? 'met' : 'missed'} (${(bigram.p95 / 1e6).toFixed(2)} ms)`);
  }
  raw.close();
  await handle.close();
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
