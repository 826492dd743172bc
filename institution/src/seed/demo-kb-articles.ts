import { cardArticles, type GeneratedArticle } from './demo-kb-cards.ts';
import { englishArticles, loanArticles, serviceArticles } from './demo-kb-loans-service.ts';
import { claimArticles, wealthArticles } from './demo-kb-wealth-claims.ts';
import { seededRandom } from './kb-text.ts';

export type { GeneratedArticle } from './demo-kb-cards.ts';

/** The seed of the demo set: change it and every figure in the demo articles changes. */
export const DEMO_KB_SEED = 20_261_130;

/**
 * The generated demo articles (≈ 200: every product × topic of every space, and English
 * card articles), deterministic from `seed`. Titles are unique.
 */
export function generatedDemoArticles(seed = DEMO_KB_SEED): GeneratedArticle[] {
  const random = seededRandom(seed);
  return [...cardArticles(random), ...wealthArticles(random), ...claimArticles(random), ...loanArticles(random), ...serviceArticles(), ...englishArticles(random)];
}
