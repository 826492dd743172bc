import { expect, test } from '../fixtures/phone.ts';
import { AUDIO_WAIT, customerOnCall, signIn } from '../fixtures/phone-steps.ts';

/**
 * DTMF reaches the far end, through the real lab (Kamailio, rtpengine). RFC 4733 (the default):
 * the peer's audio receiver runs an RTCRtpScriptTransform that sees every incoming RTP frame
 * with its payload type (fixtures/sip-peer/dtmf-receiver.ts); a digit counts when the payload
 * type is the negotiated audio/telephone-event and the event's end bit is set. SIP INFO
 * (picked in the phone settings): the peer's JsSIP reports each INFO as newDTMF.
 */
test.describe.configure({ timeout: 120_000 });

test('key presses reach the far end as RFC 4733 telephone-events by default, and as SIP INFO when chosen', async ({ phone }) => {
  const { desk, peer } = phone;
  await signIn(phone);
  await customerOnCall(phone);

  await expect(desk.getByTestId('phone-dtmf-transport')).toHaveValue('rfc4733');
  for (const key of ['1', '2', '#']) await desk.getByTestId(`phone-key-${key}`).click();
  await expect.poll(async () => (await peer.status()).rtpDtmf, AUDIO_WAIT).toEqual(['1', '2', '#']);
  expect((await peer.status()).infoDtmf).toEqual([]);

  await desk.getByTestId('phone-settings').locator('summary').click();
  await desk.getByTestId('phone-dtmf-transport').selectOption('info');
  for (const key of ['9', '*']) await desk.getByTestId(`phone-key-${key}`).click();
  await expect.poll(async () => (await peer.status()).infoDtmf, AUDIO_WAIT).toEqual(['9', '*']);
  // Nothing more arrived in the RTP stream.
  expect((await peer.status()).rtpDtmf).toEqual(['1', '2', '#']);

  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
});
