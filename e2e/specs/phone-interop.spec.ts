import { writeFile } from 'node:fs/promises';
import { pcmuPcap, toneBurstsPcmu } from '../lab/testing/pcap-audio.ts';
import { header } from '../lab/testing/sip-message.ts';
import { startSipp, type SippResult } from '../lab/testing/sipp.ts';
import { AGENT, openAndLogin } from '../fixtures/desk.ts';
import { deskRemoteLevel, expect, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * Interop with plain SIP/RTP endpoints (PSTN gateways, desk phones) through Kamailio and
 * rtpengine, with audio: SIPp on the UDP trunk speaks RTP/AVP with PCMU, the desk WebRTC
 * (ICE, DTLS-SRTP); rtpengine bridges the two. Audio is asserted on the desk: a WebAudio
 * analyser on its remote-audio element and its RTP counters.
 *
 * Every wait is bounded; nothing asserts how long anything took.
 */
test.describe.configure({ timeout: 120_000 });

const AUDIBLE_RMS = 0.02;
/** What the analyser reads when nothing (or digital silence) comes in. */
const SILENT_RMS = 0.005;
const AUDIO_WAIT = { timeout: 20_000 };

async function signIn({ desk, lab }: PhoneWorld): Promise<void> {
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
}

function explain(result: SippResult, world: PhoneWorld): string {
  return `SIPp exit ${String(result.code)}\n${result.log}\n${world.telephony.logs()}`;
}

test('a SIPp plain-RTP caller reaches the agent through Kamailio + rtpengine and the agent hears its audio', async ({ phone }, testInfo) => {
  const { desk, telephony } = phone;
  await signIn(phone);
  const pcap = testInfo.outputPath('customer-pcmu.pcap');
  // Long enough to outlast answering and measuring; SIPp plays it once.
  await writeFile(pcap, pcmuPcap(toneBurstsPcmu(30)));
  const sipp = await startSipp({ binary: telephony.binaries.sipp, scenario: 'uac-audio', pcapFile: pcap, dir: testInfo.outputPath(), remotePort: telephony.udpPort, service: AGENT.id, timeoutMs: 60_000 });

  await expect(desk.getByTestId('phone-incoming')).toBeVisible({ timeout: 15_000 });
  await desk.getByTestId('phone-answer').click();
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-phase', 'active', { timeout: 15_000 });
  await expect(call).toHaveAttribute('data-inbound', 'flowing', AUDIO_WAIT);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);

  await desk.getByTestId('phone-hangup').click();
  const result = await sipp.done;
  expect(result.code, explain(result, phone)).toBe(0);
  await expect.poll(() => telephony.relayedCalls(), AUDIO_WAIT).toEqual([]);
});

test('the agent calls a SIPp answering endpoint (RTP echo) and hears itself; muted, the echo goes silent', async ({ phone }, testInfo) => {
  const { desk, telephony } = phone;
  const sipp = await startSipp({ binary: telephony.binaries.sipp, scenario: 'uas', dir: testInfo.outputPath(), timeoutMs: 90_000 });
  await telephony.setGateway(`127.0.0.1:${sipp.port}`);
  await signIn(phone);
  await desk.getByTestId('phone-number').fill('013800138000');
  await desk.getByTestId('phone-number').press('Enter');
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-phase', 'active', AUDIO_WAIT);
  await expect(call).toHaveAttribute('data-inbound', 'flowing', AUDIO_WAIT);
  // The fake microphone's tone bursts, sent as PCMU to SIPp and echoed back through the relay.
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);

  // What comes back is our own voice: muting the microphone silences it.
  await desk.getByTestId('phone-mute').click();
  await expect(call).toHaveAttribute('data-mute', 'muted');
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeLessThan(SILENT_RMS);
  await desk.getByTestId('phone-mute').click();
  await expect(call).toHaveAttribute('data-mute', 'live');
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);

  await desk.getByTestId('phone-hangup').click();
  const result = await sipp.done;
  expect(result.code, explain(result, phone)).toBe(0);
  expect(result.received.map((message) => message.method).filter(Boolean)).toEqual(['INVITE', 'ACK', 'BYE']);
});

test('session timers: a gateway demanding Min-SE 1800 answers our first INVITE (Session-Expires 1800, no 422) and the call has audio', async ({ phone }, testInfo) => {
  const { desk, telephony } = phone;
  const sipp = await startSipp({ binary: telephony.binaries.sipp, scenario: 'uas-422', minSe: 1800, dir: testInfo.outputPath(), timeoutMs: 90_000 });
  await telephony.setGateway(`127.0.0.1:${sipp.port}`);
  await signIn(phone);
  await desk.getByTestId('phone-number').fill('013800138000');
  await desk.getByTestId('phone-number').press('Enter');
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-phase', 'active', AUDIO_WAIT);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await desk.getByTestId('phone-hangup').click();
  const result = await sipp.done;
  expect(result.code, explain(result, phone)).toBe(0);
  const invites = result.received.filter((message) => message.method === 'INVITE');
  expect(invites).toHaveLength(1);
  expect(invites.map((invite) => header(invite, 'session-expires'))).toEqual([expect.stringMatching(/^1800\b/)]);
  expect(result.received.map((message) => message.status)).not.toContain(422);
});

test('session timers: a gateway demanding more (Min-SE 3600) answers 422; the desk dials again at once with Session-Expires 3600 as the same call, and the call has audio', async ({ phone }, testInfo) => {
  const { desk, telephony } = phone;
  // Two SIPp calls: the 422 ends the first INVITE's transaction; the retry is a new INVITE (new Call-ID).
  const sipp = await startSipp({ binary: telephony.binaries.sipp, scenario: 'uas-422', minSe: 3600, calls: 2, dir: testInfo.outputPath(), timeoutMs: 90_000 });
  await telephony.setGateway(`127.0.0.1:${sipp.port}`);
  await signIn(phone);
  await desk.getByTestId('phone-number').fill('013800138000');
  await desk.getByTestId('phone-number').press('Enter');
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-phase', 'active', AUDIO_WAIT);
  // The agent saw one call throughout: no end was shown for the refused first INVITE.
  await expect(desk.getByTestId('phone-call-ended')).toHaveCount(0);
  await expect(call).toHaveAttribute('data-inbound', 'flowing', AUDIO_WAIT);
  // SIPp echoes the desk's tone bursts: audio went both ways on the retried call.
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await desk.getByTestId('phone-hangup').click();
  const result = await sipp.done;
  expect(result.code, explain(result, phone)).toBe(0);
  const invites = result.received.filter((message) => message.method === 'INVITE');
  expect(invites.map((invite) => header(invite, 'session-expires'))).toEqual([expect.stringMatching(/^1800\b/), expect.stringMatching(/^3600\b/)]);
  expect(result.received.map((message) => message.method).filter(Boolean)).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK', 'BYE']);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered');
});

test('session timers: a gateway demanding an absurd Min-SE (86400) is not retried; the call ends saying why and the phone stays registered', async ({ phone }, testInfo) => {
  const { desk, telephony } = phone;
  const sipp = await startSipp({ binary: telephony.binaries.sipp, scenario: 'uas-422', minSe: 86_400, dir: testInfo.outputPath(), timeoutMs: 60_000 });
  await telephony.setGateway(`127.0.0.1:${sipp.port}`);
  await signIn(phone);
  await desk.getByTestId('phone-number').fill('013800138000');
  await desk.getByTestId('phone-number').press('Enter');
  await expect(desk.getByTestId('phone-call-ended')).toContainText('对方要求的会话刷新间隔过长，呼叫失败', AUDIO_WAIT);
  await expect(desk.getByTestId('phone-call')).toHaveCount(0);
  const result = await sipp.done;
  expect(result.code, explain(result, phone)).toBe(0);
  // One INVITE (Session-Expires 1800) and the ACK for the 422 — no retry beyond the bound.
  expect(result.received.filter((message) => message.method === 'INVITE').map((invite) => header(invite, 'session-expires'))).toEqual([expect.stringMatching(/^1800\b/)]);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered');
});
