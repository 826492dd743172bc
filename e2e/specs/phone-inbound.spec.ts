import type { Page } from '@playwright/test';
import { loginAdmin } from '../fixtures/admin-api.ts';
import { AGENT, fillLogin } from '../fixtures/desk.ts';
import { deskRemoteLevel, expect, PEER_USER, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * The inbound half of the softphone against the real lab (Kamailio + rtpengine, the real
 * institution and its seeded customer directory, the desk host with main's own handlers):
 * the ringtone and the screen pop with the institution's masked data, the desktop
 * notification when the desk is not in view, auto-answer by policy, the dial plan's refusal,
 * and the lock screen's call bar — answer from it, two-way audio, workspace still hidden.
 *
 * The peer (`2001`) is the lab's customer simulator; the demo directory files it as a
 * customer (陈志强, ID 320102197512118765, card …9012, 钻石卡, 3 open tickets).
 * Every wait is bounded; nothing asserts how long anything took.
 */
test.describe.configure({ timeout: 120_000 });

const AUDIBLE_RMS = 0.02;
const AUDIBLE_ENERGY = 0.005;
const SILENT_ENERGY = 0.0005;
const WAIT = { timeout: 20_000 };

async function signIn({ desk, lab }: PhoneWorld): Promise<void> {
  // openAndLogin's steps with this spec's bound: sign-in (scrypt, proof, TLS) on a loaded machine.
  await desk.goto(lab.deskUrl);
  await fillLogin(desk, AGENT);
  await expect(desk.getByTestId('workspace')).toBeVisible(WAIT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', WAIT);
}

async function setReady(desk: Page): Promise<void> {
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲', WAIT);
}

/** The policy as the desk's core holds it now (what the phone reads), through the page's own bridge. */
function deskPolicy(desk: Page): Promise<unknown> {
  return desk.evaluate(`(async () => {
    const result = await window.desk.policy.get();
    return result.ok ? result.value : null;
  })()`);
}

/** Peak RMS of the ringtone as the ringer element plays it, over `ms`; -1 when nothing is attached. */
const ringerLevel = (desk: Page, ms = 1_500): Promise<number> => deskRemoteLevel(desk, ms, 'phone-ringer');

/** What the browser reports for a minimised or covered window (see the notification test). */
async function hidePage(desk: Page): Promise<void> {
  await desk.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.hasFocus = () => false;
    window.dispatchEvent(new Event('blur'));
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);
  expect(await desk.evaluate('[document.visibilityState, document.hasFocus()]')).toEqual(['hidden', false]);
}

async function ring(world: PhoneWorld): Promise<void> {
  await world.peer.call(`sip:${AGENT.id}@${world.telephony.domain}`);
  await expect(world.desk.getByTestId('phone-incoming')).toContainText(`${PEER_USER} 来电`, WAIT);
}

async function twoWayAudio({ desk, peer }: PhoneWorld): Promise<void> {
  await expect.poll(() => deskRemoteLevel(desk), WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await expect.poll(() => peer.energyRate(), WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
}

test('a ringing call rings (a real two-tone ring on the ringer element) and pops the caller with the institution’s masked data; answering stops the ring', async ({ phone }) => {
  const { desk } = phone;
  await signIn(phone);
  await ring(phone);

  const pop = desk.getByTestId('phone-screen-pop');
  await expect(pop).toHaveAttribute('data-status', 'found', WAIT);
  await expect(desk.getByTestId('phone-pop-name')).toHaveText('陈*强');
  await expect(desk.getByTestId('phone-pop-id')).toHaveText('320***********8765');
  await expect(desk.getByTestId('phone-pop-card')).toHaveText('9012');
  await expect(desk.getByTestId('phone-pop-tier')).toHaveText('钻石卡客户');
  await expect(desk.getByTestId('phone-pop-tickets')).toHaveText('3');
  // Nothing in full ever reached the page.
  const page = await desk.content();
  for (const secret of ['陈志强', '320102197512118765', '6222020000009012']) expect(page).not.toContain(secret);

  const ringer = desk.getByTestId('phone-ringer');
  await expect(ringer).toHaveAttribute('data-state', 'ringing');
  await expect.poll(() => ringerLevel(desk), WAIT).toBeGreaterThan(0.05);

  await desk.getByTestId('phone-answer').click();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', WAIT);
  await expect(ringer).toHaveAttribute('data-state', 'silent');
  expect(await ringerLevel(desk, 200)).toBe(-1);
  // The pop stays for the call, and goes with it.
  await expect(pop).toHaveAttribute('data-status', 'found');
  await twoWayAudio(phone);
  await desk.getByTestId('phone-hangup').click();
  await expect(pop).toHaveCount(0);
});

test('ringing while the desk is not in view: main shows a desktop notification with the masked caller and fixed texts', async ({ phone }) => {
  const { desk, lab, peer } = phone;
  await signIn(phone);
  expect(lab.notifications()).toEqual([]);
  // The window goes out of view (minimised, or another application in front). Headless
  // Chromium keeps every page visible and focused whatever is done to its windows or tabs
  // (measured: a minimised window, another tab in front and CDP's focus emulation all still
  // report visible + focused), so the page is told what a desktop browser would tell it:
  // visibilityState hidden, no focus, and the visibilitychange event.
  await hidePage(desk);

  await peer.call(`sip:${AGENT.id}@${phone.telephony.domain}`);
  await expect.poll(() => lab.notifications().length, WAIT).toBe(1);
  expect(lab.notifications()[0]).toMatchObject({ title: '来电', body: `${PEER_USER} 来电，请回到 ChannelDesk 接听`, silent: true });
  await expect(desk.getByTestId('phone-ringer')).toHaveAttribute('data-state', 'ringing');

  await desk.getByTestId('phone-decline').click();
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ended');
  await expect(desk.getByTestId('phone-ringer')).toHaveAttribute('data-state', 'silent');
  // Declined: main took the notification back (it would otherwise stay in the notification centre).
  await expect.poll(() => lab.notifications().map((n) => n.closed), WAIT).toEqual([true]);
});

test('auto-answer by policy: Ready, the institution turns it on, a call is answered after the countdown with two-way audio', async ({ phone }) => {
  const { desk, lab } = phone;
  const admin = await loginAdmin(lab.institutionUrl, lab.caPem);
  await signIn(phone);
  await setReady(desk);
  await admin.setPolicy({ autoAnswer: { enabled: true, delaySeconds: 2 } });
  await expect.poll(() => deskPolicy(desk), WAIT).toMatchObject({ autoAnswer: { enabled: true, delaySeconds: 2 } });

  await ring(phone);
  await expect(desk.getByTestId('phone-auto-answer-countdown')).toContainText('秒后自动接听');
  // Nobody clicks: the phone answers by itself.
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', WAIT);
  await expect(desk.getByTestId('phone-auto-answer')).toHaveCount(0);
  await expect.poll(async () => (await phone.peer.status()).call, WAIT).toBe('confirmed');
  await twoWayAudio(phone);
  await desk.getByTestId('phone-hangup').click();
});

test('auto-answer is cancelled by the agent: the call keeps ringing and is declined by hand', async ({ phone }) => {
  const { desk, lab, peer } = phone;
  const admin = await loginAdmin(lab.institutionUrl, lab.caPem);
  await signIn(phone);
  await setReady(desk);
  await admin.setPolicy({ autoAnswer: { enabled: true, delaySeconds: 10 } });
  await expect.poll(() => deskPolicy(desk), WAIT).toMatchObject({ autoAnswer: { enabled: true, delaySeconds: 10 } });
  await ring(phone);
  await desk.getByTestId('phone-auto-answer-cancel').click();
  await expect(desk.getByTestId('phone-auto-answer')).toHaveCount(0);
  await expect(desk.getByTestId('phone-incoming')).toBeVisible();
  await desk.getByTestId('phone-decline').click();
  await expect.poll(() => peer.status(), WAIT).toMatchObject({ call: 'ended', endStatus: 603 });
});

test('the dial plan: a number outside the institution’s plan is refused before dialing, with the allowed patterns; allowed, it is dialled', async ({ phone }) => {
  const { desk, lab, peer } = phone;
  const admin = await loginAdmin(lab.institutionUrl, lab.caPem);
  await signIn(phone);
  await admin.setPolicy({ dialPlan: { allowed: ['95588', '1[3-9]XXXXXXXXX'] } });
  await expect.poll(() => deskPolicy(desk), WAIT).toMatchObject({ dialPlan: { allowed: ['95588', '1[3-9]XXXXXXXXX'] } });

  await desk.getByTestId('phone-number').fill(PEER_USER);
  await desk.getByTestId('phone-number').press('Enter');
  await expect(desk.getByTestId('phone-problem')).toHaveAttribute('data-problem', 'number-not-in-plan');
  await expect(desk.getByTestId('phone-problem')).toContainText('该号码不在机构允许的拨号范围内，未拨出。');
  await expect(desk.getByTestId('phone-dial-plan')).toHaveText('允许拨打：95588、1[3-9]XXXXXXXXX（X 代表任意一位数字）');
  await expect(desk.getByTestId('phone-call')).toHaveCount(0);
  expect((await peer.status()).call).not.toBe('ringing');

  // The institution adds the internal extensions; the same number now goes out.
  await admin.setPolicy({ dialPlan: { allowed: ['95588', '1[3-9]XXXXXXXXX', '[1-8]XXX'] } });
  await expect.poll(() => deskPolicy(desk), WAIT).toMatchObject({ dialPlan: { allowed: ['95588', '1[3-9]XXXXXXXXX', '[1-8]XXX'] } });
  await desk.getByTestId('phone-number').press('Enter');
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ringing');
  await desk.getByTestId('phone-hangup').click();
});

test('locking while a call rings: the lock screen shows the call bar (masked caller); answered there, audio flows both ways and the workspace stays hidden', async ({ phone }) => {
  const { desk, peer, lab } = phone;
  await signIn(phone);
  await ring(phone);
  await desk.keyboard.press('Control+Alt+L');
  const lock = desk.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  const bar = lock.getByTestId('lock-call-bar');
  await expect(bar).toBeVisible();
  await expect(bar.getByTestId('lock-call-status')).toHaveText(`${PEER_USER} 来电`);
  await expect(desk.getByTestId('phone-panel')).toBeHidden();
  await expect(desk.getByTestId('phone-screen-pop')).toBeHidden();
  // Locked while it rings: the desktop notification went out too.
  await expect.poll(() => lab.notifications().length, WAIT).toBe(1);

  await bar.getByTestId('lock-call-answer').click();
  await expect(bar).toHaveAttribute('data-phase', 'active', WAIT);
  await expect(bar.getByTestId('lock-call-status')).toHaveText(`与 ${PEER_USER} 通话中`);
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('confirmed');
  await twoWayAudio(phone);
  await expect(desk.getByTestId('workspace')).toBeHidden();
  await expect(desk.getByTestId('phone-panel')).toBeHidden();

  // Mute from the lock screen: the far end hears silence.
  await bar.getByTestId('lock-call-mute').click();
  await expect(bar).toHaveAttribute('data-mute', 'muted', WAIT);
  await expect.poll(() => peer.energyRate(), WAIT).toBeLessThan(SILENT_ENERGY);

  await bar.getByTestId('lock-call-hangup').click();
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ended');
  await expect(bar).toHaveCount(0);
  await expect(lock).toBeVisible();
  await expect(desk.getByTestId('workspace')).toBeHidden();
});
