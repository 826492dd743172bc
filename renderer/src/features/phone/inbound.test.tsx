// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Policy } from '../../../../institution/contract/site-profile.ts';
import { createAppStores, type AppStores } from '../../state/app-stores.ts';
import { AppStoresProvider, useSession } from '../../state/context.tsx';
import { AGENT, createFakeDesk, type FakeDesk } from '../../test-support/fake-desk.ts';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import { LockScreen } from '../lock/LockScreen.tsx';
import { InboundProvider } from './inbound-context.tsx';
import { LockCallBar } from './LockCallBar.tsx';
import { PhoneProvider, usePhone } from './phone-context.tsx';
import { PhonePanel } from './PhonePanel.tsx';
import type { Ringer } from './ringer.ts';

/**
 * The inbound half in the panel (jsdom, the fake desk, a scripted engine): the screen pop
 * with the institution's masked data, the ringtone's start and stop, the notification
 * under the lock, auto-answer per policy, the dial plan's refusal, and the lock screen's
 * call bar. The real JsSIP engine, audio and the real institution: e2e/specs/phone-inbound.spec.ts.
 */
let stores: AppStores | null = null;
afterEach(() => {
  cleanup();
  stores?.dispose();
  stores = null;
});

const CUSTOMER = '13912345678';

class RecordingRinger implements Ringer {
  log: string[] = [];
  on = false;
  device: string | null = null;
  start(device: string | null) {
    if (!this.on) this.log.push(`start ${device ?? 'default'}`);
    else if (device !== this.device) this.log.push(`move to ${device ?? 'default'}`);
    this.on = true;
    this.device = device;
  }
  stop() {
    if (this.on) this.log.push('stop');
    this.on = false;
  }
  ringing() {
    return this.on;
  }
}

/** What the audio-device store does when the agent picks a ringer (devices/device-store.ts → applyAudioDevices). */
function ChooseRinger() {
  const apply = usePhone((s) => s.applyAudioDevices);
  return <button type="button" data-testid="test-choose-ringer" onClick={() => apply({ microphone: null, speaker: null, ringer: 'desk-speaker' })} />;
}

/** The workspace's arrangement: the panel and the lock screen's call bar inside the phone, the lock screen above. */
function Desk({ engine, ringer }: { engine: ScriptedEngine; ringer: Ringer }) {
  const locked = useSession((s) => s.session.status === 'locked');
  return (
    <>
      <div data-testid="workspace" inert={locked}>
        <PhoneProvider
          engine={(emit) => {
            engine.emit = (event) => act(() => emit(event));
            return engine;
          }}
        >
          <InboundProvider locked={locked} ringer={ringer}>
            <ChooseRinger />
            <PhonePanel locked={locked} />
            <LockCallBar locked={locked} />
          </InboundProvider>
        </PhoneProvider>
      </div>
      {locked && <LockScreen />}
    </>
  );
}

async function mount(policy: Partial<Policy> = {}): Promise<{ fake: FakeDesk; engine: ScriptedEngine; ringer: RecordingRinger }> {
  const fake = createFakeDesk({
    accounts: [AGENT],
    policy: { idleLockSeconds: 300, watermark: true, ...policy },
    phone: { sipServers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }] },
  });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  stores = createAppStores({ desk: fake.desk, root: document.documentElement });
  stores.session.getState().start();
  const engine = new ScriptedEngine();
  const ringer = new RecordingRinger();
  render(
    <AppStoresProvider stores={stores}>
      <Desk engine={engine} ringer={ringer} />
    </AppStoresProvider>,
  );
  await settle();
  engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
  await settle();
  return { fake, engine, ringer };
}

const ready = async () => {
  fireEvent.change(screen.getByTestId('phone-agent-state'), { target: { value: 'ready' } });
  await settle();
};

describe('a ringing call', () => {
  it('pops the caller with the institution’s masked data, rings until answered, and clears when the call ends', async () => {
    const { fake, engine, ringer } = await mount();
    engine.emit({ type: 'call', call: inboundCall({ remote: CUSTOMER }) });
    await settle();
    expect(fake.inbound.lookups).toEqual([CUSTOMER]);
    const pop = screen.getByTestId('phone-screen-pop');
    expect(pop.dataset['status']).toBe('found');
    expect(within(pop).getByTestId('phone-pop-caller').textContent).toBe('*******5678');
    expect(within(pop).getByTestId('phone-pop-name').textContent).toBe('王*明');
    expect(within(pop).getByTestId('phone-pop-id').textContent).toBe('110***********1234');
    expect(within(pop).getByTestId('phone-pop-card').textContent).toBe('1234');
    expect(within(pop).getByTestId('phone-pop-tier').textContent).toBe('金卡客户');
    expect(within(pop).getByTestId('phone-pop-tickets').textContent).toBe('2');
    expect(pop.textContent).not.toContain('王建明');
    expect(ringer.log).toEqual(['start default']);

    fireEvent.click(screen.getByTestId('phone-answer'));
    engine.emit({ type: 'call', call: inboundCall({ remote: CUSTOMER, phase: 'active', answeredAt: Date.now() }) });
    await settle();
    expect(ringer.log).toEqual(['start default', 'stop']);
    expect(screen.getByTestId('phone-screen-pop').dataset['status']).toBe('found');
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    await settle();
    expect(screen.queryByTestId('phone-screen-pop')).toBeNull();
  });

  it('rings on the agent’s ringer device (moved there when it changes mid-ring) and stops when the caller gives up', async () => {
    const { engine, ringer } = await mount();
    engine.emit({ type: 'call', call: inboundCall() });
    await settle();
    fireEvent.click(screen.getByTestId('test-choose-ringer'));
    await settle();
    expect(ringer.log).toEqual(['start default', 'move to desk-speaker']);
    expect(ringer.on).toBe(true);
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'canceled' });
    await settle();
    expect(ringer.log).toEqual(['start default', 'move to desk-speaker', 'stop']);
  });

  it('an unknown number says so', async () => {
    const { engine } = await mount();
    engine.emit({ type: 'call', call: inboundCall({ remote: '13700000000' }) });
    await settle();
    expect(screen.getByTestId('phone-screen-pop').textContent).toContain('未找到该号码的客户资料');
  });
});

describe('auto-answer (policy.autoAnswer)', () => {
  it('counts down while Ready; the agent cancels it and the call keeps ringing', async () => {
    const { engine } = await mount({ autoAnswer: { enabled: true, delaySeconds: 30 } });
    await ready();
    engine.emit({ type: 'call', call: inboundCall() });
    await settle();
    expect(screen.getByTestId('phone-auto-answer-countdown').textContent).toBe('30 秒后自动接听');
    fireEvent.click(screen.getByTestId('phone-auto-answer-cancel'));
    await settle();
    expect(screen.queryByTestId('phone-auto-answer')).toBeNull();
    expect(screen.getByTestId('phone-incoming')).toBeTruthy();
    expect(engine.calls).not.toContain('answer');
  });

  it('answers by itself after the delay when Ready', async () => {
    const { engine } = await mount({ autoAnswer: { enabled: true, delaySeconds: 0 } });
    await ready();
    engine.emit({ type: 'call', call: inboundCall() });
    await settle();
    await settle();
    expect(engine.calls).toContain('answer');
  });

  it('never answers for an agent who is not Ready', async () => {
    const { engine } = await mount({ autoAnswer: { enabled: true, delaySeconds: 0 } });
    engine.emit({ type: 'call', call: inboundCall() });
    await settle();
    await settle();
    expect(screen.queryByTestId('phone-auto-answer')).toBeNull();
    expect(engine.calls).not.toContain('answer');
  });
});

describe('the dial plan (policy.dialPlan)', () => {
  const dial = async (number: string) => {
    fireEvent.change(screen.getByTestId('phone-number'), { target: { value: number } });
    fireEvent.click(screen.getByTestId('phone-dial'));
    await settle();
  };

  it('refuses a number outside the plan before dialing and names the allowed patterns; a number inside is dialled', async () => {
    const { engine } = await mount({ dialPlan: { allowed: ['95588', '1[3-9]XXXXXXXXX'] } });
    await dial('010-1234-5678');
    expect(screen.getByTestId('phone-problem').dataset['problem']).toBe('number-not-in-plan');
    expect(screen.getByTestId('phone-problem').textContent).toContain('该号码不在机构允许的拨号范围内，未拨出。');
    expect(screen.getByTestId('phone-dial-plan').textContent).toBe('允许拨打：95588、1[3-9]XXXXXXXXX（X 代表任意一位数字）');
    expect(engine.calls.filter((c) => c.startsWith('call'))).toEqual([]);
    await dial('95588');
    expect(engine.calls).toContain('call 95588');
    expect(screen.queryByTestId('phone-dial-plan')).toBeNull();
  });

  it('follows the live policy: a plan pushed later applies to the next number', async () => {
    const { fake, engine } = await mount();
    await dial('01012345678');
    expect(engine.calls).toContain('call 01012345678');
    act(() => fake.setPolicy({ idleLockSeconds: 300, watermark: true, dialPlan: { allowed: [] } }));
    await dial('95588');
    expect(engine.calls).not.toContain('call 95588');
    expect(screen.getByTestId('phone-dial-plan').textContent).toBe('机构的拨号计划目前不允许任何外呼。');
  });
});

describe('the lock screen’s call bar', () => {
  it('shows the masked caller with answer/decline while ringing under the lock, then mute and hang up; the workspace stays inert', async () => {
    const { fake, engine } = await mount();
    act(() => fake.coreLocks());
    await settle();
    expect(screen.getByTestId('lock-screen')).toBeTruthy();
    expect(screen.queryByTestId('lock-call-bar')).toBeNull();

    engine.emit({ type: 'call', call: inboundCall({ remote: CUSTOMER }) });
    await settle();
    const bar = within(screen.getByTestId('lock-screen')).getByTestId('lock-call-bar');
    expect(within(bar).getByTestId('lock-call-status').textContent).toBe('*******5678 来电');
    expect(bar.textContent).not.toContain(CUSTOMER);
    // Nothing of the screen pop reaches the lock screen.
    expect(within(screen.getByTestId('lock-screen')).queryByText('王*明')).toBeNull();
    expect(screen.getByTestId('workspace').hasAttribute('inert')).toBe(true);
    // Locked and ringing: the desktop notification went out, masked.
    expect(fake.inbound.notices).toEqual([{ title: '来电', body: '{caller} 来电，请回到 ChannelDesk 接听', caller: '*******5678' }]);
    expect(fake.inbound.noticesEnded()).toBe(0);

    fireEvent.click(within(bar).getByTestId('lock-call-answer'));
    expect(engine.calls).toContain('answer');
    engine.emit({ type: 'call', call: inboundCall({ remote: CUSTOMER, phase: 'active', answeredAt: Date.now() }) });
    await settle();
    // Answered: the notification is taken back.
    expect(fake.inbound.noticesEnded()).toBe(1);
    const active = screen.getByTestId('lock-call-bar');
    expect(active.dataset['phase']).toBe('active');
    expect(within(active).getByTestId('lock-call-status').textContent).toBe('与 *******5678 通话中');
    fireEvent.click(within(active).getByTestId('lock-call-mute'));
    expect(engine.calls).toContain('mute true');
    fireEvent.click(within(active).getByTestId('lock-call-hangup'));
    expect(engine.calls).toContain('hangup');
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'local-hangup' });
    await settle();
    expect(screen.queryByTestId('lock-call-bar')).toBeNull();
    expect(screen.getByTestId('lock-screen')).toBeTruthy();
  });

  it('by keyboard: Enter on 接听 leaves the focus on 静音, Enter on 挂断 returns it to the password field', async () => {
    const { fake, engine } = await mount();
    act(() => fake.coreLocks());
    await settle();
    engine.emit({ type: 'call', call: inboundCall({ remote: CUSTOMER }) });
    await settle();
    const user = userEvent.setup();
    screen.getByTestId('lock-call-answer').focus();
    await user.keyboard('{Enter}');
    engine.emit({ type: 'call', call: inboundCall({ remote: CUSTOMER, phase: 'active', answeredAt: Date.now() }) });
    await settle();
    expect(document.activeElement).toBe(screen.getByTestId('lock-call-mute'));
    screen.getByTestId('lock-call-hangup').focus();
    await user.keyboard('{Enter}');
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'local-hangup' });
    await settle();
    expect(screen.queryByTestId('lock-call-bar')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('unlock-password'));
  });
});
