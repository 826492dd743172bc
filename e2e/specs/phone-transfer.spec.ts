import { deskRemoteLevel, expect, PEER_USER, test } from '../fixtures/phone.ts';
import { AUDIBLE_RMS, AUDIO_WAIT, consultAnswered, customerOnCall, hears, hearsSilence, signIn, TARGET_USER } from '../fixtures/phone-steps.ts';

/**
 * Transfers against the real lab (Kamailio routes the in-dialog REFER/NOTIFY and the
 * transferee's new INVITE, rtpengine anchors its media): the customer is the fixture's JsSIP
 * peer (2001), the target a second peer (2002). "Connected" means audio: after the transfer
 * the customer and the target each receive the other's sound, and the desk is out of it.
 */
test.describe.configure({ timeout: 150_000 });

test('blind transfer (REFER): the customer ends up talking to the target; the agent’s call ends as transferred', async ({ phone }) => {
  const { desk, peer: customer, telephony } = phone;
  const target = await phone.addPeer(TARGET_USER);
  await signIn(phone);
  await customerOnCall(phone);

  // Ctrl+Alt+T puts the agent in the transfer field.
  await desk.keyboard.press('Control+Alt+T');
  await expect(desk.getByTestId('phone-transfer-target')).toBeFocused();
  await desk.keyboard.type(TARGET_USER);
  await desk.getByTestId('phone-transfer-blind').click();
  await expect(desk.getByTestId('phone-transfer-status')).toHaveText('正在转接，等待对方接听…');
  await expect.poll(async () => (await target.status()).call, AUDIO_WAIT).toBe('ringing');
  expect((await target.status()).remoteUser).toBe(PEER_USER);
  await target.answer();

  await expect(desk.getByTestId('phone-call-ended')).toHaveText(`与 ${PEER_USER} 的通话已结束：已转接`, AUDIO_WAIT);
  await expect(desk.getByTestId('phone-call')).toHaveCount(0);
  await expect.poll(() => customer.status(), AUDIO_WAIT).toMatchObject({ call: 'confirmed', remoteUser: TARGET_USER });
  expect((await customer.status()).referredTo).toContain(`sip:${TARGET_USER}@`);
  await hears(customer);
  await hears(target);

  await customer.hangup();
  await expect.poll(async () => (await target.status()).call, AUDIO_WAIT).toBe('ended');
  await expect.poll(() => telephony.relayedCalls(), AUDIO_WAIT).toEqual([]);
});

test('blind transfer to a target that declines: the customer stays with the agent and the agent is told', async ({ phone }) => {
  const { desk, peer: customer } = phone;
  const target = await phone.addPeer(TARGET_USER);
  await signIn(phone);
  await customerOnCall(phone);
  await desk.getByTestId('phone-transfer-target').fill(TARGET_USER);
  await desk.getByTestId('phone-transfer-blind').click();
  await expect.poll(async () => (await target.status()).call, AUDIO_WAIT).toBe('ringing');
  await target.decline();
  await expect(desk.getByTestId('phone-problem')).toHaveAttribute('data-problem', 'transfer-rejected', AUDIO_WAIT);
  await expect(desk.getByTestId('phone-problem')).toContainText('转接被拒绝');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active');
  await expect(desk.getByTestId('phone-transfer-status')).toHaveCount(0);
  await hears(customer);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
});

test('attended transfer (REFER with Replaces): consult the target with the customer held, then hand over', async ({ phone }) => {
  const { desk, peer: customer, telephony } = phone;
  const target = await phone.addPeer(TARGET_USER);
  await signIn(phone);
  await customerOnCall(phone);

  await consultAnswered(phone, target);
  // Agent and target talk; the held customer hears nothing of it.
  await hears(target);
  await expect.poll(() => deskRemoteLevel(desk, 800, 'phone-consult-audio'), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await hearsSilence(customer);

  await desk.getByTestId('phone-transfer-complete').click();
  await expect(desk.getByTestId('phone-call-ended')).toHaveText(`与 ${PEER_USER} 的通话已结束：已转接`, AUDIO_WAIT);
  await expect(desk.getByTestId('phone-consult')).toHaveCount(0, AUDIO_WAIT);
  // The target's call with the agent was replaced by one with the customer.
  await expect.poll(() => target.status(), AUDIO_WAIT).toMatchObject({ call: 'confirmed', replaced: true, remoteUser: PEER_USER });
  await expect.poll(() => customer.status(), AUDIO_WAIT).toMatchObject({ call: 'confirmed', remoteUser: TARGET_USER });
  await hears(customer);
  await hears(target);

  await target.hangup();
  await expect.poll(async () => (await customer.status()).call, AUDIO_WAIT).toBe('ended');
  await expect.poll(() => telephony.relayedCalls(), AUDIO_WAIT).toEqual([]);
});

test('cancel a consultation (muting meanwhile silences the agent for the target): the target is hung up and the agent is back with the customer', async ({ phone }) => {
  const { desk, peer: customer } = phone;
  const target = await phone.addPeer(TARGET_USER);
  await signIn(phone);
  await customerOnCall(phone);
  await consultAnswered(phone, target);
  // Mute covers the consultation too: the target hears the agent, then silence.
  await hears(target);
  await desk.keyboard.press('Control+Alt+M');
  await hearsSilence(target);
  await desk.keyboard.press('Control+Alt+M');
  await hears(target);

  await desk.getByTestId('phone-transfer-cancel').click();
  await expect(desk.getByTestId('phone-consult')).toHaveCount(0, AUDIO_WAIT);
  await expect.poll(async () => (await target.status()).call, AUDIO_WAIT).toBe('ended');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-hold', 'none', AUDIO_WAIT);
  await hears(customer);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
});

test('a consultation the target declines: the agent is told and is back with the customer', async ({ phone }) => {
  const { desk, peer: customer } = phone;
  const target = await phone.addPeer(TARGET_USER);
  await signIn(phone);
  await customerOnCall(phone);
  await desk.getByTestId('phone-transfer-target').fill(TARGET_USER);
  await desk.getByTestId('phone-transfer-consult').click();
  await expect.poll(async () => (await target.status()).call, AUDIO_WAIT).toBe('ringing');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-hold', 'held', AUDIO_WAIT);
  await target.decline();

  await expect(desk.getByTestId('phone-problem')).toHaveAttribute('data-problem', 'transfer-rejected', AUDIO_WAIT);
  await expect(desk.getByTestId('phone-consult')).toHaveCount(0);
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-hold', 'none', AUDIO_WAIT);
  await hears(customer);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
});
