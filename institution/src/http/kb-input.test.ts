import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { isCleanName } from '../../contract/clean-text.ts';
import { isCleanArticleText, KB_MAX_BODY, KbVersion, KbVersionHistory } from '../../contract/kb-api.ts';
import { DEMO_KB_SPACES } from '../seed/demo-kb.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import type { HttpResponse } from '../testing/https-client.ts';

/**
 * Bad input on the authoring endpoints, property-tested over real HTTPS (issue #8, "Done
 * when"): text with NUL, control characters or lone surrogates; oversized articles; unknown
 * spaces; stale edits by two authors at once. Every answer is the success code or a typed
 * 4xx, never a 5xx, and nothing stored is lost or overwritten.
 */
describe('knowledge base: bad input on the authoring endpoints', () => {
  let t: TestInstitution;
  let author: string;
  let secondAuthor: string;
  beforeAll(async () => {
    t = await startTestInstitution();
    author = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
    const json = { id: 'ADM02', displayName: '刘洋', password: 'Author#2026', roles: ['admin'], team: null };
    expect((await t.client.request('POST', `${API_PREFIX}/admin/operators`, { token: author, json })).status).toBe(201);
    secondAuthor = (await t.consoleLogin('ADM02', 'Author#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, token: string, json: unknown) => t.client.request('POST', `${API_PREFIX}${path}`, { token, json });
  const get = (path: string, token: string) => t.client.request('GET', `${API_PREFIX}${path}`, { token });
  const expectTyped4xx = (response: HttpResponse, status: number, code: string): void => {
    expect(response.status, response.text.slice(0, 200)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  /** Any code point, lone surrogates included; control characters and NUL made likely. */
  const hostileText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.array(fc.constantFrom('挂失', 'fee', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\ud800', '\udfff', '😀', '\ufffe', '\n', '\t', '|'), { maxLength: 12 }).map((parts) => parts.join('')),
  );
  /** What the server must accept: the contract's rule, as the desk would check it first. */
  const acceptable = (title: string, body: string): boolean => {
    const trimmed = title.trim();
    // A title is a name (clean-text.ts): checked before trimming, so a hidden character at an end is refused too.
    return trimmed.length >= 1 && trimmed.length <= 120 && isCleanName(title) && isCleanArticleText(body);
  };

  it('creates an article exactly when its text is clean, keeps it byte for byte, and refuses the rest with 400', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (title, body) => {
        const response = await post('/kb/articles', author, { spaceId: 'service', title, body, mandatory: false });
        if (!acceptable(title, body)) return expectTyped4xx(response, 400, 'bad_request');
        expect(response.status, response.text.slice(0, 200)).toBe(201);
        const created = KbVersion.parse(response.json);
        const history = KbVersionHistory.parse((await get(`/kb/articles/${created.articleId}/versions`, author)).json);
        expect(history.versions[0]?.body).toBe(body);
        expect(history.versions[0]?.title).toBe(title.trim());
      }),
      { numRuns: 60 },
    );
  });

  it('refuses the same text in a new draft (400) and leaves the article as it was', async () => {
    const created = KbVersion.parse((await post('/kb/articles', author, { spaceId: 'service', title: '原稿', body: '正文', mandatory: false })).json);
    await fc.assert(
      fc.asyncProperty(hostileText.filter((b) => !isCleanArticleText(b)), async (body) => {
        expectTyped4xx(await post(`/kb/articles/${created.articleId}/versions`, author, { baseVersion: 1, title: '原稿', body, mandatory: false }), 400, 'bad_request');
      }),
      { numRuns: 25 },
    );
    const history = KbVersionHistory.parse((await get(`/kb/articles/${created.articleId}/versions`, author)).json);
    expect(history.versions.map((v) => [v.version, v.body])).toEqual([[1, '正文']]);
  });

  it('accepts the longest article in Chinese, refuses one character more (400) and a body past the route limit (413)', async () => {
    const longest = '挂'.repeat(KB_MAX_BODY);
    const ok = await post('/kb/articles', author, { spaceId: 'credit-card', title: '最长的文章', body: longest, mandatory: false });
    expect(ok.status, ok.text.slice(0, 200)).toBe(201);
    expectTyped4xx(await post('/kb/articles', author, { spaceId: 'credit-card', title: '太长', body: `${longest}挂`, mandatory: false }), 400, 'bad_request');
    expectTyped4xx(await post('/kb/articles', author, { spaceId: 'credit-card', title: 't'.repeat(121), body: '', mandatory: false }), 400, 'bad_request');
    expectTyped4xx(await post('/kb/articles', author, { spaceId: 'credit-card', title: '太大', body: '挂'.repeat(230_000), mandatory: false }), 413, 'payload_too_large');
  });

  it('answers unknown spaces with 404 and malformed space ids with 400', async () => {
    const known = new Set(DEMO_KB_SPACES.map((s) => s.id));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{1,31}$/), fc.string({ maxLength: 40 })), async (spaceId) => {
        fc.pre(!known.has(spaceId));
        const response = await post('/kb/articles', author, { spaceId, title: '标题', body: '正文', mandatory: false });
        if (/^[a-z][a-z0-9-]{1,31}$/.test(spaceId)) expectTyped4xx(response, 404, 'not_found');
        else expectTyped4xx(response, 400, 'bad_request');
      }),
      { numRuns: 40 },
    );
  });

  it('lets exactly one of several authors editing the same version win; the others get 409 and nothing is overwritten', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', 'b'), { minLength: 2, maxLength: 4 }), fc.nat({ max: 2 }), async (editors, priorEdits) => {
        const created = KbVersion.parse((await post('/kb/articles', author, { spaceId: 'wealth', title: '并发编辑', body: 'v1', mandatory: false })).json);
        const id = created.articleId;
        let base = 1;
        for (let i = 0; i < priorEdits; i += 1) {
          expect((await post(`/kb/articles/${id}/versions`, author, { baseVersion: base, title: '并发编辑', body: `v${base + 1}`, mandatory: false })).status).toBe(201);
          base += 1;
        }
        // Everyone read version `base` and saves at once.
        const answers = await Promise.all(
          editors.map((who, i) => post(`/kb/articles/${id}/versions`, who === 'a' ? author : secondAuthor, { baseVersion: base, title: '并发编辑', body: `edit ${i} by ${who}`, mandatory: false })),
        );
        const won = answers.filter((r) => r.status === 201);
        expect(won).toHaveLength(1);
        for (const lost of answers.filter((r) => r.status !== 201)) {
          expectTyped4xx(lost, 409, 'conflict');
          expect(ApiError.parse(lost.json).error.message).toContain(`version ${base} is not the latest`);
        }
        const history = KbVersionHistory.parse((await get(`/kb/articles/${id}/versions`, author)).json);
        // The winner is the new latest; every earlier version is still there, unchanged.
        expect(history.versions.map((v) => v.version)).toEqual(Array.from({ length: base + 1 }, (_, i) => base + 1 - i));
        expect(history.versions[0]?.body).toBe(KbVersion.parse(won[0]?.json).body);
        expect(history.versions.slice(1).map((v) => v.body)).toEqual(Array.from({ length: base }, (_, i) => `v${base - i}`));
      }),
      { numRuns: 12 },
    );
  });
});
