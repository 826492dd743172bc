import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { deskRemoteLevel, expect, PEER_USER, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * Call faults against the real telephony lab: the desk's WebSocket to the SBC drops in the
 * middle of a call. Kamailio keeps running; the desk reaches it through a loopback TCP relay
 * (fixtures/tcp-proxy.ts, fixture option `sbcProxy`) that the spec cuts, as a NAT or Wi-Fi
 * blip would. Media does not ride the WebSocket (it goes desk ⇄ rtpengine ⇄ peer), so the
 * call must stay up with audio both ways, the call bar must say the network is down while
 * it is, the phone must reconnect and re-register by itself, and the call must still hang
 * up cleanly afterwards (the BYE goes out on the new connection and reaches the peer).
 *
 * Every wait is bounded; how long recovery took is printed, not asserted.
 */
// Two labs and a browser per test, on a loaded 2-core machine: room beyond the suite's 60 s (waits inside stay bounded).
test.describe.configure({ timeout: 120_000 });
test.use({ sbcProxy: true });

const AUDIBLE_RMS = 0.02;
/** Energy per second the peer receives: the tone gives ~0.05–0.1, silence ~0. */
const AUDIBLE_ENERGY = 0.005;
const WAIT = { timeout: 20_000 };

async function twoWayAudio({ desk, peer }: PhoneWorld): Promise<void> {
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-inbound', 'flowing', WAIT);
  await expect(call).toHaveAttribute('data-outbound', 'flowing', WAIT);
  await expect.poll(() => deskRemoteLevel(desk), WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await expect.poll(() => peer.energyRate(), WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
}

test('the WebSocket drops during a call: audio keeps flowing, the call bar shows the outage, the phone re-registers and the call still hangs up cleanly', async ({ phone }) => {
  const { desk, lab, peer, telephony } = phone;
  const proxy = phone.sbcProxy;
  if (!proxy) throw new Error('fixture option sbcProxy did not start the relay');
  await openAndLogin(desk, lab.deskUrl, AGENT);
  const registration = desk.getByTestId('phone-registration');
  await expect(registration).toHaveAttribute('data-state', 'registered', WAIT);
  // The desk really goes through the relay (the profile names it, not Kamailio's port).
  await expect(registration).toHaveAttribute('data-server', `wss://127.0.0.1:${proxy.port}`);
  expect(proxy.open).toBe(1);

  await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toContainText(`${PEER_USER} 来电`, WAIT);
  await desk.getByTestId('phone-answer').click();
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-phase', 'active', WAIT);
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('confirmed');
  await twoWayAudio(phone);
  const connectionsBefore = proxy.accepted;

  // The blip: every relayed connection is reset and new ones are refused for 3 s.
  proxy.cut(3_000);
  const cutAt = Date.now();
  await expect(registration).not.toHaveAttribute('data-state', 'registered', { timeout: 10_000 });
  await expect(desk.getByTestId('phone-registration-problem')).toHaveText('网络中断，正在重连');
  // While signalling is down, the call is still up and audio still flows both ways.
  await expect(call).toHaveAttribute('data-phase', 'active');
  expect((await peer.status()).call).toBe('confirmed');
  await twoWayAudio(phone);

  // The phone reconnects through the relay and registers again by itself.
  await expect(registration).toHaveAttribute('data-state', 'registered', WAIT);
  await expect(desk.getByTestId('phone-registration-problem')).toHaveCount(0);
  expect(proxy.accepted).toBeGreaterThan(connectionsBefore);
  test.info().annotations.push({ type: 'measured', description: `re-registered ${Date.now() - cutAt} ms after the cut (3 s of it refused)` });

  // The same call, still up, with audio; hanging up reaches the peer over the new connection.
  await expect(call).toHaveAttribute('data-phase', 'active');
  await twoWayAudio(phone);
  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toHaveText(`与 ${PEER_USER} 的通话已结束：您已挂断`, WAIT);
  await expect.poll(() => peer.status(), WAIT).toMatchObject({ call: 'ended', endCause: 'Terminated', endOriginator: 'remote' });
  await expect.poll(() => telephony.relayedCalls(), WAIT).toEqual([]);
});

test('the WebSocket drops during a call; once the phone is back, the far end hangs up and the desk hears it', async ({ phone }) => {
  const { desk, lab, peer, telephony } = phone;
  const proxy = phone.sbcProxy;
  if (!proxy) throw new Error('fixture option sbcProxy did not start the relay');
  await openAndLogin(desk, lab.deskUrl, AGENT);
  const registration = desk.getByTestId('phone-registration');
  await expect(registration).toHaveAttribute('data-state', 'registered', WAIT);
  await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toContainText(`${PEER_USER} 来电`, WAIT);
  await desk.getByTestId('phone-answer').click();
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-phase', 'active', WAIT);
  await expect.poll(async () => (await peer.status()).call, WAIT).toBe('confirmed');

  proxy.cut(3_000);
  await expect(registration).not.toHaveAttribute('data-state', 'registered', { timeout: 10_000 });
  await expect(registration).toHaveAttribute('data-state', 'registered', WAIT);
  await expect(call).toHaveAttribute('data-phase', 'active');

  // An in-dialog request from the far end must find the desk on its new connection. Right after
  // registering again the desk re-INVITEs the far end from it (reconnect-refresh.ts), which gives
  // the far end its new Contact; before that (~0.1 s) the far end still addresses the old
  // connection. The peer page does not report re-INVITEs, so the spec leaves it 2 s (a pause,
  // not a timing assertion). Measured without the refresh: the BYE never reaches the desk.
  await desk.waitForTimeout(2_000);
  await peer.hangup();
  await expect(desk.getByTestId('phone-call-ended')).toHaveText(`与 ${PEER_USER} 的通话已结束：对方已挂断`, WAIT);
  await expect.poll(() => telephony.relayedCalls(), WAIT).toEqual([]);
});

test.describe('a STUN server that does not answer', () => {
  test.use({ sbcProxy: false, silentStun: true });

  test('named in the profile, it delays the INVITE by no more than the ICE cap, and the call works', async ({ phone }) => {
    const { desk, lab, peer } = phone;
    const stun = phone.silentStun;
    if (!stun) throw new Error('fixture option silentStun did not start the server');
    await openAndLogin(desk, lab.deskUrl, AGENT);
    await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', WAIT);

    /**
     * Dials the peer; returns ms from the dial click until the peer is seen ringing (its INVITE
     * arrived), polled back to back — an upper bound on the INVITE's arrival, by one poll (~10 ms).
     */
    const dialToInvite = async (): Promise<number> => {
      await desk.getByTestId('phone-number').fill(PEER_USER);
      const clickedAt = Date.now();
      await desk.getByTestId('phone-dial').click();
      while ((await peer.status()).call !== 'ringing') {
        if (Date.now() - clickedAt > WAIT.timeout) throw new Error('the peer saw no INVITE');
      }
      return Date.now() - clickedAt;
    };
    // The first call of a page also opens the microphone for the first time (Chromium's fake
    // device reads its file: ~1 s here, with or without any STUN server), and the offer needs the
    // track. That call is cancelled while ringing; the second one is measured.
    const coldMs = await dialToInvite();
    await desk.getByTestId('phone-hangup').click();
    await expect(desk.getByTestId('phone-call-ended')).toBeVisible(WAIT);
    await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ended');
    const delayMs = await dialToInvite();
    // Chromium really asked the silent server (so its STUN transactions were pending when the INVITEs left).
    await expect.poll(() => stun.received, WAIT).toBeGreaterThan(0);
    const note = `dial click → INVITE at the peer with a silent STUN server: ${delayMs} ms (first call, microphone opening: ${coldMs} ms; STUN datagrams dropped: ${stun.received})`;
    test.info().annotations.push({ type: 'measured', description: note });
    console.log(`[phone-faults] ${note}`);
    // The one timing assertion in these specs, and on purpose: it is the functional
    // bound ("a STUN server that does not answer delays the INVITE by no more than 1 s").
    // Unbounded, the offer would wait for the STUN transaction to give up (~40 s in
    // Chromium; JsSIP waits for gathering to complete). The ICE gate releases the offer
    // 80 ms after the first host candidate, at the latest at its 1 s cap; 1.5 s leaves
    // room for a loaded 2-core machine and for the click and SIP hops, and is still far
    // below anything a waiting stack could do.
    expect(delayMs).toBeLessThan(1_500);

    // The call itself works: the peer answers and audio flows both ways, then the desk hangs up.
    await peer.answer();
    const call = desk.getByTestId('phone-call');
    await expect(call).toHaveAttribute('data-phase', 'active', WAIT);
    await twoWayAudio(phone);
    await desk.getByTestId('phone-hangup').click();
    await expect(desk.getByTestId('phone-call-ended')).toBeVisible(WAIT);
    await expect.poll(async () => (await peer.status()).call, WAIT).toBe('ended');
  });
});
