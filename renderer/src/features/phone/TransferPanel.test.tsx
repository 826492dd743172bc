// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { mountPhone, unmountPhone } from '../../test-support/phone-panel.tsx';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall, ScriptedEngine } from '../../test-support/scripted-engine.ts';

/** The transfer part of the call bar, reading the store only; a scripted engine speaks for SIP. */
afterEach(unmountPhone);

async function panelInCall(language: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<ScriptedEngine> {
  const { engine } = await mountPhone({ language });
  engine.emit({ type: 'call', call: inboundCall({ phase: 'active', answeredAt: Date.now() }) });
  await settle();
  return engine;
}

describe('transfer panel', () => {
  it('Ctrl+Alt+T focuses the target; blind transfer and consult go to the engine with the checked number', async () => {
    const engine = await panelInCall();
    fireEvent.keyDown(window, { code: 'KeyT', key: 't', ctrlKey: true, altKey: true });
    const field = screen.getByTestId('phone-transfer-target');
    expect(document.activeElement).toBe(field);
    expect(screen.getByText('Ctrl+Alt+T')).toBeTruthy();

    fireEvent.click(screen.getByTestId('phone-transfer-blind'));
    expect(screen.getByTestId('phone-problem').textContent).toContain('请输入号码');
    fireEvent.change(field, { target: { value: '2002' } });
    fireEvent.click(screen.getByTestId('phone-transfer-blind'));
    expect(engine.calls).toContain('blind 2002');

    engine.emit({ type: 'transfer', state: 'blind' });
    await settle();
    expect(screen.getByTestId('phone-transfer-status').textContent).toBe('正在转接，等待对方接听…');
    expect((screen.getByTestId('phone-transfer-consult') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the consultation with complete, conference and cancel; hold is off meanwhile', async () => {
    const engine = await panelInCall('en-US');
    engine.emit({ type: 'consult', call: inboundCall({ callId: 'c2@lab', direction: 'outbound', remote: '2002', phase: 'active', answeredAt: Date.now() }) });
    await settle();
    expect(screen.getByTestId('phone-consult').textContent).toContain('Consultation call: On call with 2002');
    expect((screen.getByTestId('phone-hold') as HTMLButtonElement).disabled).toBe(true);
    for (const id of ['phone-transfer-complete', 'phone-conference', 'phone-transfer-cancel']) fireEvent.click(screen.getByTestId(id));
    expect(engine.calls).toEqual(expect.arrayContaining(['complete-transfer', 'conference', 'cancel-consult']));

    engine.emit({ type: 'conference', active: true });
    await settle();
    expect(screen.getByTestId('phone-consult').textContent).toContain('Conference: 2001, 2002 and you');
    expect((screen.getByTestId('phone-conference') as HTMLButtonElement).disabled).toBe(true);

    engine.emit({ type: 'consult-ended', callId: 'c2@lab', end: 'remote-hangup' });
    engine.emit({ type: 'problem', problem: 'transfer-target-busy' });
    await settle();
    expect(screen.queryByTestId('phone-consult')).toBeNull();
    expect(screen.getByTestId('phone-problem').textContent).toContain('The transfer target is busy; the customer is still with you.');
  });

  it('the DTMF method is a phone setting: RFC 4733 unless SIP INFO is chosen', async () => {
    const engine = await panelInCall();
    fireEvent.click(screen.getByTestId('phone-key-5'));
    fireEvent.change(screen.getByTestId('phone-dtmf-transport'), { target: { value: 'info' } });
    fireEvent.click(screen.getByTestId('phone-key-5'));
    expect(engine.calls.filter((c) => c.startsWith('dtmf'))).toEqual(['dtmf 5 rfc4733', 'dtmf 5 info']);
  });
});
