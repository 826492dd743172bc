import { AGENT, openAndLogin, text } from '../fixtures/desk.ts';
import { loginAdmin } from '../fixtures/admin-api.ts';
import { expect, PEER_USER, test } from '../fixtures/phone.ts';

/**
 * The idle lock never locks the screen out from under a call: the phone takes core's
 * activity hold (`activity.hold`) when the call rings and releases it when it ends. With
 * a 2 s idle policy pushed by the institution during the call, a call that lasts several
 * idle periods without any input keeps the workspace unlocked; once the peer hangs up,
 * core's idle timer locks again.
 *
 * Every wait is bounded; the one fixed pause is the stretch of call with no input (several
 * idle periods), and nothing asserts how long anything took.
 */
test.describe.configure({ timeout: 120_000 });

const IDLE_SECONDS = 2;
const WAIT = { timeout: 20_000 };
const invoked = (channel: string) => (r: { url(): string }) => r.url().endsWith(`/__desk/invoke/${channel}`);

test('a call longer than the idle time keeps the desk unlocked; after the hang-up idle locks again', async ({ phone }) => {
  const { desk, peer, telephony, lab } = phone;
  const adminApi = await loginAdmin(lab.institutionUrl, lab.caPem);
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', WAIT);

  // The peer calls; the phone takes the hold as soon as the call rings.
  const held = desk.waitForResponse(invoked('activity.hold'), WAIT);
  await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toContainText(`${PEER_USER} 来电`, WAIT);
  expect(await (await held).json()).toMatchObject({ ok: true, value: { holdId: expect.any(String) } });
  await desk.getByTestId('phone-answer').click();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', WAIT);
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('confirmed');

  // The institution shortens the idle time during the call; the desk shows it once core has it.
  await adminApi.setPolicy({ idleLockSeconds: IDLE_SECONDS });
  await expect(desk.getByTestId('workspace')).toContainText(text['zh-CN']['overview.idleLockValue'].replace('{seconds}', String(IDLE_SECONDS)), WAIT);

  // Several idle periods with no input at all: the hold keeps the lock off and the call up.
  await desk.waitForTimeout(IDLE_SECONDS * 3 * 1_000);
  await expect(desk.getByTestId('lock-screen')).toHaveCount(0);
  await expect(desk.getByTestId('workspace')).toBeVisible();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active');
  expect((await peer.status()).call).toBe('confirmed');

  // The peer hangs up: the phone releases the hold, and with no input the idle lock locks again.
  const released = desk.waitForResponse(invoked('activity.release'), WAIT);
  await peer.hangup();
  expect(await (await released).json()).toEqual({ ok: true, value: null });
  await expect(desk.getByTestId('lock-screen')).toBeVisible(WAIT);
  await expect(desk.getByTestId('workspace')).toBeHidden();
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ended');
});
