/**
 * TEST ONLY — shared set-up for the lab's tests: one lab per test file, agents as SipUa
 * clients with freshly minted ephemeral credentials, and unique operator ids per test so
 * tests in one file never see each other's registrations.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mintSipCredentials } from '../credentials.ts';
import { startTelephonyLab, type TelephonyLab, type TelephonyLabOptions } from '../telephony.ts';
import { SipUa } from './sip-client.ts';
import { openSipTransport } from './ws-transport.ts';

export const TEST_SECRET = `lab-${randomBytes(16).toString('hex')}`;

let counter = 0;
/** A fresh operator id (valid OperatorId syntax), e.g. "agent-3-k2". */
export function operatorId(prefix = 'agent'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(2).toString('hex')}`;
}

/** A lab for tests: its own scratch dir (`tmp`, for SIPp scenarios and logs), removed by close(). */
export type TestLab = TelephonyLab & { tmp: string };

export async function startTestLab(options: Partial<TelephonyLabOptions> = {}): Promise<TestLab> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-lab-test-'));
  const lab = await startTelephonyLab({ secret: TEST_SECRET, ...options });
  return {
    ...lab,
    tmp,
    async close() {
      await lab.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a test file's lab: started in beforeAll, closed in afterAll, and every agent
 * closed after each test. `lab` is there from beforeAll on.
 */
export function useTestLab(options: Partial<TelephonyLabOptions> = {}): { readonly lab: TestLab } {
  let lab: TestLab | undefined;
  beforeAll(async () => {
    lab = await startTestLab(options);
  });
  afterAll(async () => {
    await lab?.close();
  });
  afterEach(() => closeAgents());
  return {
    get lab() {
      if (!lab) throw new Error('useTestLab: the lab starts in beforeAll');
      return lab;
    },
  };
}

export interface AgentOptions {
  url?: string;
  /** Credentials as issued for this id (default: valid, 10 min); null: none at all. */
  credentials?: { username: string; password: string } | null;
  register?: boolean;
}

const open: SipUa[] = [];

/** A connected agent; registered (and checked to be 200) unless register is false. */
export async function agent(lab: TelephonyLab, id: string, options: AgentOptions = {}): Promise<SipUa> {
  const transport = await openSipTransport(options.url ?? lab.wsUrl, { caCertPem: lab.caCertPem });
  const ua = new SipUa(transport, id, lab.domain, options.credentials === null ? undefined : (options.credentials ?? mintSipCredentials(TEST_SECRET, id, 600)));
  open.push(ua);
  if (options.register ?? true) {
    const response = await ua.register().final;
    if (response.status !== 200) throw new Error(`REGISTER ${id}: ${response.status} ${response.reason}`);
  }
  return ua;
}

/** Closes every agent opened so far (afterEach). */
export function closeAgents(): void {
  for (const ua of open.splice(0)) ua.close();
}
