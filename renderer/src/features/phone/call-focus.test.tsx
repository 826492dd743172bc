// @vitest-environment jsdom
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mountPhone, unmountPhone } from '../../test-support/phone-panel.tsx';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall, ScriptedEngine } from '../../test-support/scripted-engine.ts';

/**
 * The call bar by keyboard alone: 接听 and the transfer buttons are replaced or disabled under the
 * focus (the ringing banner goes; a transfer attempt is pending), which drops it to <body>. Once the
 * step settles, the focus goes to the next control: 静音 when answered (never 挂断 — a second Enter must
 * not end the call), 完成转接 when the consultation is up, the target field when the attempt failed.
 */
afterEach(unmountPhone);

async function registered(): Promise<ScriptedEngine> {
  const { engine } = await mountPhone();
  engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
  fireEvent.change(screen.getByTestId('phone-agent-state'), { target: { value: 'ready' } });
  await settle();
  return engine;
}
/** Chromium moves the focus off a button disabled under it; jsdom does not, so a click does it here. */
function blurOnPress(): void {
  const blur = () => (document.activeElement as HTMLElement | null)?.blur();
  document.addEventListener('click', blur, { capture: true });
  onTestFinished(() => document.removeEventListener('click', blur, { capture: true }));
}

describe('the call bar keeps the keyboard user’s place', () => {
  it('接听 by Enter: the focus goes to 静音 once the call is up', async () => {
    const engine = await registered();
    engine.emit({ type: 'call', call: inboundCall() });
    await settle();
    const user = userEvent.setup();
    screen.getByTestId('phone-answer').focus();
    await user.keyboard('{Enter}');
    expect(engine.calls).toContain('answer');
    engine.emit({ type: 'call', call: inboundCall({ phase: 'active', answeredAt: Date.now() }) });
    await settle();
    expect(document.activeElement).toBe(screen.getByTestId('phone-mute'));
  });

  it('咨询转接 by Enter: 完成转接 once the consultation is up; after a failed attempt, the target field', async () => {
    const engine = await registered();
    engine.emit({ type: 'call', call: inboundCall({ phase: 'active', answeredAt: Date.now() }) });
    await settle();
    const user = userEvent.setup();
    blurOnPress();
    fireEvent.keyDown(window, { code: 'KeyT', key: 't', ctrlKey: true, altKey: true });
    await user.keyboard('2002');
    screen.getByTestId('phone-transfer-consult').focus();
    await user.keyboard('{Enter}');
    expect(engine.calls).toContain('consult 2002');
    engine.emit({ type: 'transfer', state: 'attended' });
    engine.emit({ type: 'consult', call: inboundCall({ callId: 'c2@lab', direction: 'outbound', remote: '2002', phase: 'active', answeredAt: Date.now() }) });
    engine.emit({ type: 'transfer', state: 'idle' });
    await settle();
    expect(document.activeElement).toBe(screen.getByTestId('phone-transfer-complete'));

    // The consultation ends unanswered-for: back to the target field for another try.
    screen.getByTestId('phone-transfer-cancel').focus();
    await user.keyboard('{Enter}');
    engine.emit({ type: 'consult-ended', callId: 'c2@lab', end: 'local-hangup' });
    await settle();
    expect(screen.queryByTestId('phone-consult')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('phone-transfer-target'));
  });
});
