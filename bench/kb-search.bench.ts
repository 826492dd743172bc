/**
 * Benchmark: knowledge-base search at the institution (institution/src/kb/kb-search.ts) on
 * 50,000 generated articles (≈ 90 % Chinese, 10 % English; KB_BENCH_CHARS characters of body,
 * 600 by default), in a real SQLite file (WAL) in a temp dir.
 *
 *   npx node bench/kb-search.bench.ts            (KB_BENCH_ARTICLES / KB_BENCH_CHARS to change the corpus)
 *
 * Measured per query class (2, 3 and 4+ Han characters, English words): the shipped search
 * end to end (FTS5 over bigram tokens, bm25 with the title weighted, 20 hits, snippets made
 * in TS). Baselines in the same run, on the same text:
 *   - FTS5 with SQLite's trigram tokenizer (bm25, 20 hits, no snippets): what issue #8 measured;
 *     it finds nothing for a two-character term.
 *   - a naive LIKE scan (every matching id, as ranking them would need).
 * Prints median and p95 (ms) and ratios. Figures only. The temp dir is removed on exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateToLatest } from '../institution/src/db/migrations.ts';
import { openSqlite } from '../institution/src/db/sqlite.ts';
import { indexTokens } from '../institution/src/kb/bigram-index.ts';
import { createKbSearch } from '../institution/src/kb/kb-search.ts';
import { printHeader, printRatio, printRow, summarize, timeAsync, timeSync, type Summary } from './stats.ts';

const ARTICLES = Number(process.env.KB_BENCH_ARTICLES ?? 50_000);
const BODY_CHARS = Number(process.env.KB_BENCH_CHARS ?? 600);
const ROUNDS = 40;
const root = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-kb-search-'));
const file = join(root, 'kb.sqlite');

const ZH_WORDS = (
  '信用卡 挂失 年费 分期 还款 账单 额度 临时额度 积分 兑换 盗刷 冻结 补卡 激活 密码 重置 手续费 利息 逾期 征信 ' +
  '理财 产品 风险 等级 测评 赎回 收益 净值 基金 定投 保险 理赔 材料 报案 医疗 发票 车险 核实 身份 证件 ' +
  '客户 来电 投诉 处理 流程 规定 办理 申请 审核 到期 提前 违约金 优惠 活动 商户 刷卡 消费 境外 交易 币种 ' +
  '网点 柜台 手机银行 短信 验证码 转账 限额 开户 销户 挂失后 本人 代办 授权 记录 说明 注意 事项 标准 政策'
).split(' ');
const EN_WORDS = 'card fee annual waiver overdraft limit statement payment instalment interest fraud freeze replace customer verify identity policy claim document refund transfer'.split(' ');
const PUNCT = ['，', '。', '；', '、'];
/** Common characters for filler words, so domain words are as rare as in real text (a few % of articles each). */
const COMMON = [...'的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德少克代员许稜先口由死安写性马光白或住难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑内英军候民岁往何度山觉路带万男边风解叫任金快原吃妈变通师立象数四失满战远格士音轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱紶吗语元喜曾离飞科言干流欢约各即指合反题必该论交终林请医晚制球决窢传画保读运及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久乎越观落尽形影红爸百令周吧识步希亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华諣拿计您装似足双妻尼转诉米称丽客南领节衣站黑刻统断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算义竟确酒需单治卡幸兰念举仅钟怕共毛句息功官待究跟穿室易游程号居考突皮哪费倒价图具刚脑永歌响商礼细专黄块脚味灵改据般破引食仍存众注笔甚某沉血备习校默务土微娘须试怀料调广蜖苏显赛查密议底列富梦错座参八除跑亮假印设线温虽掉京初养香停际致阳纸李纳验助激够严证帝饭忘趣支春集丈木研班普导顿睡展跳获艺六波察群皇段急庭创区奥器谢弟店否害草排背止组州朝封睛板角况曲馆育忙质河续哥呼若推境遇雨标姐充围案伦护冷警贝著雪索剧啊船险烟依斗值帮汉慢佛肯闻唱沙局伯族低玩资屋击速顾泪洲团圣旁堂兵七露园牛哭旅街劳型烈姑陈莫鱼异抱宝权鲁简态级票怪寻杀律胜份汽右洋范床舞秘午登楼贵吸责例追较职属渐左录丝牙党继托赶章智冲叶胡吉卖坚喝肉遗救修松临藏担戏善卫药悲敢靠伊村戴词森耳差短祖云规窗散迷油旧适乡架恩投弹铁博雷府压超负勒杂醒洗采毫嘴毕九冰既状乱景席珍童顶派素脱农疑练野按犯拍征坏骨余承置臓彩灯巨琴免环姆暗换技翻束增忍餐洛塞缺忆判欧层付阵玛批岛项狗休懂武革良恶恋委拥娜妙探呀营退摇弄桌熟诺宣银势奖宫忽套康供优课鸟喊降夏困刘罪亡鞋健模败伴守挥鲜财孤枪禁恐伙杰迹妹藸遍盖副坦牌江顺秋萨菜划授归浪听凡预奶雄升碃编典袋莱含盛济蒙棋端腿招释介烧误'].filter((c) => !'失期费额'.includes(c));
const filler = (): string => `${COMMON[Math.floor(random() * COMMON.length)]}${COMMON[Math.floor(random() * COMMON.length)]}`;

/** A small deterministic PRNG so every run indexes the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const random = rng(8);
// Skewed word choice (like real text: some words everywhere, most rare).
const pick = <T>(words: readonly T[]): T => words[Math.floor(words.length * random() ** 2)] as T;

function article(i: number): { title: string; body: string } {
  if (i % 10 === 9) {
    const words = (n: number) => Array.from({ length: n }, () => pick(EN_WORDS)).join(' ');
    let body = '';
    while (body.length < BODY_CHARS) body += `${words(12)}. `;
    return { title: words(4), body: body.slice(0, BODY_CHARS) };
  }
  const title = Array.from({ length: 3 }, () => pick(ZH_WORDS)).join('');
  let body = '';
  // About 1 word in 25 is a domain word, the rest filler: each domain word lands in a few % of articles.
  while (body.length < BODY_CHARS) body += Array.from({ length: 6 }, () => (random() < 0.04 ? pick(ZH_WORDS) : filler())).join('') + (PUNCT[Math.floor(random() * PUNCT.length)] ?? '。');
  return { title, body: body.slice(0, BODY_CHARS) };
}

const QUERIES: Record<string, string[]> = {
  'zh 2 chars': ['挂失', '年费', '分期', '额度', '赎回'],
  'zh 3 chars': ['信用卡', '手续费', '违约金', '验证码', '卡挂失'],
  'zh 4+ chars': ['分期还款', '临时额度', '手机银行转账', '风险等级测评'],
  english: ['annual fee', 'overdraft', 'card freeze', 'refund'],
};

async function main(): Promise<void> {
  printHeader(`KB search, ${ARTICLES} articles × ${BODY_CHARS} chars`);
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  const load = timeSync(() => {
    raw.exec("INSERT INTO kb_spaces VALUES ('bench', '基准', 'Bench', '[\"agent\"]', 0)");
    raw.exec("CREATE VIRTUAL TABLE trigram_fts USING fts5(title, body, tokenize = 'trigram')");
    const insertArticle = raw.prepare("INSERT INTO kb_articles (id, space_id, latest_version, published_version, created_at) VALUES (?, 'bench', 1, 1, 0)");
    const insertVersion = raw.prepare("INSERT INTO kb_versions VALUES (?, 1, 'published', ?, ?, 0, 'ADM01', 0, 0, 'ADM01')");
    const insertBigram = raw.prepare('INSERT INTO kb_fts (rowid, title, body) VALUES (?, ?, ?)');
    const insertTrigram = raw.prepare('INSERT INTO trigram_fts (rowid, title, body) VALUES (?, ?, ?)');
    raw.transaction(() => {
      for (let id = 1; id <= ARTICLES; id += 1) {
        const { title, body } = article(id);
        insertArticle.run(id);
        insertVersion.run(id, title, body);
        insertBigram.run(id, indexTokens(title), indexTokens(body));
        insertTrigram.run(id, title, body);
      }
    })();
  });
  console.log(`loaded and indexed (bigram + trigram) in ${(load.ns / 1e9).toFixed(1)} s`);

  const search = createKbSearch({ db: handle.db });
  const trigram = raw.prepare('SELECT rowid FROM trigram_fts WHERE trigram_fts MATCH ? ORDER BY bm25(trigram_fts, 10, 1) LIMIT 20');
  const like = raw.prepare("SELECT v.article_id FROM kb_versions v WHERE v.title LIKE ? OR v.body LIKE ?");

  for (const [label, queries] of Object.entries(QUERIES)) {
    const ours: number[] = [];
    const tri: number[] = [];
    const scan: number[] = [];
    const hits = { ours: 0, tri: 0, scan: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const q of queries) {
        const a = await timeAsync(() => search.search({ query: q, spaceIds: ['bench'] }));
        ours.push(a.ns);
        hits.ours += a.result.length;
        const phrase = q.split(' ').map((w) => `"${w}"`).join(' AND ');
        const b = timeSync(() => trigram.all(phrase));
        tri.push(b.ns);
        hits.tri += b.result.length;
        if (round < 10) {
          const pattern = `%${q.split(' ')[0]}%`;
          const c = timeSync(() => like.all(pattern, pattern));
          scan.push(c.ns);
          hits.scan += c.result.length;
        }
      }
    }
    const perQuery = (n: number, runs: number) => (n / (runs * queries.length)).toFixed(1);
    console.log(`\n${label} (${queries.join(', ')})  hits/query: bigram ${perQuery(hits.ours, ROUNDS)}, trigram ${perQuery(hits.tri, ROUNDS)}, LIKE matches ${perQuery(hits.scan, 10)}`);
    const summaries: [string, Summary][] = [
      ['bigram FTS5 + snippets', summarize(ours)],
      ['trigram FTS5 (baseline)', summarize(tri)],
      ['LIKE scan (baseline)', summarize(scan)],
    ];
    for (const [name, s] of summaries) printRow(name, s, 'ms');
    printRatio('bigram / trigram', summaries[0]![1], summaries[1]![1]);
    printRatio('bigram / LIKE', summaries[0]![1], summaries[2]![1]);
  }
  raw.close();
  await handle.close();
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
