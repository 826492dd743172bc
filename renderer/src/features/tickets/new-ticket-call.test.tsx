// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { mountPhone, unmountPhone } from '../../test-support/phone-panel.tsx';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall } from '../../test-support/scripted-engine.ts';
import { TicketsArea } from './TicketsArea.tsx';
import { TicketsProvider } from './tickets-context.tsx';

/**
 * One keystroke during a call: Ctrl+Alt+N opens the form with the call attached (id, the
 * caller masked, when it was answered, the MOS), and the filed ticket carries exactly that.
 * The phone runs as the workspace mounts it, with a scripted engine for the SIP side.
 */
afterEach(unmountPhone);

const AT = Date.parse('2026-11-30T08:00:00.000Z');
const pressNewTicket = () =>
  act(() => {
    window.dispatchEvent(new KeyboardEvent('keydown', { ctrlKey: true, altKey: true, code: 'KeyN', bubbles: true }));
  });
async function waitFor(check: () => boolean) {
  for (let i = 0; i < 50 && !check(); i += 1) await act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
}

describe('a new ticket from the call', () => {
  it('attaches the call that is up and files it with the ticket', async () => {
    const { fake, engine } = await mountPhone({
      children: (
        <TicketsProvider locked={false} canFile canProcess={false} canReveal={false}>
          <TicketsArea />
        </TicketsProvider>
      ),
    });
    engine.emit({ type: 'call', call: inboundCall({ remote: '13800138000', phase: 'active', answeredAt: AT }) });
    engine.emit({ type: 'quality', callId: 'c1@lab', snapshot: { at: AT + 1000, rttMs: 40, jitterMs: 2, packetsLost: 0, packetsReceived: 50, codec: 'opus' } as never, sample: { at: AT + 1000, rttMs: 40, jitterMs: 2, lossPercent: 0, mos: 4.31 } });
    await settle();

    pressNewTicket();
    await settle();
    expect(screen.getByTestId('ticket-new-call').textContent).toBe('将附上本次通话：*******8000');
    // Pressed again while the form is open: the same form stays (nothing typed is lost).
    pressNewTicket();
    await settle();
    expect(screen.getAllByTestId('ticket-new-view')).toHaveLength(1);

    await waitFor(() => screen.queryAllByTestId('ticket-type').length > 0);
    fireEvent.click(screen.getAllByTestId('ticket-type').find((b) => b.dataset['typeId'] === 'bank-complaint') as HTMLElement);
    await waitFor(() => screen.queryByTestId('ticket-field-customerName') !== null);
    fireEvent.change(screen.getByTestId('ticket-field-customerName'), { target: { value: '陈先生' } });
    fireEvent.change(screen.getByTestId('ticket-field-category'), { target: { value: 'fees' } });
    fireEvent.change(screen.getByTestId('ticket-field-description'), { target: { value: '年费重复收取' } });
    fireEvent.click(screen.getByTestId('ticket-form-submit'));
    await waitFor(() => screen.queryByTestId('ticket-list') !== null);
    expect(screen.getAllByTestId('ticket-row').map((r) => r.dataset['state'])).toEqual(['queued']);

    const [ticket] = fake.tickets.deliverAll();
    expect(ticket?.call).toEqual({ callId: 'c1@lab', callerMasked: '*******8000', startedAt: '2026-11-30T08:00:00.000Z', mos: 4.31 });
  });

  it('opens the form without a call when none is up', async () => {
    await mountPhone({
      children: (
        <TicketsProvider locked={false} canFile canProcess={false} canReveal={false}>
          <TicketsArea />
        </TicketsProvider>
      ),
    });
    pressNewTicket();
    await settle();
    expect(screen.getByTestId('ticket-new-view')).toBeTruthy();
    expect(screen.queryByTestId('ticket-new-call')).toBeNull();
  });

  it('ignores the keystroke while the screen is locked', async () => {
    await mountPhone({
      children: (
        <TicketsProvider locked canFile canProcess={false} canReveal={false}>
          <TicketsArea />
        </TicketsProvider>
      ),
    });
    pressNewTicket();
    await settle();
    expect(screen.queryByTestId('ticket-new-view')).toBeNull();
    expect(screen.getByTestId('ticket-list')).toBeTruthy();
  });
});
