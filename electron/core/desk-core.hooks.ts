/**
 * Test support (not shipped): a test file's real institution, started in beforeAll and
 * closed in afterAll, with the cleanups each test leaves run after it, last first. Kept
 * apart from desk-core.harness.ts because it imports vitest, which a Playwright spec
 * importing the harness must not load.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DeskCore } from './desk-core.ts';
import {
  openTestDesk,
  signIn,
  startRelay,
  startTestInstitution,
  tempDir,
  untilEnrolled,
  type Cleanups,
  type Relay,
  type TestDeskOptions,
  type TestInstitution,
} from './desk-core.harness.ts';

export interface TestInstitutionHooks {
  /** The file's institution (from beforeAll on). */
  readonly institution: TestInstitution;
  /** ADM01's console token, taken in beforeAll (with `admin: true`). */
  readonly admin: string;
  /**
   * The relay the institution's profile names as its address (with `relay: true`); a test
   * may cut it, and it forwards to the institution again after each test.
   */
  readonly relay: Relay;
  /** Run after each test, last first. */
  readonly cleanups: Cleanups;
  /** A fresh temporary directory, removed after the test. */
  tempDir(prefix?: string): string;
  /** A desk against the file's institution (desk-core.harness.ts `openTestDesk`), closed after the test. */
  openDesk(options: TestDeskOptions): Promise<DeskCore>;
  /**
   * A desk at a workstation of its own (registered now, enrolled; quick delivery retries, no
   * log) with `operatorId` signed in — one seat of a test that puts an agent and a supervisor
   * side by side. Closed after the test.
   */
  seat(operatorId: string, password: string): Promise<DeskCore>;
}

/** Registers the hooks; a beforeAll the file registers after this call sees the institution. */
export function useTestInstitution(
  serverOptions: Parameters<typeof startTestInstitution>[0] = {},
  o: { admin?: boolean; relay?: boolean } = {},
): TestInstitutionHooks {
  let institution: TestInstitution | undefined;
  let admin: string | undefined;
  let relay: Relay | undefined;
  const cleanups: Cleanups = [];
  let seats = 0;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useTestInstitution: no ${what} (it is set up in beforeAll${what === 'institution' ? '' : ` with ${what}: true`})`);
    return value;
  };

  beforeAll(async () => {
    if (o.relay) relay = await startRelay();
    institution = await startTestInstitution(relay ? { ...serverOptions, publicUrl: relay.url } : serverOptions);
    relay?.forwardTo(institution.server.url);
    if (o.admin) admin = await institution.token('ADM01', 'Admin#2026');
  });
  afterAll(async () => {
    await institution?.close();
    await relay?.close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    if (institution) relay?.forwardTo(institution.server.url);
  });

  const hooks: TestInstitutionHooks = {
    get institution() {
      return started(institution, 'institution');
    },
    get admin() {
      return started(admin, 'admin');
    },
    get relay() {
      return started(relay, 'relay');
    },
    cleanups,
    tempDir: (prefix) => tempDir(cleanups, prefix),
    openDesk: (options) => openTestDesk(hooks.institution, cleanups, options),
    async seat(operatorId, password) {
      const core = await hooks.openDesk({ workstationId: `WS-SEAT-${++seats}`, register: true, deliveryBackoff: { initialMs: 50, maxMs: 200 }, log: () => undefined });
      await untilEnrolled(core);
      await signIn(core, operatorId, password);
      return core;
    },
  };
  return hooks;
}
