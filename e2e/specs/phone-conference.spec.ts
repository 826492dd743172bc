import { deskRemoteLevel, expect, test } from '../fixtures/phone.ts';
import { AUDIBLE_RMS, AUDIO_WAIT, consultAnswered, customerOnCall, hears, hearsSilence, signIn, TARGET_USER } from '../fixtures/phone-steps.ts';

/**
 * Three-way conference mixed on the agent's desktop (WebAudio): customer (the fixture's peer),
 * a consulted colleague (a second peer) and the agent. "All three hear each other" is proven
 * with the agent muted: the customer still receives sound, which stops when the colleague
 * mutes too — so it was the colleague's voice, mixed in by the desk — and the other way round
 * (a muted microphone sends exactly zero energy — phone-calls.spec.ts). The agent hears both
 * through the two remote-audio elements (WebAudio analysers).
 */
test.describe.configure({ timeout: 150_000 });

test('conference: customer, colleague and agent all hear each other; the agent leaving ends it', async ({ phone }) => {
  const { desk, peer: customer, telephony } = phone;
  const colleague = await phone.addPeer(TARGET_USER);
  await signIn(phone);
  await customerOnCall(phone);
  await consultAnswered(phone, colleague);

  await desk.getByTestId('phone-conference').click();
  await expect(desk.getByTestId('phone-transfer')).toHaveAttribute('data-conference', 'true', AUDIO_WAIT);
  await expect(desk.getByTestId('phone-consult')).toContainText('三方通话中');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-hold', 'none', AUDIO_WAIT);

  // The agent hears both.
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await expect.poll(() => deskRemoteLevel(desk, 800, 'phone-consult-audio'), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await hears(customer);
  await hears(colleague);

  // Agent muted: customer and colleague still hear each other through the desk's mix …
  await desk.keyboard.press('Control+Alt+M');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-mute', 'muted', AUDIO_WAIT);
  await hears(customer);
  await hears(colleague);
  // … and it is the other one's voice: with that one silent too, the sound stops.
  await colleague.mute(true);
  await hearsSilence(customer);
  await hears(colleague);
  await colleague.mute(false);
  await customer.mute(true);
  await hearsSilence(colleague);
  await hears(customer);
  await customer.mute(false);
  await hears(colleague);
  await desk.keyboard.press('Control+Alt+M');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-mute', 'live', AUDIO_WAIT);

  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible(AUDIO_WAIT);
  await expect.poll(async () => (await customer.status()).call, AUDIO_WAIT).toBe('ended');
  await expect.poll(async () => (await colleague.status()).call, AUDIO_WAIT).toBe('ended');
  await expect.poll(() => telephony.relayedCalls(), AUDIO_WAIT).toEqual([]);
});
