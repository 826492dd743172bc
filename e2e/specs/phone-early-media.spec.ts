import { loginAdmin } from '../fixtures/admin-api.ts';
import { AGENT, fillLogin } from '../fixtures/desk.ts';
import { deskRemoteLevel, expect, PEER_USER, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * Early media (renderer/src/features/phone/jssip-early-media.ts): while the desk rings it
 * answers the caller's offer in a 183 with SDP and sends a generated ringback (450 Hz, 1 s on /
 * 4 s off); the agent hears nothing of the caller and the caller nothing of the agent's
 * microphone until the answer; then audio flows both ways at once. The caller is the JsSIP
 * peer page through Kamailio + rtpengine; what it hears is measured with a WebAudio analyser
 * at the ringback's frequency and at two of the fake microphone's tones (620 and 880 Hz,
 * fixtures/tone-wav.ts). With `policy.earlyMedia: false` the desk answers the plain way.
 *
 * Every wait is bounded; nothing asserts how long anything took.
 */
test.describe.configure({ timeout: 120_000 });

const WAIT = { timeout: 20_000 };
const RINGBACK_HZ = 450;
const MIC_HZ = [620, 880];
/** A window that holds at least one 1 s "on" of the 5 s ringback period. */
const RINGBACK_WINDOW_MS = 5_500;
/** dBFS: a tone the caller hears; what no tone reaches (Opus's noise floor is far below). */
const HEARD_DB = -50;
const GAP_DB = 25;
const AUDIBLE_RMS = 0.02;
const AUDIBLE_ENERGY = 0.005;

async function signIn({ desk, lab }: PhoneWorld): Promise<void> {
  await desk.goto(lab.deskUrl);
  await fillLogin(desk, AGENT);
  await expect(desk.getByTestId('workspace')).toBeVisible(WAIT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', WAIT);
}

async function ring(world: PhoneWorld): Promise<void> {
  await world.peer.call(`sip:${AGENT.id}@${world.telephony.domain}`);
  await expect(world.desk.getByTestId('phone-incoming')).toContainText(`${PEER_USER} 来电`, WAIT);
}

async function answerWithTwoWayAudio({ desk, peer }: PhoneWorld): Promise<void> {
  await desk.getByTestId('phone-answer').click();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', WAIT);
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('confirmed');
  await expect.poll(() => deskRemoteLevel(desk), WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await expect.poll(() => peer.energyRate(), WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
  // What the caller hears now is the agent's microphone, not the ringback.
  await expect.poll(async () => Math.min(...((await peer.tone(MIC_HZ, 1_000)) ?? [-Infinity])), WAIT).toBeGreaterThan(HEARD_DB);
}

test('the caller hears the desk’s 450 Hz ringback while it rings, nothing of the agent; the agent hears nothing of the caller; after answer audio flows both ways', async ({ phone }) => {
  const { desk, peer } = phone;
  await signIn(phone);
  await ring(phone);
  // The 183 with SDP reached the caller: its JsSIP applied the answer and media flows.
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('progress');
  await expect.poll(async () => (await peer.stats())?.packetsReceived ?? 0, WAIT).toBeGreaterThan(0);
  const [ringback = -Infinity, ...mic] = (await peer.tone([RINGBACK_HZ, ...MIC_HZ], RINGBACK_WINDOW_MS)) ?? [];
  expect(ringback).toBeGreaterThan(HEARD_DB);
  // The microphone is open (warmed while ringing) but not on the wire.
  for (const level of mic) expect(level).toBeLessThan(ringback - GAP_DB);
  // The caller's audio reaches the desk's connection but is not played: nothing on the remote-audio element.
  expect(await deskRemoteLevel(desk)).toBe(-1);
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'ringing');

  await answerWithTwoWayAudio(phone);
  await desk.getByTestId('phone-hangup').click();
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ended');
});

test('the caller hangs up while the desk rings with early media: the call ends and the relay frees it', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await signIn(phone);
  await ring(phone);
  await expect.poll(async () => (await peer.stats())?.packetsReceived ?? 0, WAIT).toBeGreaterThan(0);
  await peer.hangup();
  await expect(desk.getByTestId('phone-incoming')).toHaveCount(0, WAIT);
  await expect(desk.getByTestId('phone-call-ended')).toContainText('对方已取消呼叫');
  await expect.poll(() => telephony.relayedCalls(), WAIT).toEqual([]);
});

test('policy.earlyMedia false: the desk rings with a plain 180, the caller receives no media before the answer, then two-way audio', async ({ phone }) => {
  const { desk, lab, peer } = phone;
  const admin = await loginAdmin(lab.institutionUrl, lab.caPem);
  await signIn(phone);
  await admin.setPolicy({ earlyMedia: false });
  await expect
    .poll(() => desk.evaluate(`(async () => { const r = await window.desk.policy.get(); return r.ok ? r.value.earlyMedia : null; })()`), WAIT)
    .toBe(false);
  await ring(phone);
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('progress');
  // A bounded look: no SDP came back, so the caller has nothing to play.
  expect(await peer.tone([RINGBACK_HZ], 1_500)).toBeNull();
  expect(await peer.stats()).toMatchObject({ packetsReceived: 0 });
  await answerWithTwoWayAudio(phone);
});
