import { between, blocks, bullets, numbered, table, type Random } from './kb-text.ts';

/**
 * Credit-card articles for the demo set: every card product × every service topic, from
 * templates (the figures are made up but consistent per product). Chinese with English
 * terms where a desk would use them (CVV, PIN, App).
 */
export interface GeneratedArticle {
  spaceId: string;
  title: string;
  body: string;
}

export interface CardProduct {
  zh: string;
  en: string;
  annualFee: number;
  /** Purchases a year that waive next year's fee (0: not waivable). */
  waiverSwipes: number;
  limit: [number, number];
}

export const CARD_PRODUCTS: readonly CardProduct[] = [
  { zh: '普卡', en: 'Classic card', annualFee: 100, waiverSwipes: 6, limit: [3_000, 20_000] },
  { zh: '金卡', en: 'Gold card', annualFee: 300, waiverSwipes: 12, limit: [10_000, 50_000] },
  { zh: '白金卡', en: 'Platinum card', annualFee: 2_000, waiverSwipes: 0, limit: [50_000, 200_000] },
  { zh: '钻石卡', en: 'Diamond card', annualFee: 3_600, waiverSwipes: 0, limit: [100_000, 500_000] },
  { zh: '航空联名卡', en: 'Airline co-branded card', annualFee: 600, waiverSwipes: 18, limit: [10_000, 80_000] },
  { zh: '商务卡', en: 'Business card', annualFee: 500, waiverSwipes: 0, limit: [20_000, 300_000] },
];

const IDENTITY = '核实身份：姓名、证件号后四位、预留手机号，必要时加问最近一笔交易金额';

type Topic = (p: CardProduct, random: Random) => { title: string; body: string };

const TOPICS: readonly Topic[] = [
  (p, r) => ({
    title: `${p.zh}挂失与补卡`,
    body: blocks(
      `# ${p.zh}挂失与补卡`,
      `客户来电要求挂失${p.zh}时，按以下步骤处理，全程录音。`,
      '## 操作步骤',
      numbered([IDENTITY, '在系统中立即挂失（冻结卡片），告知挂失生效时间', '询问是否需要补卡，确认邮寄地址', '提醒客户解绑第三方支付（微信、支付宝、Apple Pay）']),
      '## 费用',
      table(['项目', '费用（元）', '说明'], [['挂失', 0, '电话挂失免费'], ['补卡工本费', between(r, 1, 3) * 10, `${p.zh}补卡`], ['加急补卡', 50, '3 个工作日内寄出']]),
      '> 挂失前 48 小时内的盗刷可申请挂失保障，需在 7 天内提交《争议交易申请表》。',
    ),
  }),
  (p) => ({
    title: `${p.zh}年费标准与减免`,
    body: blocks(
      `# ${p.zh}年费`,
      `${p.zh}（${p.en}）主卡年费 ${p.annualFee} 元，附属卡年费为主卡的一半。`,
      table(['卡种', '年费（元）', '减免条件'], [[p.zh, p.annualFee, p.waiverSwipes > 0 ? `当年刷卡满 ${p.waiverSwipes} 次免次年年费` : '不可减免，可用积分抵扣'], [`${p.zh}附属卡`, p.annualFee / 2, '随主卡']]),
      '## 常见问题',
      bullets(['年费在发卡次月的账单日收取', '客户对年费有异议：核实刷卡次数，符合条件的由系统冲正', `首年免年费仅限新开${p.zh}`]),
    ),
  }),
  (p, r) => {
    const rate = (between(r, 55, 75) / 100).toFixed(2);
    return {
      title: `${p.zh}账单分期与信用卡分期还款`,
      body: blocks(
        `# ${p.zh}账单分期`,
        `账单分期可选 3、6、12、24 期。信用卡分期还款申请须在到期还款日前提交，最低分期金额 ${between(r, 5, 10) * 100} 元。`,
        table(['期数', '每期手续费率', '总手续费率'], [3, 6, 12, 24].map((n) => [n, `${rate}%`, `${(Number(rate) * n).toFixed(2)}%`])),
        '## 提前还款',
        bullets(['提前还款收取剩余本金 3% 的违约金', '已收取的分期手续费不退', '分期期间额度按剩余本金占用']),
      ),
    };
  },
  (p) => ({
    title: `${p.zh}额度调整（临时额度与固定额度）`,
    body: blocks(
      `# ${p.zh}额度调整`,
      `${p.zh}固定额度范围 ${p.limit[0]}–${p.limit[1]} 元。`,
      '## 临时额度',
      bullets(['有效期 30 天，到期自动恢复', '每年最多申请 3 次', '临时额度部分须在到期后的首个账单全额还款，不可分期']),
      '## 固定额度',
      numbered([IDENTITY, '确认用卡满 6 个月且近 6 期无逾期', '提交调额申请，系统审批结果以短信通知']),
    ),
  }),
  (p) => ({
    title: `${p.zh}激活与密码设置`,
    body: blocks(
      `# ${p.zh}激活`,
      '新卡须本人激活。可通过手机银行 App、官方微信或来电激活。',
      numbered([IDENTITY, '核对卡片背面 CVV 后三位（只由客户在按键中输入，坐席不得口头询问）', '引导客户设置 6 位交易密码（PIN）']),
      '> 坐席任何时候都不得索要客户的完整卡号、CVV 或密码。',
    ),
  }),
  (p, r) => ({
    title: `${p.zh}积分规则与兑换`,
    body: blocks(
      `# ${p.zh}积分`,
      `消费 1 元积 ${p.annualFee >= 2000 ? 2 : 1} 分，积分有效期 ${between(r, 2, 3)} 年。`,
      table(['交易类型', '是否积分'], [['一般消费', '是'], ['分期、取现、年费', '否'], ['境外消费', '双倍']]),
      '兑换：手机银行 App →「积分商城」。挂失补卡后原卡积分自动转入新卡。',
    ),
  }),
  (p) => ({
    title: `${p.zh}境外交易与外币还款`,
    body: blocks(
      `# ${p.zh}境外用卡`,
      bullets(['境外消费以美元入账的，可用人民币购汇还款', '货币转换费 1%（钻石卡免收）', '出境前建议客户开通境外交易并设置限额']),
      '## 客户反映境外交易被拒',
      numbered(['确认卡片状态与境外交易开关', '核对商户类别（MCC）是否受限', '必要时转风控复核']),
    ),
  }),
  (p) => ({
    title: `${p.zh}盗刷与争议交易处理`,
    body: blocks(
      `# ${p.zh}争议交易`,
      '客户称非本人交易时：',
      numbered([IDENTITY, '立即挂失并冻结，避免继续盗刷', '登记争议交易（金额、时间、商户）', '告知调单时效：境内 45 天、境外 90 天']),
      table(['情形', '处理'], [['卡在身边、境外盗刷', '挂失 + 争议登记 + 建议报警'], ['卡片丢失后被刷', '挂失保障范围内赔付'], ['商户重复扣款', '发起退单']]),
    ),
  }),
  (p, r) => ({
    title: `${p.zh}还款方式与到期还款日`,
    body: blocks(
      `# ${p.zh}还款`,
      `账单日后第 ${between(r, 18, 25)} 天为到期还款日，免息期最长 ${between(r, 50, 56)} 天。`,
      table(['方式', '到账时间'], [['本行借记卡自动还款', '实时'], ['手机银行 App', '实时'], ['他行转账', '1–2 个工作日']]),
      '最低还款额为账单金额的 10%；未全额还款的，全部款项自记账日起计息（日息万分之五）。',
    ),
  }),
  (p) => ({
    title: `${p.zh}销卡流程`,
    body: blocks(
      `# ${p.zh}销卡`,
      numbered([IDENTITY, '确认无未还款项、无未完成分期', '提醒：销卡后积分清零，附属卡一并注销', '登记销卡，45 天后生效']),
      '客户因年费要求销卡的，先说明年费减免条件再登记。',
    ),
  }),
];

export function cardArticles(random: Random): GeneratedArticle[] {
  return CARD_PRODUCTS.flatMap((product) => TOPICS.map((topic) => ({ spaceId: 'credit-card', ...topic(product, random) })));
}
