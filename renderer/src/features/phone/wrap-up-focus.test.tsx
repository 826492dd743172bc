// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mountPhone, unmountPhone } from '../../test-support/phone-panel.tsx';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall as inbound, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import { PhonePanel } from './PhonePanel.tsx';

/**
 * Where the focus goes when a call ends in 话后整理: to the disposition list, except while the
 * agent is typing elsewhere — a ticket filed during the call, whose text the caller's hang-up
 * must not send into the list — and back where it came from once wrap-up is finished.
 */
afterEach(unmountPhone);

/** The call bar beside a text field standing for the ticket form (another area of the workspace). */
async function mountWithNotes(): Promise<ScriptedEngine> {
  const { engine } = await mountPhone({
    children: (
      <>
        <label>
          备注 <textarea data-testid="elsewhere-notes" />
        </label>
        <button type="button" data-testid="elsewhere-button">
          别处
        </button>
        <PhonePanel locked={false} />
      </>
    ),
  });
  engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
  fireEvent.change(screen.getByTestId('phone-agent-state'), { target: { value: 'ready' } });
  await settle();
  engine.emit({ type: 'call', call: inbound() });
  engine.emit({ type: 'call', call: inbound({ phase: 'active', answeredAt: Date.now() }) });
  await settle();
  return engine;
}

describe('wrap-up and the keyboard focus', () => {
  it('leaves the focus in a field the agent is typing in when the caller hangs up; the next keys stay there', async () => {
    const engine = await mountWithNotes();
    const user = userEvent.setup();
    const notes = screen.getByTestId<HTMLTextAreaElement>('elsewhere-notes');
    await user.click(notes);
    await user.keyboard('客户说');
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    await settle();
    expect(screen.getByTestId('phone-wrap-up')).toBeTruthy();
    expect(document.activeElement).toBe(notes);
    await user.keyboard('卡丢了');
    expect(notes.value).toBe('客户说卡丢了');
    expect(screen.getByTestId<HTMLSelectElement>('phone-disposition').value).toBe('');
  });

  it('otherwise takes the focus to the list, and gives it back when wrap-up is finished', async () => {
    const engine = await mountWithNotes();
    const user = userEvent.setup();
    const elsewhere = screen.getByTestId('elsewhere-button');
    elsewhere.focus();
    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    await settle();
    const select = screen.getByTestId<HTMLSelectElement>('phone-disposition');
    expect(document.activeElement).toBe(select);
    fireEvent.change(select, { target: { value: 'callback' } });
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.queryByTestId('phone-wrap-up')).toBeNull();
    expect(document.activeElement).toBe(elsewhere);
  });
});
