import type { GeneratedArticle } from './demo-kb-cards.ts';
import { between, blocks, bullets, numbered, table, type Random } from './kb-text.ts';

/** Wealth-management and insurance-claims articles for the demo set: product × topic templates. */

interface WealthProduct {
  zh: string;
  risk: 'R1' | 'R2' | 'R3' | 'R4';
  minimum: number;
  redeem: string;
}

const WEALTH_PRODUCTS: readonly WealthProduct[] = [
  { zh: '现金管理类理财', risk: 'R1', minimum: 1, redeem: 'T+0 快速赎回，单日上限 5 万元' },
  { zh: '固定收益类理财', risk: 'R2', minimum: 10_000, redeem: '封闭期内不可赎回，到期自动兑付' },
  { zh: '混合类理财', risk: 'R3', minimum: 10_000, redeem: '每月开放日可赎回，T+3 到账' },
  { zh: '权益类理财', risk: 'R4', minimum: 50_000, redeem: '每季度开放日可赎回，T+5 到账' },
  { zh: '基金定投', risk: 'R3', minimum: 100, redeem: '按基金规则 T+1 至 T+4 到账' },
  { zh: '结构性存款', risk: 'R2', minimum: 50_000, redeem: '不可提前支取' },
  { zh: '大额存单', risk: 'R1', minimum: 200_000, redeem: '可提前支取（按活期计息）或转让' },
];

type WealthTopic = (p: WealthProduct, random: Random) => { title: string; body: string };

const WEALTH_TOPICS: readonly WealthTopic[] = [
  (p) => ({
    title: `${p.zh}产品介绍`,
    body: blocks(`# ${p.zh}`, table(['要素', '说明'], [['风险等级', p.risk], ['起购金额', `${p.minimum} 元`], ['赎回', p.redeem]]), '介绍产品时须同时提示风险，不得承诺收益或保本（结构性存款、大额存单除外）。'),
  }),
  (p) => ({
    title: `${p.zh}购买与赎回流程`,
    body: blocks(`# 购买与赎回：${p.zh}`, '## 购买', numbered(['确认客户风险测评在有效期内（1 年）', `客户风险承受能力须不低于 ${p.risk}`, '手机银行 App 或网点双录购买']), '## 赎回', bullets([p.redeem, '赎回申请在 15:00 前提交的当日受理'])),
  }),
  (p, r) => {
    const rate = (between(r, 150, 420) / 100).toFixed(2);
    return {
      title: `${p.zh}收益计算说明`,
      body: blocks(`# 收益怎么算（${p.zh}）`, `业绩比较基准年化 ${rate}%，仅供参考，不代表实际收益。`, '收益 = 本金 × 年化收益率 × 持有天数 ÷ 365', table(['本金（元）', '持有天数', `按 ${rate}% 估算收益（元）`], [10_000, 50_000, 100_000].map((n) => [n, 90, ((n * Number(rate) * 90) / 36_500).toFixed(2)]))),
    };
  },
  (p) => ({
    title: `${p.zh}风险测评与适当性`,
    body: blocks(`# 适当性管理：${p.zh}`, bullets(['C1 保守型：只可购买 R1', 'C2 稳健型：R1–R2', 'C3 平衡型：R1–R3', 'C4 成长型：R1–R4', 'C5 进取型：R1–R5']), `客户等级低于 ${p.risk} 而坚持购买的，不得办理，引导重新测评。`),
  }),
  (p) => ({
    title: `${p.zh}常见投诉处理`,
    body: blocks(`# 投诉处理：${p.zh}`, table(['投诉点', '答复要点'], [['收益低于预期', '说明业绩比较基准不是承诺'], ['赎回未到账', `核对到账规则：${p.redeem}`], ['销售误导', '登记工单，48 小时内由理财经理回访']]), '情绪激动或涉及金额较大的，升级至班组长。'),
  }),
  (p) => ({
    title: `${p.zh}到期与续作`,
    body: blocks(`# 到期处理（${p.zh}）`, bullets(['到期前 7 天短信提醒', '到期资金次一工作日回到活期账户', '续作须重新确认风险测评']), '客户询问续作收益的，只报当期发行的业绩比较基准。'),
  }),
];

interface ClaimType {
  zh: string;
  documents: readonly string[];
  days: number;
}

const CLAIM_TYPES: readonly ClaimType[] = [
  { zh: '车险', documents: ['报案号', '驾驶证', '行驶证', '事故认定书', '维修发票'], days: 10 },
  { zh: '医疗险', documents: ['病历', '诊断证明', '医疗费用清单', '发票原件', '银行卡'], days: 15 },
  { zh: '意外险', documents: ['事故证明', '诊断证明', '伤残鉴定（如有）', '身份证'], days: 15 },
  { zh: '重疾险', documents: ['病理报告', '诊断证明', '住院病历', '身份证', '银行卡'], days: 30 },
  { zh: '家财险', documents: ['损失清单', '现场照片', '购物凭证', '物业或消防证明'], days: 20 },
  { zh: '旅行险', documents: ['护照或登机牌', '境外就医单据', '航班延误证明', '报案号'], days: 20 },
];

type ClaimTopic = (c: ClaimType, random: Random) => { title: string; body: string };

const CLAIM_TOPICS: readonly ClaimTopic[] = [
  (c) => ({ title: `${c.zh}报案流程`, body: blocks(`# ${c.zh}报案`, numbered(['记录出险时间、地点、经过', '核对保单号与被保险人', '生成报案号并短信发送给客户', '告知材料清单与提交方式']), '出险后 48 小时内报案；超期报案可能影响定损。') }),
  (c) => ({ title: `${c.zh}理赔所需材料`, body: blocks(`# ${c.zh}理赔材料`, bullets(c.documents), '材料可在 App 上传照片；原件须保留至结案。') }),
  (c) => ({ title: `${c.zh}理赔时效与进度查询`, body: blocks(`# 时效（${c.zh}）`, table(['环节', '时效'], [['材料齐全后审核', `${c.days} 个工作日`], ['审核通过后赔款到账', '3 个工作日'], ['补充材料', '通知后 30 天内']]), '客户查询进度：报案号 → 理赔系统 → 当前环节。') }),
  (c) => ({ title: `${c.zh}拒赔常见原因`, body: blocks(`# 常见拒赔原因（${c.zh}）`, bullets(['出险时保单不在有效期', '属于责任免除条款', '未如实告知', '材料不全且逾期未补']), '答复拒赔时只说明条款，不做主观评价；客户有异议的登记复核。') }),
  (c, r) => ({ title: `${c.zh}理赔争议与投诉`, body: blocks(`# 争议处理（${c.zh}）`, numbered(['倾听并复述客户诉求', '登记投诉工单，注明报案号', `${between(r, 2, 5)} 个工作日内由理赔专员回访`]), '涉及监管投诉的，立即升级至质检。') }),
  (c) => ({ title: `${c.zh}小额快速理赔`, body: blocks(`# 快速理赔（${c.zh}）`, '赔付金额 5,000 元以下、责任明确的案件可走快速通道。', table(['条件', '要求'], [['金额', '≤ 5,000 元'], ['材料', '线上上传'], ['时效', '3 个工作日']])) }),
];

export function wealthArticles(random: Random): GeneratedArticle[] {
  return WEALTH_PRODUCTS.flatMap((product) => WEALTH_TOPICS.map((topic) => ({ spaceId: 'wealth', ...topic(product, random) })));
}

export function claimArticles(random: Random): GeneratedArticle[] {
  return CLAIM_TYPES.flatMap((type) => CLAIM_TOPICS.map((topic) => ({ spaceId: 'claims', ...topic(type, random) })));
}
