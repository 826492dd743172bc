// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { SipCredentials } from '../../../../electron/contract/phone.ts';
import { AGENT, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountPhone, unmountPhone } from '../../test-support/phone-panel.tsx';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall as inbound, ScriptedEngine } from '../../test-support/scripted-engine.ts';

/**
 * The panel reads the store only; the store drives OUR engine interface. Here a scripted
 * engine speaks for the SIP side; the real JsSIP engine is exercised in e2e/specs/phone-*.
 */
class PanelEngine extends ScriptedEngine {
  /** The panel's tests name the account the engine registers. */
  override start(c: SipCredentials) {
    this.calls.push(`start ${c.uri}`);
  }
}

afterEach(unmountPhone);

async function mountPanel(options: { language?: 'zh-CN' | 'en-US' } = {}): Promise<{ fake: FakeDesk; engine: PanelEngine }> {
  const { fake, engine } = await mountPhone({ ...options, engine: new PanelEngine() });
  return { fake, engine };
}

describe('phone panel', () => {
  it('registers with the desk’s credentials and says so; the agent state goes to the institution', async () => {
    const { fake, engine } = await mountPanel();
    expect(engine.calls).toEqual([`start sip:${AGENT.operator.id}@lab.channeldesk.test`]);
    expect(screen.getByTestId('phone-registration').textContent).toContain('注册中');
    engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
    await settle();
    expect(screen.getByTestId('phone-registration').dataset['state']).toBe('registered');
    expect(screen.getByTestId('phone-registration').textContent).toContain('已注册');

    const select = screen.getByTestId<HTMLSelectElement>('phone-agent-state');
    expect([...select.options].map((o) => o.textContent)).toContain('示忙：小休');
    fireEvent.change(select, { target: { value: 'ready' } });
    await settle();
    expect(fake.phone.agentStates.map((r) => r.state)).toEqual(['offline', 'ready']);
    fireEvent.change(select, { target: { value: 'not-ready:break' } });
    await settle();
    expect(fake.phone.agentStates.at(-1)).toEqual({ state: 'not-ready', reasonCode: 'break', callId: null });
    expect(screen.getByTestId('phone-agent-reported').textContent).toBe('机构已知：示忙');

    engine.emit({ type: 'registration', registration: { status: 'unregistered', problem: 'network' } });

    await settle();
    expect(screen.getByTestId('phone-registration').textContent).toContain('已断开');
    expect(screen.getByTestId('phone-registration-problem').textContent).toBe('网络中断，正在重连');
  });

  it('rings with answer and decline; Ctrl+Alt+A answers; the call bar follows the media', async () => {
    const { engine, fake } = await mountPanel();
    expect(fake.activityHolds()).toEqual([]);
    engine.emit({ type: 'call', call: inbound() });
    await settle();
    // Ringing: the phone holds core's idle lock off (activity.hold) until the call ends.
    expect(fake.activityHolds()).toEqual(['call']);
    const banner = screen.getByTestId('phone-incoming');
    expect(within(banner).getByText('2001 来电')).toBeTruthy();
    expect(screen.getByTestId('phone-answer').getAttribute('aria-keyshortcuts')).toBe('Control+Alt+A');
    fireEvent.keyDown(window, { code: 'KeyA', key: 'a', ctrlKey: true, altKey: true });
    expect(engine.calls).toContain('answer');

    engine.emit({ type: 'call', call: inbound({ phase: 'active', answeredAt: Date.now() }) });

    await settle();
    const card = screen.getByTestId('phone-call');
    expect(card.dataset['phase']).toBe('active');
    expect(screen.getByTestId('phone-call-timer').textContent).toBe('00:00');
    fireEvent.click(screen.getByTestId('phone-mute'));
    expect(engine.calls).toContain('mute true');
    engine.emit({ type: 'call', call: inbound({ phase: 'active', answeredAt: Date.now(), muteRequested: true }) });
    await settle();
    // Asked for, not yet true of the media: the card says "muting", not "muted".
    expect(screen.getByTestId('phone-call-indicators').textContent).toBe('正在静音…');
    engine.emit({ type: 'media', callId: 'c1@lab', indicators: { mic: 'muted', inbound: 'flowing', outbound: 'flowing' } });
    expect(screen.getByTestId('phone-call-indicators').textContent).toBe('已静音');
    expect(screen.getByTestId('phone-call').dataset['mute']).toBe('muted');

    // The pad sends DTMF during the call, also from the keyboard.
    fireEvent.click(screen.getByTestId('phone-key-5'));
    fireEvent.keyDown(screen.getByTestId('phone-key-5'), { key: '#' });
    expect(engine.calls).toEqual(expect.arrayContaining(['dtmf 5 rfc4733', 'dtmf # rfc4733']));

    fireEvent.keyDown(window, { code: 'KeyX', key: 'x', ctrlKey: true, altKey: true });
    expect(engine.calls).toContain('hangup');
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'local-hangup' });
    await settle();
    expect(screen.getByTestId('phone-call-ended').textContent).toBe('与 2001 的通话已结束：您已挂断');
    expect(fake.activityHolds()).toEqual([]);
  });

  it('Ctrl+Alt+X declines a ringing call', async () => {
    const { engine } = await mountPanel();
    engine.emit({ type: 'call', call: inbound() });
    await settle();
    fireEvent.keyDown(window, { code: 'KeyX', key: 'x', ctrlKey: true, altKey: true });
    expect(engine.calls).toContain('decline');
    expect(engine.calls).not.toContain('hangup');
  });

  it('dials a checked number; refuses a bad one in the agent’s language', async () => {
    const { engine } = await mountPanel({ language: 'en-US' });
    engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
    await settle();
    const field = screen.getByTestId<HTMLInputElement>('phone-number');
    fireEvent.change(field, { target: { value: '40a0' } });
    fireEvent.click(screen.getByTestId('phone-dial'));
    expect(screen.getByTestId('phone-problem').textContent).toContain('A number may contain only digits');
    expect(engine.calls.filter((c) => c.startsWith('call'))).toEqual([]);

    fireEvent.change(field, { target: { value: '' } });
    for (const key of ['4', '0', '0', '0']) fireEvent.click(screen.getByTestId(`phone-key-${key}`));
    expect(field.value).toBe('4000');
    fireEvent.submit(field);
    expect(engine.calls).toContain('call 4000');
    expect(screen.getByRole('region', { name: 'Shortcuts' }).textContent).toContain('Ctrl+Alt+M');
  });

  it('unmounting (logout) stops the phone', async () => {
    const { engine } = await mountPanel();
    cleanup();
    expect(engine.calls.at(-1)).toBe('stop');
  });
});
