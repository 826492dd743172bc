import type { KbSpace } from '../../contract/kb-api.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { createKbStore } from '../kb/kb-store.ts';
import { generatedDemoArticles } from './demo-kb-articles.ts';

/**
 * Demo knowledge base: five spaces and about 200 published articles (Chinese with English
 * terms, and English ones): six written out below (tests and the desktop's e2e name them)
 * and the rest generated from templates (demo-kb-articles.ts, deterministic). 保险理赔 is for
 * supervisors and QA only, so the demo shows a space an agent cannot see. Only two of the
 * written-out articles are mandatory reads (the demo operators have acknowledged them at
 * seeding, demo-kb-reads.ts, so no Ready gate holds them back); none of the generated ones is.
 * Seeded once (only when there is no article yet), in one transaction.
 */
export const DEMO_KB_SPACES: readonly KbSpace[] = [
  { id: 'credit-card', nameZh: '信用卡', nameEn: 'Credit cards', readRoles: ['agent', 'supervisor', 'qa'] },
  { id: 'wealth', nameZh: '理财', nameEn: 'Wealth management', readRoles: ['agent', 'supervisor', 'qa'] },
  { id: 'claims', nameZh: '保险理赔', nameEn: 'Insurance claims', readRoles: ['supervisor', 'qa'] },
  { id: 'loans', nameZh: '个人贷款', nameEn: 'Personal loans', readRoles: ['agent', 'supervisor', 'qa'] },
  { id: 'service', nameZh: '服务规范', nameEn: 'Service standards', readRoles: ['agent', 'supervisor', 'qa'] },
];

export const DEMO_KB_AUTHOR = 'ADM01';

const ARTICLES: readonly { spaceId: string; title: string; body: string; mandatory: boolean }[] = [
  {
    spaceId: 'credit-card',
    title: '信用卡挂失流程',
    body: '# 信用卡挂失\n\n客户来电要求挂失时：\n\n1. 核实身份（姓名、证件号后四位、预留手机号）。\n2. 立即冻结卡片，告知挂失生效时间。\n3. 询问是否补卡，补卡工本费按《收费标准》执行。\n\n挂失前发生的交易由客户承担，挂失后的盗刷由银行核查。',
    mandatory: true,
  },
  {
    spaceId: 'credit-card',
    title: '年费减免政策',
    body: '普卡首年免年费，当年刷卡满 6 次免次年年费。金卡年费 300 元，白金卡年费 2000 元，可用积分抵扣。\n\n| 卡种 | 年费 | 减免条件 |\n|---|---|---|\n| 普卡 | 100 | 刷卡 6 次 |\n| 金卡 | 300 | 刷卡 12 次 |',
    mandatory: false,
  },
  {
    spaceId: 'credit-card',
    title: '信用卡分期还款说明',
    body: '账单分期可选 3、6、12、24 期，每期手续费率 0.6%。信用卡分期还款申请须在到期还款日前提交；提前还款收取剩余本金 3% 的违约金。',
    mandatory: false,
  },
  {
    spaceId: 'credit-card',
    title: 'Reporting a lost card (English-speaking customers)',
    body: 'Verify the caller, freeze the card at once and tell the customer when the block took effect. Offer a replacement card; the annual fee is not charged again.',
    mandatory: false,
  },
  {
    spaceId: 'wealth',
    title: '理财产品风险等级说明',
    body: '理财产品分为 R1 至 R5 五个风险等级。向客户推荐前必须确认其风险测评结果，不得向 C1 客户推荐 R3 及以上产品。',
    mandatory: true,
  },
  {
    spaceId: 'claims',
    title: '车险理赔材料清单',
    body: '报案号、驾驶证、行驶证、事故认定书、维修发票。人伤案件另需医疗费用清单和诊断证明。',
    mandatory: false,
  },
];

export async function seedDemoKb(handle: DatabaseHandle, now: Clock): Promise<void> {
  const store = createKbStore({ db: handle.db, now });
  for (const space of DEMO_KB_SPACES) await store.upsertSpace(space);
  if ((await handle.db.selectFrom('kb_articles').select('id').limit(1).executeTakeFirst()) !== undefined) return;
  const generated = generatedDemoArticles().map((a) => ({ ...a, mandatory: false }));
  await store.importPublished(DEMO_KB_AUTHOR, [...ARTICLES, ...generated]);
}
