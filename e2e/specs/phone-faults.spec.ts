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
