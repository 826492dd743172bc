/**
 * Test support (not shipped): the institution a test file (or describe block) runs against,
 * started in beforeAll and closed in afterAll, with the tokens it signs in once for all its
 * tests. Kept apart from harness.ts because it imports vitest, which the benches that use the
 * harness must not load. Hooks a file registers after this call run after it, so they see
 * the institution and the tokens.
 */
import { afterAll, beforeAll } from 'vitest';
import { DEMO_OPERATORS } from '../seed/demo.ts';
import type { InstitutionServerOptions } from '../server.ts';
import { startTestInstitution, type TestInstitution } from './harness.ts';

/** Demo operators who sign in with their password alone (A1002 needs a TOTP code: its tests sign it in themselves). */
export type PasswordOnlyOperator = 'A1001' | 'S2001' | 'QA01' | 'ADM01';

export interface TestInstitutionHooks {
  /** The institution (from beforeAll on). */
  readonly institution: TestInstitution;
  /** ADM01's console token (`admin: true`): institution staff at the admin console, no workstation. */
  readonly admin: string;
  /** The desk session token (from the test workstation) of an operator named in `signIn`. */
  token(operatorId: PasswordOnlyOperator): string;
}

export function useTestInstitution(
  options: Partial<InstitutionServerOptions> = {},
  o: { admin?: boolean; signIn?: readonly PasswordOnlyOperator[] } = {},
): TestInstitutionHooks {
  let institution: TestInstitution | undefined;
  let admin: string | undefined;
  const tokens = new Map<string, string>();
  const password = (id: string): string => {
    const operator = DEMO_OPERATORS.find((d) => d.id === id);
    if (operator === undefined) throw new Error(`useTestInstitution: ${id} is not a demo operator`);
    return operator.password;
  };

  beforeAll(async () => {
    institution = await startTestInstitution(options);
    if (o.admin) admin = (await institution.consoleLogin('ADM01', password('ADM01'))).accessToken;
    for (const id of o.signIn ?? []) tokens.set(id, (await institution.login(id, password(id))).accessToken);
  });
  afterAll(async () => {
    await institution?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useTestInstitution: no ${what} (it is set up in beforeAll)`);
    return value;
  };
  return {
    get institution() {
      return started(institution, 'institution');
    },
    get admin() {
      return started(admin, 'admin token (admin: true)');
    },
    token: (operatorId) => started(tokens.get(operatorId), `token of ${operatorId} (signIn)`),
  };
}
