import { loginAdmin } from '../fixtures/admin-api.ts';
import { AGENT, fillLogin } from '../fixtures/desk.ts';
import { deskRemoteLevel, expect, PEER_USER, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * Early media (renderer/src/features/phone/jssip-early-media.ts): while the desk rings it
 * answers the caller's offer in a 183 with SDP and sends a generated ringback (450 Hz, 1 s on /
 * 4 s off); the agent hears nothing of the caller and the caller nothing of the agent's
 * microphone until the answer (the caller's audio is decoded on a muted element while ringing, so
 * playout is already running at the answer); then audio flows both ways at once. The caller is the JsSIP
 * peer page through Kamailio + rtpengine; what it hears is measured with a WebAudio analyser
 * at the ringback's frequency and at two of the fake microphone's tones (620 and 880 Hz,
 * fixtures/tone-wav.ts). With `policy.earlyMedia: false` the desk answers the plain way.
 *
 * Every wait is bounded; nothing asserts how long anything took.
 */
test.describe.configure({ timeout: 120_000 });
/** Short ring time per queue agent, so "no answer" is reached quickly (production: 15 s). */
const RING_MS = 4_000;
test.use({ ringMs: RING_MS });

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
const CUSTOMER_USER = '3001';

/** Keeps the desk's peer connections (early media adds the ringback with addTrack) for getStats. */
const RECORD_PEER_CONNECTIONS = `(() => {
  const pcs = [];
  window.__deskPcs = pcs;
  const addTrack = RTCPeerConnection.prototype.addTrack;
  RTCPeerConnection.prototype.addTrack = function (...args) {
    if (!pcs.includes(this)) pcs.push(this);
    return addTrack.apply(this, args);
  };
})()`;

interface DeskPlayout {
  /** The remote-audio element holds a stream / is muted. */
  attached: boolean;
  muted: boolean;
  /** The desk's inbound audio (all its connections): samples the jitter buffer put out, and the energy after WebRTC's output gain. */
  samples: number;
  energy: number;
}

async function deskPlayout(desk: PhoneWorld['desk']): Promise<DeskPlayout> {
  return desk.evaluate(`(async () => {
    const element = document.querySelector('[data-testid="phone-remote-audio"]');
    let samples = 0;
    let energy = 0;
    for (const pc of window.__deskPcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
        samples += s.totalSamplesReceived ?? 0;
        energy += s.totalAudioEnergy ?? 0;
      });
    }
    return { attached: !!(element && element.srcObject), muted: !!(element && element.muted), samples, energy };
  })()`);
}

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
  await expect.poll(async () => Math.min(...(await peer.tone(MIC_HZ, 1_000))), WAIT).toBeGreaterThan(HEARD_DB);
}

test('the caller hears the desk’s 450 Hz ringback while it rings, nothing of the agent; the agent hears nothing of the caller (decoded muted); after answer audio flows both ways', async ({ phone }) => {
  const { desk, peer } = phone;
  await desk.addInitScript(RECORD_PEER_CONNECTIONS);
  await signIn(phone);
  await ring(phone);
  // The 183 with SDP reached the caller: its JsSIP applied the answer and media flows.
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('progress');
  await expect.poll(async () => (await peer.stats())?.packetsReceived ?? 0, WAIT).toBeGreaterThan(0);
  const [ringback = -Infinity, ...mic] = await peer.tone([RINGBACK_HZ, ...MIC_HZ], RINGBACK_WINDOW_MS);
  expect(ringback).toBeGreaterThan(HEARD_DB);
  // The microphone is open (warmed while ringing) but not on the wire.
  for (const level of mic) expect(level).toBeLessThan(ringback - GAP_DB);
  // The caller's audio is decoded while ringing (playout running for the answer) but not audible: the
  // remote-audio element holds it muted, WebRTC's energy after the output gain stays 0 while its jitter
  // buffer puts out samples, and what the stream carries is the caller's tone (an analyser on it).
  const first = await deskPlayout(desk);
  expect(first).toMatchObject({ attached: true, muted: true });
  await expect.poll(async () => (await deskPlayout(desk)).samples, WAIT).toBeGreaterThan(first.samples);
  expect(await deskRemoteLevel(desk)).toBeGreaterThan(AUDIBLE_RMS);
  expect(await deskPlayout(desk)).toMatchObject({ attached: true, muted: true, energy: 0 });
  await expect(desk.getByTestId('phone-incoming')).toBeVisible();

  await answerWithTwoWayAudio(phone);
  // Audible since the answer: the same element, unmuted, and energy after the gain.
  expect(await deskPlayout(desk)).toMatchObject({ attached: true, muted: false });
  await expect.poll(async () => (await deskPlayout(desk)).energy, WAIT).toBeGreaterThan(0);
  await desk.getByTestId('phone-hangup').click();
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ended');
});

test('the caller hangs up while the desk rings with early media: the call ends, the muted playout is dropped, and the relay frees it', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await desk.addInitScript(RECORD_PEER_CONNECTIONS);
  await signIn(phone);
  await ring(phone);
  await expect.poll(async () => (await peer.stats())?.packetsReceived ?? 0, WAIT).toBeGreaterThan(0);
  await expect.poll(async () => (await deskPlayout(desk)).samples, WAIT).toBeGreaterThan(0);
  expect(await deskPlayout(desk)).toMatchObject({ attached: true, muted: true, energy: 0 });
  await peer.hangup();
  await expect(desk.getByTestId('phone-incoming')).toHaveCount(0, WAIT);
  await expect(desk.getByTestId('phone-call-ended')).toContainText('对方已取消呼叫');
  // Nothing of the caller is held any more; the element is not left muted for the next call.
  await expect.poll(() => deskPlayout(desk), WAIT).toEqual({ attached: false, muted: false, samples: 0, energy: 0 });
  await expect.poll(() => telephony.relayedCalls(), WAIT).toEqual([]);
});

test('the agent declines while the desk rings with early media: the muted playout is dropped, the caller gets 603, the relay frees it', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await desk.addInitScript(RECORD_PEER_CONNECTIONS);
  await signIn(phone);
  await ring(phone);
  await expect.poll(async () => (await deskPlayout(desk)).samples, WAIT).toBeGreaterThan(0);
  expect(await deskPlayout(desk)).toMatchObject({ attached: true, muted: true, energy: 0 });
  await desk.getByTestId('phone-decline').click();
  await expect.poll(() => peer.status(), WAIT).toMatchObject({ call: 'ended', endStatus: 603 });
  await expect.poll(() => deskPlayout(desk), WAIT).toEqual({ attached: false, muted: false, samples: 0, energy: 0 });
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
  expect(await peer.tone([RINGBACK_HZ], 1_500)).toEqual([-Infinity]);
  expect(await peer.stats()).toMatchObject({ packetsReceived: 0 });
  await answerWithTwoWayAudio(phone);
});

/** The queue's entry for an operator (Ready-since, unix s), or null when the queue would not ring them. */
async function queueEntry(world: PhoneWorld, operatorId: string): Promise<number | null> {
  try {
    const result = (await world.telephony.rpc('htable.get', ['ready', operatorId])) as { item?: { value?: number } };
    return result.item?.value ?? null;
  } catch {
    return null;
  }
}

/** Entries of the lab's rtpengine tag pinning (htables rtpe_pin and rtpe_map, media.cfg.tmpl). */
async function pinEntries(world: PhoneWorld): Promise<number> {
  const tables = (await world.telephony.rpc('htable.stats', [])) as { name: string; all: number }[];
  return tables.filter((table) => table.name.startsWith('rtpe_')).reduce((sum, table) => sum + table.all, 0);
}

/**
 * Serial forking with a WebRTC customer (the lab's queue, ring-no-answer). The desk's 183 is the
 * customer's first early dialog (ICE + DTLS with rtpengine's customer-facing port); the next
 * agent's 200 OK is a second dialog (another To tag) with the same relay address, ICE
 * credentials and fingerprint, which the customer's JsSIP accepts without redoing DTLS.
 * Failed before the fix (measured 2026-11-30 and again 2026-12-01): rtpengine made a new callee
 * monologue for the new To tag and logged "SRTP output wanted, but no crypto suite was
 * negotiated" on the customer-facing port; the customer heard nothing (via-branch per-branch legs
 * failed the same way). The fix is in the lab's Kamailio config (media.cfg.tmpl, RTPE_PIN /
 * RTPE_TAGS): rtpengine knows a queue call by ONE callee tag, the first to answer with SDP; a
 * later agent's answer is handed over with `to-tag=<pinned>`, so it re-answers the agent-facing
 * side (rtpengine: "DTLS fingerprint changed, restarting DTLS", DTLS with the new agent) and
 * the customer-facing side keeps its DTLS session; later in-dialog commands of that agent's tag
 * are mapped the same way. A plain-RTP customer (SIPp) goes the same path (phone-queue.spec.ts).
 */
test('queue: the desk rings with early media and nobody answers; the next Ready agent answers and the WebRTC customer hears that agent', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await signIn(phone);
  await desk.getByTestId('phone-agent-state').selectOption('ready');
  await expect(desk.getByTestId('phone-agent-reported')).toHaveText('机构已知：示闲', WAIT);
  await expect.poll(() => queueEntry(phone, AGENT.id), WAIT).not.toBeNull();
  // The peer became Ready after the desk, so the desk (longest Ready) is rung first.
  await telephony.markReady(PEER_USER, ((await queueEntry(phone, AGENT.id)) ?? 0) + 60);

  const customer = await phone.addPeer(CUSTOMER_USER);
  await customer.call(`sip:${telephony.queue}@${telephony.domain}`);
  // The customer's first early dialog: the desk's ringback through rtpengine. Listening starts with
  // the call: the desk rings for RING_MS only, so the ringback's first second is all there is.
  const [ringback = -Infinity] = await customer.tone([RINGBACK_HZ], RING_MS);
  expect(ringback).toBeGreaterThan(HEARD_DB);
  await expect(desk.getByTestId('phone-incoming')).toBeVisible(WAIT);
  // Ring-no-answer: the queue cancels the desk and rings the peer (a second dialog, another To tag).
  await expect(desk.getByTestId('phone-incoming')).toHaveCount(0, { timeout: RING_MS + 15_000 });
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ringing');
  await peer.answer();
  await expect.poll(async () => (await customer.status()).call, WAIT).toBe('confirmed');
  // The customer hears the second agent's microphone, and the second agent hears the customer.
  await expect.poll(async () => Math.min(...(await customer.tone(MIC_HZ, 1_000))), WAIT).toBeGreaterThan(HEARD_DB);
  await expect.poll(() => peer.energyRate(), WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
  await expect(desk.getByTestId('phone-call-ended')).toContainText('来电未接听（振铃超时）');
  // The relay knows the call by the desk's tag: one pin, one mapping (the second agent's tag).
  expect(await pinEntries(phone)).toBe(2);
  // The second agent hangs up: its BYE names its own tag as From tag, handed to the relay as the
  // pinned one, so the relay frees the call at once (an unmapped tag is "not found, ignoring");
  // the pin and its mapping go with it.
  await peer.hangup();
  await expect.poll(async () => (await customer.status()).call, WAIT).toBe('ended');
  await expect.poll(() => telephony.relayedCalls(), WAIT).toEqual([]);
  await expect.poll(() => pinEntries(phone), WAIT).toBe(0);
});
