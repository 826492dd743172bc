/**
 * Test support (not shipped): the institution a test file (or describe block) runs against,
 * started in beforeAll and closed in afterAll, with what its tests share set up once: the
 * admin's console token, desk sessions of the demo agent / supervisor / QA, the ticket kit.
 * Kept apart from harness.ts because it imports vitest, which the benches that use the
 * harness must not load. Hooks a file registers after this call run after it, so they see
 * the institution and the tokens.
 */
import { afterAll, beforeAll } from 'vitest';
import { DEMO_OPERATORS } from '../seed/demo.ts';
import type { InstitutionServerOptions } from '../server.ts';
import { ticketKit, type TicketKit } from '../tickets/ticket-fixtures.ts';
import { startTestInstitution, type TestInstitution } from './harness.ts';

/** The demo operator who plays each role (password only: A1002 needs a TOTP code, so its tests sign it in themselves). */
const ROLE_OPERATOR = { agent: 'A1001', supervisor: 'S2001', qa: 'QA01' } as const;
export type DemoRole = keyof typeof ROLE_OPERATOR;

export interface TestInstitutionHooks {
  /** The institution (from beforeAll on). */
  readonly institution: TestInstitution;
  /** ADM01's console token (`admin: true`): institution staff at the admin console, no workstation. */
  readonly admin: string;
  /** Desk session tokens (from the test workstation) of A1001, S2001 and QA01, for the roles named in `signIn`. */
  readonly agent: string;
  readonly supervisor: string;
  readonly qa: string;
  /** The ticket kit (`tickets: true`; ticket-fixtures.ts): the ticket key, sealing, filing. */
  readonly kit: TicketKit;
}

export function useTestInstitution(
  options: Partial<InstitutionServerOptions> = {},
  o: { admin?: boolean; signIn?: readonly DemoRole[]; tickets?: boolean } = {},
): TestInstitutionHooks {
  let institution: TestInstitution | undefined;
  let admin: string | undefined;
  let kit: TicketKit | undefined;
  const tokens = new Map<DemoRole, string>();
  const password = (id: string): string => {
    const operator = DEMO_OPERATORS.find((d) => d.id === id);
    if (operator === undefined) throw new Error(`useTestInstitution: ${id} is not a demo operator`);
    return operator.password;
  };

  beforeAll(async () => {
    institution = await startTestInstitution(options);
    if (o.tickets) kit = await ticketKit(institution);
    for (const role of o.signIn ?? []) tokens.set(role, (await institution.login(ROLE_OPERATOR[role], password(ROLE_OPERATOR[role]))).accessToken);
    if (o.admin) admin = (await institution.consoleLogin('ADM01', password('ADM01'))).accessToken;
  });
  afterAll(async () => {
    await institution?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useTestInstitution: no ${what} (it is set up in beforeAll)`);
    return value;
  };
  const token = (role: DemoRole) => started(tokens.get(role), `${role} token (signIn: ['${role}'])`);
  return {
    get institution() {
      return started(institution, 'institution');
    },
    get admin() {
      return started(admin, 'admin token (admin: true)');
    },
    get agent() {
      return token('agent');
    },
    get supervisor() {
      return token('supervisor');
    },
    get qa() {
      return token('qa');
    },
    get kit() {
      return started(kit, 'ticket kit (tickets: true)');
    },
  };
}
