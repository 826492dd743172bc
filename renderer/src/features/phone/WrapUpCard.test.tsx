// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { AGENT, type FakeDesk } from '../../test-support/fake-desk.ts';
import { mountPhone, unmountPhone } from '../../test-support/phone-panel.tsx';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall as inbound, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import { qualitySample, type QualitySnapshot } from './quality.ts';

/** The wrap-up card and the quality line, by keyboard, through the fake desk (its record channel included). */
afterEach(unmountPhone);

async function mountPanel(language: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<{ fake: FakeDesk; engine: ScriptedEngine }> {
  const { fake, engine } = await mountPhone({ language });
  engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
  fireEvent.change(screen.getByTestId('phone-agent-state'), { target: { value: 'ready' } });
  await settle();
  return { fake, engine };
}

const snap = (at: number, over: Partial<QualitySnapshot>): QualitySnapshot => ({ at, rttMs: 20, jitterMs: 2, packetsLost: 0, packetsReceived: 0, jitterBufferDelayS: null, jitterBufferEmitted: null, codec: 'opus', ...over });

describe('wrap-up card and call quality', () => {
  it('shows quality on the call card, then wrap-up with its timer; finishes only with a disposition, by keyboard', async () => {
    const { fake, engine } = await mountPanel();
    engine.emit({ type: 'call', call: inbound({ remote: '13800138000' }) });
    engine.emit({ type: 'call', call: inbound({ remote: '13800138000', phase: 'active', answeredAt: Date.now() }) });
    await settle();
    expect(screen.getByTestId('phone-call-quality').textContent).toBe('正在测量…');
    const a = snap(0, { packetsReceived: 50 });
    const b = snap(1_000, { rttMs: 480, packetsReceived: 100 });
    engine.emit({ type: 'quality', callId: 'c1@lab', snapshot: a, sample: qualitySample(null, a) });
    engine.emit({ type: 'quality', callId: 'c1@lab', snapshot: b, sample: qualitySample(a, b) });
    await settle();
    expect(screen.getByTestId('phone-call-quality').textContent).toContain('往返时延 480 毫秒');
    expect(screen.getByTestId('phone-quality-warning-rtt').textContent).toBe('时延过高');
    expect(screen.queryByTestId('phone-quality-warning-loss')).toBeNull();

    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    await settle();
    const card = screen.getByTestId('phone-wrap-up');
    expect(card.dataset['overdue']).toBe('false');
    expect(screen.getByTestId('phone-wrap-up-timer').textContent).toBe('剩余 00:30');
    expect(card.textContent).toContain('*******8000');
    expect(card.textContent).not.toContain('13800138000');
    // The list has the focus: the agent can choose with the keyboard straight away.
    const select = screen.getByTestId<HTMLSelectElement>('phone-disposition');
    expect(document.activeElement).toBe(select);
    expect(engine.busy).toBe(true);

    // Enter without a disposition: refused, still in wrap-up, still reported as such.
    fireEvent.keyDown(select, { key: 'Enter' });
    await settle();
    expect(screen.getByTestId('phone-problem').dataset['problem']).toBe('disposition-required');
    expect(fake.phone.agentStates.at(-1)?.state).toBe('wrap-up');

    fireEvent.change(select, { target: { value: 'callback' } });
    fireEvent.keyDown(select, { key: 'Enter' });
    await settle();
    expect(screen.queryByTestId('phone-wrap-up')).toBeNull();
    expect(fake.phone.agentStates.map((r) => r.state).slice(-4)).toEqual(['ringing', 'on-call', 'wrap-up', 'ready']);
    expect(engine.busy).toBe(false);
    expect(fake.phone.callRecords).toHaveLength(1);
    expect(fake.phone.callRecords[0]).toMatchObject({ operatorId: AGENT.operator.id, callId: 'c1@lab', remote: '*******8000', disposition: 'callback' });
  });

  it('extends once from the card, in English', async () => {
    const { engine } = await mountPanel('en-US');
    engine.emit({ type: 'call', call: inbound() });
    engine.emit({ type: 'call', call: inbound({ phase: 'active', answeredAt: Date.now() }) });
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    await settle();
    const extend = screen.getByTestId<HTMLButtonElement>('phone-wrap-up-extend');
    expect(extend.textContent).toBe('Extend by 30 s');
    fireEvent.click(extend);
    await settle();
    expect(screen.getByTestId('phone-wrap-up').dataset['extended']).toBe('true');
    expect(extend.disabled).toBe(true);
    expect(extend.textContent).toBe('Extended once');
    expect(screen.getByTestId('phone-wrap-up-timer').textContent).toBe('01:00 left');
    expect(screen.getByTestId('phone-wrap-up').textContent).toContain('Afterwards: Ready');
  });
});
