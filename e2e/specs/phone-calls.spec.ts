import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { deskRemoteLevel, expect, PEER_USER, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * The softphone against the real telephony lab (Kamailio + rtpengine) and a real institution:
 * the desk registers with the credentials the institution issues, and a JsSIP peer page
 * (fixtures/sip-peer.ts) calls it and is called by it. Audio is asserted, not just signalling:
 * the desk's own RTP counters (the call card's data-inbound/-outbound come from getStats),
 * a WebAudio analyser on the desk's remote-audio element, and the audio energy the peer
 * receives (inbound-rtp totalAudioEnergy). The fake microphone is a steady tone
 * (fixtures/phone.ts), so sound and silence are far apart.
 *
 * Every wait is bounded (expect/poll timeouts); nothing asserts how long anything took.
 */
// Two labs and a browser per test, on a loaded 2-core machine: room beyond the suite's 60 s (waits inside stay bounded).
test.describe.configure({ timeout: 120_000 });

const AUDIBLE_RMS = 0.02;
/** Energy per second the peer receives: the tone gives ~0.05–0.1, silence ~0. */
const AUDIBLE_ENERGY = 0.005;
const SILENT_ENERGY = 0.0005;
const AUDIO_WAIT = { timeout: 20_000 };

async function signIn({ desk, lab }: PhoneWorld): Promise<void> {
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  await expect(desk.getByTestId('phone-registration')).toContainText('已注册');
}

/** The peer calls the agent directly and the agent answers: returns once both sides are confirmed. */
async function inboundAnswered(world: PhoneWorld): Promise<void> {
  const { desk, peer, telephony } = world;
  await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toContainText(`${PEER_USER} 来电`, { timeout: 15_000 });
  await desk.getByTestId('phone-answer').click();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', { timeout: 15_000 });
  await expect.poll(async () => (await peer.status()).call, AUDIO_WAIT).toBe('confirmed');
}

async function twoWayAudio({ desk, peer }: PhoneWorld): Promise<void> {
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-inbound', 'flowing', AUDIO_WAIT);
  await expect(call).toHaveAttribute('data-outbound', 'flowing', AUDIO_WAIT);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
}

test('registers after sign-in, reports 示闲, and an inbound call is answered with two-way audio and hung up', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await signIn(phone);
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  // The note changes only once the institution acknowledged the report.
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲');

  await inboundAnswered(phone);
  await twoWayAudio(phone);
  await expect(desk.getByTestId('phone-call-timer')).not.toHaveText('00:00', { timeout: 5_000 });

  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toHaveText(`与 ${PEER_USER} 的通话已结束：您已挂断`);
  await expect.poll(() => peer.status(), AUDIO_WAIT).toMatchObject({ call: 'ended', endCause: 'Terminated', endOriginator: 'remote' });
  await expect.poll(() => telephony.relayedCalls(), AUDIO_WAIT).toEqual([]);
  // Then wrap-up (话后整理, phone-wrapup.spec.ts); with a disposition, back to the agent's choice.
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：话后整理');
  await desk.getByTestId('phone-disposition').selectOption('answered');
  await desk.getByTestId('phone-wrap-up-finish').click();
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲');
});

test('an outbound call: the desk dials the peer, the peer answers, audio both ways, the peer hangs up', async ({ phone }) => {
  const { desk, peer } = phone;
  await signIn(phone);
  await desk.getByTestId('phone-number').fill(PEER_USER);
  await desk.getByTestId('phone-number').press('Enter');
  await expect.poll(async () => (await peer.status()).call, AUDIO_WAIT).toBe('ringing');
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'progress');
  await expect(desk.getByTestId('phone-call')).toContainText(`对方振铃：${PEER_USER}`);
  await peer.answer();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active', AUDIO_WAIT);
  await twoWayAudio(phone);

  await peer.hangup();
  await expect(desk.getByTestId('phone-call-ended')).toHaveText(`与 ${PEER_USER} 的通话已结束：对方已挂断`, AUDIO_WAIT);
  await expect(desk.getByTestId('phone-call')).toHaveCount(0);
});

test('decline: the caller gets 603 and the desk says it declined', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await signIn(phone);
  await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toBeVisible({ timeout: 15_000 });
  await desk.getByTestId('phone-decline').click();
  await expect(desk.getByTestId('phone-call-ended')).toHaveText(`与 ${PEER_USER} 的通话已结束：您已拒接`);
  await expect.poll(() => peer.status(), AUDIO_WAIT).toMatchObject({ call: 'ended', endCause: 'Rejected', endStatus: 603 });
  await expect.poll(() => telephony.relayedCalls(), AUDIO_WAIT).toEqual([]);
});

test('mute (Ctrl+Alt+M): the far end receives silence while RTP keeps flowing; unmute brings the voice back', async ({ phone }) => {
  const { desk, peer } = phone;
  await signIn(phone);
  await inboundAnswered(phone);
  await twoWayAudio(phone);

  await desk.keyboard.press('Control+Alt+M');
  const call = desk.getByTestId('phone-call');
  // The indicator follows the sender track, not the button.
  await expect(call).toHaveAttribute('data-mute', 'muted');
  await expect(call).toHaveAttribute('data-mic', 'muted');
  await expect(desk.getByTestId('phone-call-indicators')).toHaveText('已静音');
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeLessThan(SILENT_ENERGY);
  expect(await peer.packetsIn()).toBeGreaterThan(0);
  // The agent still hears the customer.
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);

  await desk.getByTestId('phone-mute').click();
  await expect(call).toHaveAttribute('data-mute', 'live');
  await expect(call).toHaveAttribute('data-mic', 'live');
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
});

test('hold (Ctrl+Alt+H): held only once the re-INVITE is through and the microphone is silent; resume brings audio back', async ({ phone }) => {
  const { desk, peer } = phone;
  await signIn(phone);
  await inboundAnswered(phone);
  await twoWayAudio(phone);

  await desk.keyboard.press('Control+Alt+H');
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-hold', 'held', AUDIO_WAIT);
  await expect(desk.getByTestId('phone-call-indicators')).toHaveText('已保持');
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeLessThan(SILENT_ENERGY);
  // The peer answered our sendonly offer with recvonly: nothing comes back while held.
  await expect(call).toHaveAttribute('data-inbound', 'stalled', AUDIO_WAIT);

  await desk.getByTestId('phone-hold').click();
  await expect(call).toHaveAttribute('data-hold', 'none', AUDIO_WAIT);
  await expect(call).toHaveAttribute('data-inbound', 'flowing', AUDIO_WAIT);
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
});

test('locking the screen during a call leaves the call up, audible both ways; after unlock it is still there', async ({ phone }) => {
  const { desk, peer } = phone;
  await signIn(phone);
  await inboundAnswered(phone);
  await twoWayAudio(phone);

  await desk.keyboard.press('Control+Alt+L');
  await expect(desk.getByTestId('lock-screen')).toBeVisible();
  await expect(desk.getByTestId('phone-panel')).toBeHidden();
  // Still up: the peer still hears the desk, the desk's remote audio still plays.
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  expect((await peer.status()).call).toBe('confirmed');

  await desk.getByTestId('unlock-password').fill(AGENT.password);
  await desk.getByTestId('unlock-submit').click();
  await expect(desk.getByTestId('phone-call')).toHaveAttribute('data-phase', 'active');
  await desk.getByTestId('phone-hangup').click();
  await expect.poll(() => peer.status(), AUDIO_WAIT).toMatchObject({ call: 'ended', endCause: 'Terminated' });
});
