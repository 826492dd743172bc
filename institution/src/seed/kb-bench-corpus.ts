import { generatedDemoArticles, type GeneratedArticle } from './demo-kb-articles.ts';
import { between, pick, seedFor, seededRandom, type Random } from './kb-text.ts';

/**
 * The benchmark corpus: any number of articles (50k for bench/kb-*.bench.ts), each about
 * `chars` characters (1.5k by default), deterministic from a seed; article i depends only on
 * (seed, i), so a corpus can be streamed into a database without holding it.
 *
 * Each article starts from one of the demo templates (its headings, lists and tables, with
 * the template's figures drawn from a per-variant seed) and continues with paragraphs from a
 * sentence bank with slots (two topic sentences per article) among filler clauses of common characters, so the
 * domain words (挂失, 年费, 分期 …) are frequent but not everywhere. About 1 in 8 articles is English.
 */

type Sentence = (r: Random) => string;

const ZH_SENTENCES: readonly Sentence[] = [
  (r) => `客户来电咨询${pick(r, ['挂失', '年费', '分期', '额度', '积分', '还款', '理赔', '赎回'])}问题时，先核实身份再办理。`,
  (r) => `信用卡分期还款须在到期还款日前 ${between(r, 1, 5)} 天提交申请。`,
  (r) => `${pick(r, ['普卡', '金卡', '白金卡', '联名卡'])}年费 ${between(r, 1, 30) * 100} 元，符合条件可减免。`,
  (r) => `临时额度有效期 ${between(r, 15, 90)} 天，到期自动恢复原额度。`,
  (r) => `理财产品风险等级为 R${between(r, 1, 5)}，推荐前须确认客户的风险测评结果。`,
  (r) => `${pick(r, ['车险', '医疗险', '意外险', '家财险'])}报案后 ${between(r, 3, 30)} 个工作日内完成审核。`,
  (r) => `手续费率每期 ${(between(r, 50, 90) / 100).toFixed(2)}%，提前还款收取违约金。`,
  (r) => `如客户对处理结果不满意，登记投诉工单并在 ${between(r, 1, 3)} 个工作日内回访。`,
  () => '坐席不得索要客户的密码、CVV 或短信验证码。',
  (r) => `手机银行 App 转账单日限额 ${between(r, 5, 50)} 万元，超过须到网点办理。`,
  (r) => `境外消费以${pick(r, ['美元', '欧元', '日元', '港币'])}入账的，可用人民币购汇还款。`,
  (r) => `征信异议须在 ${between(r, 15, 20)} 日内答复客户。`,
];

const EN_SENTENCES: readonly Sentence[] = [
  (r) => `Verify the caller before discussing the ${pick(r, ['annual fee', 'instalment plan', 'credit limit', 'lost card', 'claim', 'redemption'])}.`,
  (r) => `The temporary limit lasts ${between(r, 15, 90)} days and then returns to the permanent limit.`,
  (r) => `A fee of ${(between(r, 50, 90) / 100).toFixed(2)}% per month applies to statement instalments.`,
  () => 'Never ask for the full card number, the CVV, the PIN or a one-time passcode.',
  (r) => `Overdraft interest is charged daily at ${between(r, 3, 5)} basis points.`,
  (r) => `Refunds reach the card within ${between(r, 3, 10)} working days; disputed transactions are frozen meanwhile.`,
];

/** Common characters only (none of the domain words), so filler never matches a query by accident. */
const COMMON = [...'的一是了我不人在他有这个上们来到时大地为子中你说生国着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方它头经长儿回位爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德少克代员许先口由死安写性马光白或住难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑内英军候民岁往何度山觉路带万男边风解叫任金快原吃妈变通师立象数四满战远格士音轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱吗语元喜曾离飞科言干流欢约各即指合反题必该论交终林请医晚制球决传画保读运及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久乎越观落尽形影红爸百令周吧识步希亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华拿计您装似足双妻尼转诉米称丽客南领节衣站黑刻统断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算义竟确酒需单治卡幸兰念举仅钟怕共毛句息功官待究跟穿室易游程号居考突皮哪倒价图具刚脑永歌响商礼细专黄块脚味灵改据般破引食仍存众注笔甚某沉血备习校默务土微娘须试怀料调广苏显赛查密议底列富梦错座参八除跑亮假印设线温虽掉京初养香停际致阳纸李纳验助激够严证帝饭忘趣支春集丈木研班普导顿睡展跳获艺六波察群皇段急庭创区奥器谢弟店否害草排背止组州朝封睛板角况曲馆育忙质河续哥呼若推境遇雨标姐充围案伦护冷警贝著雪索剧啊船险烟依斗值帮汉慢佛肯闻唱沙局伯族低玩资屋击速顾泪洲团圣旁堂兵七露园牛哭旅街劳型烈姑陈莫鱼异抱宝权鲁简态级票怪寻杀律胜份汽右洋范床舞秘午登楼贵吸责例追较职属渐左录丝牙党继托赶章智冲叶胡吉卖坚喝肉遗救修松临藏担戏善卫药悲敢靠伊村戴词森耳差短祖云规窗散迷油旧适乡架恩投弹铁博雷府压超负勒杂醒洗采毫嘴毕九冰既状乱景席珍童顶派素脱农疑练野按犯拍征坏骨余承置彩灯巨琴免环姆暗换技翻束增忍餐洛塞缺忆判欧层付阵玛批岛项狗休懂武革良恶恋委拥娜妙探呀营退摇弄桌熟诺宣银势奖宫忽套康供优课鸟喊降夏困刘罪亡鞋健模败伴守挥鲜财孤枪禁恐伙杰迹妹遍盖副坦牌江顺秋萨菜划授归浪凡预奶雄升编典袋莱含盛济蒙棋端腿招释介烧误'].filter((c) => !'失期费额卡分'.includes(c));
const EN_FILLER = 'the customer account branch service please note that this applies only when a request arrives during business hours and records are kept for review'.split(' ');

const VARIANTS = 8;
let templates: GeneratedArticle[][] | null = null;

/** The demo templates drawn with VARIANTS seeds (different figures), split Chinese / English. */
function templatePool(): { zh: GeneratedArticle[]; en: GeneratedArticle[] } {
  templates ??= Array.from({ length: VARIANTS }, (_, v) => generatedDemoArticles(1000 + v));
  const all = templates.flat();
  const isEnglish = (a: GeneratedArticle) => /^[\x20-\x7e]+$/.test(a.title);
  return { zh: all.filter((a) => !isEnglish(a)), en: all.filter(isEnglish) };
}

/** Filler clauses, with the article's own topic sentences now and then (so each domain word is in a fraction of the corpus). */
function zhParagraph(r: Random, own: readonly Sentence[]): string {
  let out = '';
  for (let i = 0; i < 6; i += 1) {
    if (r() < 0.25) out += pick(r, own)(r);
    else out += `${Array.from({ length: between(r, 6, 16) }, () => pick(r, COMMON)).join('')}${pick(r, ['，', '。', '；'])}`;
  }
  return out;
}

function enParagraph(r: Random, own: readonly Sentence[]): string {
  const words = Array.from({ length: between(r, 8, 16) }, () => pick(r, EN_FILLER)).join(' ');
  return `${pick(r, own)(r)} ${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

export interface BenchArticle {
  /** The template's space (credit-card, wealth, claims, loans, service). */
  spaceId: string;
  title: string;
  body: string;
  english: boolean;
}

/** Article `index` of the corpus `seed`: about `chars` characters of Markdown body. */
export function benchArticle(seed: number, index: number, chars = 1500): BenchArticle {
  const r = seededRandom(seedFor(seed, index));
  const pool = templatePool();
  const english = r() < 0.125;
  const base = pick(r, english ? pool.en : pool.zh);
  const edition = english ? ` (${pick(r, ['branch', 'phone', 'app', 'v2', 'FAQ'])} ${index})` : `（${pick(r, ['网点版', '电话渠道', 'App 版', '修订', '问答'])} ${index}）`;
  // Two topic sentences per article, as a real article keeps to its subject.
  const bank = english ? EN_SENTENCES : ZH_SENTENCES;
  const own = [pick(r, bank), pick(r, bank)];
  let body = base.body;
  while (body.length < chars) body += `\n\n${english ? enParagraph(r, own) : zhParagraph(r, own)}`;
  return { spaceId: base.spaceId, title: `${base.title}${edition}`.slice(0, 120), body: body.slice(0, chars), english };
}

export const BENCH_KB_SEED = 8;
