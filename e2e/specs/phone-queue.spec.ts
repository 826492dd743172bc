import Database from 'better-sqlite3';
import { databasePath } from '../../institution/src/data-dir.ts';
import { startSipp } from '../lab/testing/sipp.ts';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { expect, PEER_USER, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * The lab's queue (4000) with readiness pushed by the institution: the desk's 示闲 / 示忙
 * reports reach Kamailio's `ready` table through the institution's SBC readiness sink (no
 * test writes it for the desk). The customer is SIPp on the plain-SIP trunk; the second agent
 * is the JsSIP peer page, whose readiness the test sets as its institution would (it has none).
 *
 * Every wait is bounded; nothing asserts how long anything took.
 */
test.describe.configure({ timeout: 120_000 });
/** Short ring time per agent, so "no answer" is reached quickly (production: 15 s). */
const RING_MS = 4_000;
test.use({ ringMs: RING_MS });

async function signIn({ desk, lab }: PhoneWorld): Promise<void> {
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
}

/** The queue's entry for an operator (Ready-since, unix s), or null when the queue would not ring them. */
async function queueEntry(world: PhoneWorld, operatorId: string): Promise<number | null> {
  try {
    const result = (await world.telephony.rpc('htable.get', ['ready', operatorId])) as { item?: { value?: number } };
    return result.item?.value ?? null;
  } catch {
    return null;
  }
}

/** Every state the institution recorded for the operator, oldest first (its SQLite file, read-only). */
function reportedStates(world: PhoneWorld, operatorId: string): string[] {
  const db = new Database(databasePath(world.lab.institutionDataDir), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT state FROM agent_state_history WHERE operator_id = ? ORDER BY n').all(operatorId) as { state: string }[]).map((r) => r.state);
  } finally {
    db.close();
  }
}

/** The same history with each state's reason code. */
function reportedHistory(world: PhoneWorld, operatorId: string): { state: string; reason: string | null }[] {
  const db = new Database(databasePath(world.lab.institutionDataDir), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT state, reason_code AS reason FROM agent_state_history WHERE operator_id = ? ORDER BY n').all(operatorId) as { state: string; reason: string | null }[];
  } finally {
    db.close();
  }
}

function customerCalls(world: PhoneWorld, dir: string) {
  return startSipp({ binary: world.telephony.binaries.sipp, scenario: 'uac', dir, remotePort: world.telephony.udpPort, service: world.telephony.queue, timeoutMs: 30_000 });
}

test('示忙 takes the desk out of the queue: a customer is put through to the Ready peer and the desk is never rung', async ({ phone }, testInfo) => {
  const { desk, peer, telephony } = phone;
  await signIn(phone);
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲');
  // The institution pushed it: the desk's operator is in Kamailio's queue table.
  await expect.poll(() => queueEntry(phone, AGENT.id), { timeout: 10_000 }).not.toBeNull();

  await desk.getByTestId('phone-agent-state').selectOption('not-ready:break');
  await expect(desk.getByTestId('phone-agent-reported')).toContainText('示忙');
  await expect.poll(() => queueEntry(phone, AGENT.id), { timeout: 10_000 }).toBeNull();
  await telephony.markReady(PEER_USER);

  const sipp = await customerCalls(phone, testInfo.outputPath());
  await expect.poll(async () => (await peer.status()).call, { timeout: 15_000 }).toBe('ringing');
  await peer.answer();
  const result = await sipp.done;
  expect(result.code, `${result.log}\n${phone.telephony.logs()}`).toBe(0);
  // The whole hunt is over and the desk never rang: it reported no 振铃 after 示忙.
  const states = reportedStates(phone, AGENT.id);
  expect(states.slice(states.lastIndexOf('not-ready'))).toEqual(['not-ready']);
  await expect(desk.getByTestId('phone-incoming')).toHaveCount(0);
});

test('a ring with no answer moves to the next Ready agent and takes the desk out: 示忙 with the institution’s RONA reason', async ({ phone }, testInfo) => {
  const { desk, peer, telephony } = phone;
  await signIn(phone);
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲');
  await expect.poll(() => queueEntry(phone, AGENT.id), { timeout: 10_000 }).not.toBeNull();
  const deskSince = (await queueEntry(phone, AGENT.id)) ?? 0;
  // The peer became Ready after the desk, so the desk (longest Ready) is rung first.
  await telephony.markReady(PEER_USER, deskSince + 60);

  const sipp = await customerCalls(phone, testInfo.outputPath());
  await expect(desk.getByTestId('phone-incoming')).toBeVisible({ timeout: 15_000 });
  expect((await peer.status()).call).not.toBe('ringing');
  // Nobody answers at the desk: after the ring time the queue cancels it (Reason: SIP;cause=480) and rings the peer.
  await expect(desk.getByTestId('phone-incoming')).toHaveCount(0, { timeout: RING_MS + 15_000 });
  await expect.poll(async () => (await peer.status()).call, { timeout: 15_000 }).toBe('ringing');
  await peer.answer();
  const result = await sipp.done;
  expect(result.code, `${result.log}\n${phone.telephony.logs()}`).toBe(0);
  // The desk said what happened and went 示忙 with the RONA reason, not back to 示闲.
  await expect(desk.getByTestId('phone-call-ended')).toContainText('来电未接听（振铃超时）');
  await expect(desk.getByTestId('phone-problem')).toContainText('来电未接听，已自动示忙');
  await expect(desk.getByTestId('phone-agent-reported')).toContainText('示忙');
  await expect(desk.getByTestId('phone-agent-state')).toHaveValue('not-ready:rona');
  // The institution's history: rang, then not ready for RONA; and the queue no longer has the desk.
  await expect.poll(() => reportedHistory(phone, AGENT.id).slice(-2), { timeout: 10_000 }).toEqual([
    { state: 'ringing', reason: null },
    { state: 'not-ready', reason: 'rona' },
  ]);
  await expect.poll(() => queueEntry(phone, AGENT.id), { timeout: 10_000 }).toBeNull();
});

test('a caller hanging up while the desk rings leaves it Ready: 对方已取消呼叫, no RONA', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await signIn(phone);
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲');
  await expect.poll(() => queueEntry(phone, AGENT.id), { timeout: 10_000 }).not.toBeNull();

  // The peer page is the customer here: it calls the queue and gives up while the desk rings.
  await peer.call(`sip:${telephony.queue}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toBeVisible({ timeout: 15_000 });
  await peer.hangup();
  await expect(desk.getByTestId('phone-incoming')).toHaveCount(0, { timeout: 10_000 });
  await expect(desk.getByTestId('phone-call-ended')).toContainText('对方已取消呼叫');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲');
  await expect(desk.getByTestId('phone-problem')).toHaveCount(0);
  await expect.poll(() => reportedHistory(phone, AGENT.id).slice(-2), { timeout: 10_000 }).toEqual([
    { state: 'ringing', reason: null },
    { state: 'ready', reason: null },
  ]);
});
