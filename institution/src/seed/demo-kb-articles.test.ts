import { describe, expect, it } from 'vitest';
import { isCleanArticleText, KB_MAX_BODY, KbCreateArticleRequest } from '../../contract/kb-api.ts';
import { generatedDemoArticles } from './demo-kb-articles.ts';
import { DEMO_KB_SPACES } from './demo-kb.ts';
import { benchArticle } from './kb-bench-corpus.ts';

/** The generated knowledge-base text: the demo set and the benchmark corpus. */
describe('demo knowledge-base articles', () => {
  const articles = generatedDemoArticles();

  it('are about 200, valid for the API, with unique titles, in every demo space', () => {
    // With the six written out in demo-kb.ts the demo has ≥ 200.
    expect(articles.length + 6).toBeGreaterThanOrEqual(200);
    expect(new Set(articles.map((a) => a.title)).size).toBe(articles.length);
    for (const a of articles) {
      expect(KbCreateArticleRequest.safeParse({ ...a, mandatory: false }).success, a.title).toBe(true);
      expect(isCleanArticleText(a.body) && a.body.length <= KB_MAX_BODY).toBe(true);
    }
    expect(new Set(articles.map((a) => a.spaceId))).toEqual(new Set(DEMO_KB_SPACES.map((s) => s.id)));
  });

  it('are the same on every run (deterministic from the seed) and differ for another seed', () => {
    expect(generatedDemoArticles()).toEqual(articles);
    expect(generatedDemoArticles(1).map((a) => a.body)).not.toEqual(articles.map((a) => a.body));
  });

  it('exercise search: 挂失, 年费, 分期 inside 信用卡分期还款, English words; Markdown headings, lists and tables', () => {
    const containing = (text: string) => articles.filter((a) => `${a.title}\n${a.body}`.includes(text)).length;
    for (const term of ['挂失', '年费', '分期', '信用卡分期还款', 'annual fee', 'CVV']) expect(containing(term), term).toBeGreaterThan(5);
    expect(articles.filter((a) => /^[\x20-\x7e]+$/.test(a.title)).length).toBeGreaterThanOrEqual(20);
    expect(articles.every((a) => /^# /m.test(a.body))).toBe(true);
    expect(articles.filter((a) => /^\| --- \|/m.test(a.body)).length).toBeGreaterThan(50);
    expect(articles.filter((a) => /^(- |1\. )/m.test(a.body)).length).toBeGreaterThan(100);
  });
});

describe('benchmark corpus', () => {
  it('is deterministic per (seed, index), about the asked length, ≈ 1/8 English, and realistic in its term spread', () => {
    expect(benchArticle(8, 42)).toEqual(benchArticle(8, 42));
    expect(benchArticle(8, 42)).not.toEqual(benchArticle(9, 42));
    const sample = Array.from({ length: 800 }, (_, i) => benchArticle(8, i));
    expect(sample.every((a) => a.body.length === 1500 && isCleanArticleText(a.body) && a.title.length <= 120)).toBe(true);
    const english = sample.filter((a) => a.english).length / sample.length;
    expect(english).toBeGreaterThan(0.08);
    expect(english).toBeLessThan(0.18);
    // Domain words are common but not everywhere (so a two-character query has real work and real misses).
    const share = (term: string) => sample.filter((a) => `${a.title}${a.body}`.includes(term)).length / sample.length;
    for (const term of ['挂失', '年费', '分期']) {
      expect(share(term), term).toBeGreaterThan(0.1);
      expect(share(term), term).toBeLessThan(0.6);
    }
  });
});
