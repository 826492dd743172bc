import { CARD_PRODUCTS, type GeneratedArticle } from './demo-kb-cards.ts';
import { between, blocks, bullets, numbered, table, type Random } from './kb-text.ts';

/** Personal-loan and service-standard articles, and the English articles, for the demo set. */

const LOANS = [
  { zh: '个人消费贷款', max: '30 万元', term: '1–5 年' },
  { zh: '个人住房贷款', max: '房价的 70%', term: '最长 30 年' },
  { zh: '个人经营贷款', max: '500 万元', term: '1–3 年' },
  { zh: '个人汽车贷款', max: '车价的 80%', term: '1–5 年' },
] as const;

type Loan = (typeof LOANS)[number];

const LOAN_TOPICS: readonly ((l: Loan, r: Random) => { title: string; body: string })[] = [
  (l) => ({ title: `${l.zh}申请条件`, body: blocks(`# ${l.zh}：申请条件`, bullets(['年满 18 周岁、具有完全民事行为能力', '收入稳定，征信无严重逾期', `额度最高 ${l.max}，期限 ${l.term}`])) }),
  (l) => ({ title: `${l.zh}还款方式与提前还款`, body: blocks(`# 还款方式（${l.zh}）`, table(['方式', '特点'], [['等额本息', '每月还款额固定'], ['等额本金', '前期还款多、总利息少'], ['先息后本', '仅经营贷款']]), '提前还款须提前 5 个工作日预约；还款满 1 年后免违约金。') }),
  (l) => ({ title: `${l.zh}逾期与征信`, body: blocks(`# 逾期（${l.zh}）`, numbered(['逾期 1 天起计罚息（合同利率上浮 50%）', '逾期 30 天以上报送征信', '客户申请征信异议的，登记工单，20 日内答复'])) }),
  (l, r) => ({ title: `${l.zh}利率说明`, body: blocks(`# 利率（${l.zh}）`, `执行 LPR 加点定价，当前年化 ${(between(r, 300, 650) / 100).toFixed(2)}% 起，以审批结果为准。`, '不得向客户承诺利率或审批结果。') }),
  (l) => ({ title: `${l.zh}申请材料清单`, body: blocks(`# 材料（${l.zh}）`, bullets(['身份证', '收入证明或银行流水（近 6 个月）', '婚姻状况证明', '用途证明（合同或发票）'])) }),
  (l) => ({ title: `${l.zh}放款与到账`, body: blocks(`# 放款（${l.zh}）`, '审批通过后签署合同，放款至本人借记卡；受托支付的直接付给收款方。', table(['环节', '时效'], [['审批', '1–3 个工作日'], ['放款', '签约后 1 个工作日']])) }),
];

const SERVICE: readonly { title: string; body: string }[] = [
  { title: '来电开场白与结束语规范', body: blocks('# 开场白', '「您好，示例银行，工号 XXXX 为您服务。」', '# 结束语', '「请问还有其他可以帮您？感谢来电，再见。」') },
  { title: '客户身份核实规范', body: blocks('# 身份核实', numbered(['姓名', '证件号后四位', '预留手机号', '必要时加问最近一笔交易']), '> 任何情况下不得索要密码、CVV 或短信验证码。') },
  { title: '投诉升级流程', body: blocks('# 升级', table(['级别', '情形', '处理人'], [['一级', '一般不满', '坐席'], ['二级', '要求赔偿或再次来电', '班组长'], ['三级', '监管投诉、媒体', '质检与合规']])) },
  { title: '通话录音与隐私提示', body: blocks('# 录音提示', '通话开始即录音；客户询问时如实告知。', bullets(['不得在通话中复述完整卡号', '屏幕上的客户信息按掩码显示'])) },
  { title: '话后整理规范', body: blocks('# 话后整理', bullets(['选择来电原因与处理结果', '需回访的创建工单', '话后整理时间不超过 60 秒'])) },
  { title: '示忙原因使用规范', body: blocks('# 示忙原因', table(['原因', '适用'], [['小休', '15 分钟以内'], ['培训', '班组安排'], ['用餐', '排班时段']])) },
  { title: '反诈骗提示话术', body: blocks('# 反诈骗', '客户提到「安全账户」「验证码」「刷单返利」时，立即提示诈骗风险。', numbered(['提醒银行不会索要验证码', '建议挂失或冻结相关卡片', '登记可疑线索'])) },
  { title: '老年客户服务规范', body: blocks('# 适老服务', bullets(['放慢语速、重复要点', '涉及转账的先核实是否受人指使', '可转人工专席'])) },
  { title: '外语来电转接规范', body: blocks('# 外语来电', 'English-speaking callers: 转英语专席（分机 8）；专席忙时，使用标准英文话术并登记回访。') },
  { title: '系统故障应急话术', body: blocks('# 系统故障', '「非常抱歉，系统正在维护，我已登记您的需求，预计 2 小时内回电。」', bullets(['登记工单', '不得承诺具体恢复时间'])) },
  { title: '工单填写规范', body: blocks('# 工单', table(['字段', '要求'], [['标题', '一句话说明诉求'], ['描述', '时间、金额、客户原话'], ['时限', '按类别自动计算']])) },
  { title: '情绪安抚话术', body: blocks('# 安抚', bullets(['先致歉再解释', '复述客户诉求表示理解', '给出明确的下一步与时限'])) },
];

const ENGLISH_TOPICS: readonly ((p: (typeof CARD_PRODUCTS)[number], r: Random) => { title: string; body: string })[] = [
  (p) => ({ title: `${p.en}: reporting a lost or stolen card`, body: blocks(`# Lost or stolen ${p.en}`, numbered(['Verify the caller: name, last four digits of the ID, registered mobile number', 'Freeze the card at once and tell the customer when the block took effect', 'Offer a replacement card and confirm the mailing address']), 'Never ask for the full card number, the CVV or the PIN.') }),
  (p) => ({ title: `${p.en}: annual fee and waiver`, body: blocks(`# Annual fee: ${p.en}`, table(['Card', 'Annual fee (CNY)', 'Waiver'], [[p.en, p.annualFee, p.waiverSwipes > 0 ? `${p.waiverSwipes} purchases a year` : 'not waivable; points may be used']])) }),
  (p, r) => ({ title: `${p.en}: instalment plans`, body: blocks(`# Instalments: ${p.en}`, `Statement instalments over 3, 6, 12 or 24 months; a fee of ${(between(r, 55, 75) / 100).toFixed(2)}% per month. Early repayment: 3% of the remaining principal.`) }),
  (p) => ({ title: `${p.en}: disputed transactions and fraud`, body: blocks(`# Disputes: ${p.en}`, bullets(['Freeze the card first', 'Record amount, time and merchant', 'Chargeback windows: 45 days domestic, 90 days overseas'])) }),
];

export function loanArticles(random: Random): GeneratedArticle[] {
  return LOANS.flatMap((loan) => LOAN_TOPICS.map((topic) => ({ spaceId: 'loans', ...topic(loan, random) })));
}

export function serviceArticles(): GeneratedArticle[] {
  return SERVICE.map((article) => ({ spaceId: 'service', ...article }));
}

export function englishArticles(random: Random): GeneratedArticle[] {
  return CARD_PRODUCTS.flatMap((product) => ENGLISH_TOPICS.map((topic) => ({ spaceId: 'credit-card', ...topic(product, random) })));
}
