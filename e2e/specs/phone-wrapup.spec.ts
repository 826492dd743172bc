import Database from 'better-sqlite3';
import { CallRecord } from '../../institution/contract/phone-api.ts';
import { databasePath } from '../../institution/src/data-dir.ts';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { expect, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * After the call, against the real lab (Kamailio + rtpengine) and a real institution:
 * wrap-up (话后整理) with the policy's timer, a disposition required to leave it (chosen by
 * keyboard), the live call quality on the call card, and the call record the desk's outbox
 * delivers to the institution (read here from the institution's own SQLite file).
 *
 * The customer is a second peer page registered as an 11-digit number, so the record's
 * masking (last four digits) is visible. Every wait is bounded; nothing asserts a duration.
 */
test.describe.configure({ timeout: 120_000 });

const CUSTOMER = '13800138000';
const WAIT = { timeout: 20_000 };

async function signInReady({ desk, lab }: PhoneWorld): Promise<void> {
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', WAIT);
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲');
}

/** The institution's file, read-only beside the running server. */
function institutionDb<T>(world: PhoneWorld, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath(world.lab.institutionDataDir), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
const reportedStates = (world: PhoneWorld): string[] =>
  institutionDb(world, (db) => (db.prepare('SELECT state FROM agent_state_history WHERE operator_id = ? ORDER BY n').all(AGENT.id) as { state: string }[]).map((r) => r.state));
const storedRecords = (world: PhoneWorld): { record: string; workstation_id: string }[] =>
  institutionDb(world, (db) => db.prepare('SELECT record, workstation_id FROM phone_calls WHERE operator_id = ?').all(AGENT.id) as { record: string; workstation_id: string }[]);

/** The policy's wrap-up time, as the institution's administrator would set it (before the desk signs in). */
function setWrapUpSeconds(world: PhoneWorld, seconds: number): void {
  const db = new Database(databasePath(world.lab.institutionDataDir), { fileMustExist: true });
  try {
    db.prepare('UPDATE phone_settings SET wrap_up_seconds = ? WHERE id = 1').run(seconds);
  } finally {
    db.close();
  }
}

/** The customer calls the agent and the agent answers; both sides confirmed, audio flowing in. */
async function answeredCall(world: PhoneWorld, customer: Awaited<ReturnType<PhoneWorld['addPeer']>>): Promise<void> {
  const { desk, telephony } = world;
  await customer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toBeVisible(WAIT);
  await desk.getByTestId('phone-answer').click();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', WAIT);
  await expect.poll(async () => (await customer.status()).call, WAIT).toBe('confirmed');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-inbound', 'flowing', WAIT);
}

test('after an answered call: wrap-up with its timer, no Ready without a disposition, chosen by keyboard; the record and the states reach the institution', async ({ phone }) => {
  const { desk } = phone;
  const customer = await phone.addPeer(CUSTOMER);
  await signInReady(phone);
  await answeredCall(phone, customer);

  // Live quality from getStats: a MOS estimate and RTT on the card, no warning on loopback.
  const quality = desk.getByTestId('phone-call-quality');
  await expect(quality).not.toHaveAttribute('data-mos', '', WAIT);
  await expect(quality).toContainText('MOS');
  await expect(quality).toHaveAttribute('data-warnings', '');

  await customer.hangup();
  const wrapUp = desk.getByTestId('phone-wrap-up');
  await expect(wrapUp).toBeVisible(WAIT);
  await expect(wrapUp).toHaveAttribute('data-overdue', 'false');
  await expect(desk.getByTestId('phone-wrap-up-timer')).toHaveText(/^剩余 00:[0-3][0-9]$/);
  await expect(wrapUp).toContainText('*******8000');
  await expect(wrapUp).not.toContainText(CUSTOMER);
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：话后整理');

  // Ready is not reachable without a disposition: choosing 示闲 only says what comes after,
  // and Enter in the (focused) disposition list is refused.
  const disposition = desk.getByTestId('phone-disposition');
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await disposition.focus();
  await desk.keyboard.press('Enter');
  await expect(desk.getByTestId('phone-problem')).toHaveAttribute('data-problem', 'disposition-required');
  await expect(wrapUp).toBeVisible();
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：话后整理');

  // By keyboard: the list has the focus, an arrow key picks the first disposition, Enter finishes.
  await disposition.focus();
  await desk.keyboard.press('ArrowDown');
  await expect(disposition).toHaveValue('answered');
  await desk.keyboard.press('Enter');
  await expect(wrapUp).toHaveCount(0, WAIT);
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲', WAIT);

  // The institution heard ready → ringing → on-call → wrap-up → ready.
  await expect.poll(() => reportedStates(phone).slice(-5), WAIT).toEqual(['ready', 'ringing', 'on-call', 'wrap-up', 'ready']);

  // The record arrived through the outbox: metadata only, masked number, disposition, quality summary.
  await expect.poll(() => storedRecords(phone).length, WAIT).toBe(1);
  const [row] = storedRecords(phone);
  expect(row?.record).not.toContain(CUSTOMER);
  const record = CallRecord.parse(JSON.parse(row?.record ?? 'null'));
  expect(record).toMatchObject({ operatorId: AGENT.id, direction: 'inbound', remote: '*******8000', end: 'remote-hangup', disposition: 'answered', wrapUpOverdue: false, wrapUpExtended: false });
  expect(record.answeredAt).not.toBeNull();
  expect(record.wrapUpEndedAt).not.toBeNull();
  expect(record.states.map((s) => s.state)).toEqual(['ringing', 'on-call', 'wrap-up', 'ready']);
  expect(record.quality?.samples).toBeGreaterThan(0);
  expect(record.quality?.mosAvg).not.toBeNull();
  expect(record.quality?.rttMaxMs).not.toBeNull();
});

test('past the deadline the desk stays in wrap-up (overdue) and inbound calls are busy; extend once, then finish', async ({ phone }) => {
  const { desk } = phone;
  setWrapUpSeconds(phone, 2);
  const customer = await phone.addPeer(CUSTOMER);
  await signInReady(phone);
  await answeredCall(phone, customer);
  await desk.getByTestId('phone-hangup').click();

  const wrapUp = desk.getByTestId('phone-wrap-up');
  await expect(wrapUp).toHaveAttribute('data-overdue', 'true', WAIT);
  await expect(desk.getByTestId('phone-wrap-up-timer')).toContainText('已超时');
  // Still wrap-up at the institution: the desk never goes Ready by itself.
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：话后整理');

  // A call to the agent meanwhile is answered 486 Busy Here; the desk does not ring.
  await customer.call(`sip:${AGENT.id}@${phone.telephony.domain}`);
  await expect.poll(async () => (await customer.status()).call, WAIT).toBe('ended');
  expect((await customer.status()).endStatus).toBe(486);
  await expect(desk.getByTestId('phone-incoming')).toHaveCount(0);

  await desk.getByTestId('phone-wrap-up-extend').click();
  await expect(wrapUp).toHaveAttribute('data-extended', 'true');
  await expect(desk.getByTestId('phone-wrap-up-extend')).toBeDisabled();
  // Extended by the policy's 2 s from now: overdue again soon after, and still asking.
  await expect(wrapUp).toHaveAttribute('data-overdue', 'true', WAIT);

  await desk.getByTestId('phone-disposition').selectOption('callback');
  await desk.getByTestId('phone-wrap-up-finish').click();
  await expect(wrapUp).toHaveCount(0, WAIT);
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲', WAIT);
  await expect.poll(() => storedRecords(phone).length, WAIT).toBe(1);
  const record = CallRecord.parse(JSON.parse(storedRecords(phone)[0]?.record ?? 'null'));
  expect(record).toMatchObject({ end: 'local-hangup', disposition: 'callback', wrapUpOverdue: true, wrapUpExtended: true });
});
