import type { Page } from '@playwright/test';
import { AGENT, fillLogin, openAndLogin } from '../fixtures/desk.ts';
import { deskRemoteLevel, expect, PEER_USER, test, type PhoneWorld } from '../fixtures/phone.ts';

/**
 * Audio devices (issue #7): Chromium's fake devices (`--use-fake-device-for-media-stream`:
 * "Fake Audio Input 1/2", "Fake Audio Output 1/2", every input playing the fixture's tone
 * bursts) against the real telephony lab and institution.
 *
 * - the lists show the devices; the choice (ids only) is the operator's, kept by core across
 *   a reload and a new sign-in;
 * - the pre-call test: the level meter follows the fake microphone, the test tone plays on the
 *   chosen speaker; keyboard only;
 * - mid-call: switching the microphone keeps the call up, the far end still hears the agent
 *   (audio energy at the peer), mute survives the switch; switching the speaker moves the far
 *   end's audio element (sinkId) and it keeps playing; no pre-call test during the call.
 *
 * Every wait is bounded; nothing asserts how long anything took.
 */
test.describe.configure({ timeout: 120_000 });

const MIC_1 = 'Fake Audio Input 1';
const MIC_2 = 'Fake Audio Input 2';
const OUT_1 = 'Fake Audio Output 1';
const OUT_2 = 'Fake Audio Output 2';
const AUDIBLE_RMS = 0.02;
const AUDIBLE_ENERGY = 0.005;
const SILENT_ENERGY = 0.0005;
const AUDIO_WAIT = { timeout: 20_000 };
/** Page loads and sign-ins on a loaded 2-core machine. */
const PAGE_WAIT = { timeout: 20_000 };

async function signIn({ desk, lab }: PhoneWorld): Promise<void> {
  await openAndLogin(desk, lab.deskUrl, AGENT);
  await expect(desk.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
}

async function openDevices(desk: Page): Promise<void> {
  const panel = desk.getByTestId('phone-devices');
  if ((await panel.getAttribute('open')) === null) {
    // Keyboard: the disclosure's summary takes focus and opens with Enter.
    await panel.locator('summary').focus();
    await desk.keyboard.press('Enter');
  }
  await expect(panel).toHaveAttribute('open', '');
}

/** The labels a device select offers, in order. */
const optionLabels = (desk: Page, role: string) => desk.getByTestId(`phone-device-${role}`).locator('option').allTextContents();

/** The id (option value) of the device with this label. */
const idOf = (desk: Page, role: string, label: string) => desk.getByTestId(`phone-device-${role}`).locator('option', { hasText: label }).getAttribute('value');

async function choose(desk: Page, role: string, label: string): Promise<string> {
  const id = await idOf(desk, role, label);
  if (id === null) throw new Error(`no ${role} option ${label}`);
  const saved = desk.waitForResponse((r) => new URL(r.url()).pathname === '/__desk/invoke/settings.set');
  await desk.getByTestId(`phone-device-${role}`).selectOption({ label });
  expect((await saved).status()).toBe(200);
  return id;
}

/** What the desk's microphone sender sends now (the peer connections are recorded by an init script). */
function senderTrack(desk: Page): Promise<{ label: string; state: string; enabled: boolean } | null> {
  return desk.evaluate(`(() => {
    const live = (window.__deskPcs || []).filter((pc) => pc.connectionState !== 'closed');
    const sender = live.length === 0 ? null : live[live.length - 1].getSenders().find((s) => s.track && s.track.kind === 'audio');
    const track = sender ? sender.track : null;
    return track ? { label: track.label, state: track.readyState, enabled: track.enabled } : null;
  })()`);
}

/** The sinkId of the desk's audio element with this test id (null: no such element). */
const sinkIdOf = (desk: Page, testId: string): Promise<string | null> =>
  desk.evaluate(`(() => { const el = document.querySelector('[data-testid="${testId}"]'); return el ? el.sinkId : null; })()`);
const remoteSinkId = (desk: Page) => sinkIdOf(desk, 'phone-remote-audio');

/** Records the desk's peer connections (before the WebRTC guard freezes the prototype), so a test can read the sender's track. */
const RECORD_PEER_CONNECTIONS = `(() => {
  const pcs = [];
  window.__deskPcs = pcs;
  const addTrack = RTCPeerConnection.prototype.addTrack;
  RTCPeerConnection.prototype.addTrack = function (...args) {
    if (!pcs.includes(this)) pcs.push(this);
    return addTrack.apply(this, args);
  };
})()`;

test('lists the fake devices, and the operator\'s choice survives a reload and a new sign-in', async ({ phone }) => {
  const { desk } = phone;
  // The phone's engine is a chunk of its own, loaded after sign-in: it must pass the CSP
  // (script-src 'self') and Trusted Types like the main chunk, with no violation.
  const loaded: string[] = [];
  desk.on('request', (r) => {
    if (/\/assets\/jssip-engine-[\w-]+\.js$/.test(new URL(r.url()).pathname)) loaded.push(new URL(r.url()).pathname);
  });
  await desk.addInitScript(`window.__cspViolations = []; addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push([e.violatedDirective, e.blockedURI, e.sample, e.sourceFile, e.lineNumber].join(' | ')));`);
  await desk.goto(phone.lab.deskUrl);
  await expect(desk.getByTestId('login-operator-id')).toBeVisible(PAGE_WAIT);
  expect(loaded).toEqual([]); // not with the login screen
  await signIn(phone);
  expect(loaded).toHaveLength(1);
  // zod's eval probe (`new Function('')`, caught by zod) is refused by Trusted Types in every
  // chunk that bundles zod; nothing else may be, and nothing at all from the engine's chunk.
  const violations = (await desk.evaluate('window.__cspViolations')) as string[];
  const zodProbe = /^require-trusted-types-for \| trusted-types-sink \| Function\|\(\s*\) \{\s*\}\)/;
  expect(violations.filter((v) => !zodProbe.test(v) || v.includes('jssip-engine'))).toEqual([]);
  await openDevices(desk);
  await expect.poll(() => optionLabels(desk, 'microphone')).toEqual(['系统默认', MIC_1, MIC_2]);
  expect(await optionLabels(desk, 'speaker')).toEqual(['系统默认', OUT_1, OUT_2]);
  expect(await optionLabels(desk, 'ringer')).toEqual(['系统默认', OUT_1, OUT_2]);

  const mic = await choose(desk, 'microphone', MIC_2);
  const speaker = await choose(desk, 'speaker', OUT_1);
  const ringer = await choose(desk, 'ringer', OUT_2);
  // The far end's element is routed to the chosen speaker at once, before any call.
  await expect.poll(() => remoteSinkId(desk)).toBe(speaker);

  await desk.reload();
  await expect(desk.getByTestId('workspace')).toBeVisible(PAGE_WAIT);
  await openDevices(desk);
  await expect(desk.getByTestId('phone-device-microphone')).toHaveValue(mic);
  await expect(desk.getByTestId('phone-device-speaker')).toHaveValue(speaker);
  await expect(desk.getByTestId('phone-device-ringer')).toHaveValue(ringer);

  await desk.getByTestId('logout').click();
  await expect(desk.getByTestId('login-operator-id')).toBeVisible(PAGE_WAIT);
  await fillLogin(desk, AGENT);
  await expect(desk.getByTestId('workspace')).toBeVisible(PAGE_WAIT);
  await openDevices(desk);
  await expect(desk.getByTestId('phone-device-microphone')).toHaveValue(mic);
  await expect(desk.getByTestId('phone-device-speaker')).toHaveValue(speaker);
  await expect(desk.getByTestId('phone-device-ringer')).toHaveValue(ringer);
  await expect.poll(() => remoteSinkId(desk)).toBe(speaker);

  // Back to the system default: the choice is forgotten, not kept as a default id.
  await choose(desk, 'speaker', '系统默认');
  await expect.poll(() => remoteSinkId(desk)).toBe('');
});

test('pre-call test by keyboard: the level meter moves with the fake microphone, the test tone plays on the chosen speaker', async ({ phone }) => {
  const { desk } = phone;
  await signIn(phone);
  await openDevices(desk);
  const speaker = await choose(desk, 'speaker', OUT_2);
  const meter = desk.getByTestId('phone-mic-level');
  await expect(meter).toHaveAttribute('data-level', '0');

  await desk.getByTestId('phone-mic-test').focus();
  await desk.keyboard.press('Space');
  await expect(desk.getByTestId('phone-mic-status')).toHaveAttribute('data-state', 'running', AUDIO_WAIT);
  await expect(desk.getByTestId('phone-mic-status')).toHaveText('请说话：音量条应随声音跳动。');
  // The fixture's tone bursts (0.3 full scale, ~−14 dBFS RMS) with gaps: the meter goes well up.
  await expect.poll(async () => Number(await meter.getAttribute('data-level')), { timeout: 10_000, intervals: [100] }).toBeGreaterThan(50);
  await desk.keyboard.press('Space'); // the same button now stops the test
  await expect(desk.getByTestId('phone-mic-status')).toHaveAttribute('data-state', 'idle');
  await expect(meter).toHaveAttribute('data-level', '0');

  await desk.getByTestId('phone-tone-test').focus();
  await desk.keyboard.press('Enter');
  // While it plays, the tone's element is routed to the chosen speaker.
  await expect.poll(() => sinkIdOf(desk, 'phone-test-tone'), { timeout: 5_000, intervals: [50] }).toBe(speaker);
  await expect(desk.getByTestId('phone-tone-status')).toHaveAttribute('data-state', 'played', AUDIO_WAIT);
  await expect(desk.getByTestId('phone-test-tone')).toHaveCount(0);
});

test('mid-call: the microphone switches without dropping the call, the far end still hears it, mute is kept; the speaker switches too', async ({ phone }) => {
  const { desk, peer, telephony } = phone;
  await desk.addInitScript(RECORD_PEER_CONNECTIONS);
  await signIn(phone);
  await openDevices(desk);
  await choose(desk, 'microphone', MIC_1);

  await peer.call(`sip:${AGENT.id}@${telephony.domain}`);
  await expect(desk.getByTestId('phone-incoming')).toContainText(`${PEER_USER} 来电`, { timeout: 15_000 });
  await desk.getByTestId('phone-answer').click();
  const call = desk.getByTestId('phone-call');
  await expect(call).toHaveAttribute('data-phase', 'active', { timeout: 15_000 });
  await expect.poll(() => senderTrack(desk), AUDIO_WAIT).toMatchObject({ label: MIC_1, state: 'live', enabled: true });
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_ENERGY);

  // No pre-call test during a call: it would open the microphone a second time.
  await expect(desk.getByTestId('phone-device-test')).toHaveAttribute('data-available', 'no');
  await expect(desk.getByTestId('phone-mic-test')).toBeDisabled();
  await expect(desk.getByTestId('phone-tone-test')).toBeDisabled();

  await choose(desk, 'microphone', MIC_2);
  await expect.poll(() => senderTrack(desk), AUDIO_WAIT).toMatchObject({ label: MIC_2, state: 'live', enabled: true });
  await expect(call).toHaveAttribute('data-phase', 'active');
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_ENERGY);
  expect((await peer.status()).call).toBe('confirmed');

  // Muted, then switched: the new microphone starts muted and the far end hears silence.
  await desk.getByTestId('phone-mute').click();
  await expect(call).toHaveAttribute('data-mute', 'muted');
  await choose(desk, 'microphone', MIC_1);
  await expect.poll(() => senderTrack(desk), AUDIO_WAIT).toMatchObject({ label: MIC_1, state: 'live', enabled: false });
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeLessThan(SILENT_ENERGY);
  await desk.getByTestId('phone-mute').click();
  await expect(call).toHaveAttribute('data-mute', 'live');
  await expect.poll(() => peer.energyRate(), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_ENERGY);

  // The speaker: the far end's element moves to the chosen output and keeps playing.
  const speaker = await choose(desk, 'speaker', OUT_2);
  await expect.poll(() => remoteSinkId(desk), AUDIO_WAIT).toBe(speaker);
  await expect.poll(() => deskRemoteLevel(desk), AUDIO_WAIT).toBeGreaterThan(AUDIBLE_RMS);
  await expect(call).toHaveAttribute('data-phase', 'active');

  await desk.getByTestId('phone-hangup').click();
  await expect(desk.getByTestId('phone-call-ended')).toBeVisible();
  await expect.poll(() => peer.status(), AUDIO_WAIT).toMatchObject({ call: 'ended' });
  // The call and its connection are gone; the test is available again.
  await expect.poll(() => senderTrack(desk), AUDIO_WAIT).toBeNull();
  await expect(desk.getByTestId('phone-device-test')).toHaveAttribute('data-available', 'yes');
});
