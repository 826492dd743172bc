import { contentSecurityPolicy } from '../../electron/core/security/csp.ts';
import { expect, test } from '../fixtures/lab.ts';

interface Violation {
  effectiveDirective: string;
  blockedURI: string;
}
interface SecurityPolicyViolationEventLike extends Violation {
  readonly type: string;
}
interface PageGlobals {
  addEventListener(type: 'securitypolicyviolation', listener: (event: SecurityPolicyViolationEventLike) => void): void;
  fetch(url: string): Promise<unknown>;
  document: { body: { innerHTML: string } };
  __injected?: number;
}

test.describe('the renderer runs under the Electron CSP and Trusted Types', () => {
  test('the page carries the same CSP header as the desktop, with Trusted Types required', async ({ page, lab }) => {
    const response = await page.goto(lab.deskUrl);
    const headers = response?.headers() ?? {};
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toBe(contentSecurityPolicy({ connectSrc: [] }));
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  test('eval and new Function are refused', async ({ page, lab }) => {
    await page.goto(lab.deskUrl);
    // DevTools-protocol evaluation is exempt from the eval check, so the attempt runs
    // later as an ordinary page task, where the page's own CSP applies.
    const outcome = await page.evaluate(
      () =>
        new Promise<{ eval: string; newFunction: string }>((resolve) => {
          setTimeout(() => {
            const attempt = (run: () => unknown): string => {
              try {
                run();
                return 'ran';
              } catch (error) {
                return (error as Error).name;
              }
            };
            resolve({ eval: attempt(() => eval('1')), newFunction: attempt(() => new Function('return 1')()) });
          }, 0);
        }),
    );
    expect(outcome).toEqual({ eval: 'EvalError', newFunction: 'EvalError' });
  });

  test('assigning HTML strings to a DOM sink throws a TypeError (Trusted Types)', async ({ page, lab }) => {
    await page.goto(lab.deskUrl);
    const outcome = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      try {
        g.document.body.innerHTML = '<img src=x onerror="globalThis.__injected = 1">';
        return { threw: 'no', injected: g.__injected ?? 0 };
      } catch (error) {
        return { threw: (error as Error).name, injected: g.__injected ?? 0 };
      }
    });
    expect(outcome).toEqual({ threw: 'TypeError', injected: 0 });
    await expect(page.getByTestId('login-operator-id')).toBeVisible();
  });

  test('the page cannot reach the institution (or any other origin) directly: connect-src blocks it', async ({ page, lab }) => {
    await page.goto(lab.deskUrl);
    const target = new URL('/api/v1/site-profile', lab.institutionUrl).href;
    const outcome = await page.evaluate(async (url) => {
      const g = globalThis as unknown as PageGlobals;
      const violations: Violation[] = [];
      const seen = new Promise<void>((resolve) => {
        g.addEventListener('securitypolicyviolation', (event) => {
          violations.push({ effectiveDirective: event.effectiveDirective, blockedURI: event.blockedURI });
          resolve();
        });
      });
      let fetched = 'resolved';
      try {
        await g.fetch(url);
      } catch (error) {
        fetched = (error as Error).name;
      }
      await Promise.race([seen, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      return { fetched, violations };
    }, target);
    expect(outcome.fetched).toBe('TypeError');
    expect(outcome.violations).toContainEqual({
      effectiveDirective: 'connect-src',
      blockedURI: expect.stringContaining(new URL(lab.institutionUrl).host),
    });
  });
});
