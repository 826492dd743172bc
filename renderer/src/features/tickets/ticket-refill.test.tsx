// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TICKET_DRAFTS_MAX_PER_OPERATOR } from '../../../../electron/contract/ticket-limits.ts';
import { AGENT, createFakeDesk, type FakeDesk } from '../../test-support/fake-desk.ts';
import { FAKE_TICKET_TYPES } from '../../test-support/fake-ticket-fixtures.ts';
import type { TicketTypeVersion } from './tickets-bridge.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';

/**
 * "重新填写" through the whole renderer over the fake desk (which follows core's rules:
 * fake-tickets.ts): an undeliverable ticket opens as a new form of its type, prefilled —
 * sealed fields as their masks, never plaintext — with every problem shown at once; the
 * undeliverable ticket stays listed until the new one is filed, and goes with it. Keyboard
 * only, in zh-CN and en-US.
 */
const ENVELOPE = { v: 1, alg: 'ECDH-ES-P256+HKDF-SHA256+A256GCM', kid: 'fake-ticket-k1', epk: `BA${'A'.repeat(85)}`, iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(44), hint: '0128' };
/** Refused by the institution: no holder name, not a mobile number. */
const REFUSED = { typeId: 'bank-card-loss', typeVersion: 1, data: { cardNumber: ENVELOPE, idNumber: { ...ENVELOPE, hint: '002X' }, mobile: '12345', lostOn: '2026-11-28', freezeNow: true } };

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

const rows = () => screen.queryAllByTestId('ticket-row');
const field = (name: string) => screen.getByTestId(`ticket-field-${name}`) as HTMLInputElement;

/** Signs the agent in with one ticket the institution refused, and opens it from the list by keyboard. */
async function openRefused(language?: 'en-US', newerVersion = false): Promise<{ fake: FakeDesk; localId: string; user: ReturnType<typeof userEvent.setup> }> {
  const cardLoss = FAKE_TICKET_TYPES.find((x) => x.typeId === 'bank-card-loss') as TicketTypeVersion;
  const fake = createFakeDesk({
    accounts: [AGENT],
    ...(language === undefined ? {} : { settings: { language } }),
    // The admin has added version 2 of the type since the ticket was filed.
    ...(newerVersion ? { tickets: { types: [...FAKE_TICKET_TYPES, { ...cardLoss, version: 2 }] } } : {}),
  });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  const filed = await fake.desk.tickets.submit(REFUSED);
  if (!filed.ok) throw new Error(filed.error.code);
  const localId = filed.value.localId;
  fake.tickets.refuse(localId, [{ pointer: '/data/mobile', code: 'format' }, { pointer: '/data', code: 'required' }], 'bad_request');
  app = await mountApp(fake);
  await settle();
  fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: language === undefined ? '工单' : 'Tickets' }));
  await settle();
  const user = userEvent.setup();
  (rows()[0] as HTMLElement).focus();
  await user.keyboard('{Enter}');
  await settle();
  return { fake, localId, user };
}

describe('tickets: an undeliverable ticket filed again (重新填写)', () => {
  it('opens the prefilled form by keyboard, masks stay masks, problems show at once; filing removes the undeliverable ticket', async () => {
    const { fake, localId, user } = await openRefused();
    expect(screen.getByTestId('ticket-local').textContent).toContain('机构拒绝接收该工单');
    // The heading has the focus; the next stop is 重新填写, then 我已知悉.
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('ticket-refill'));
    expect(document.activeElement?.textContent).toBe('重新填写');
    expect(screen.getByTestId('ticket-refill').getAttribute('aria-describedby')).toBe('ticket-refill-help');
    await user.keyboard('{Enter}');
    await settle();

    expect(screen.getByTestId('ticket-refill-notice').textContent).toContain('正在重新填写一张无法送达的工单');
    expect(screen.getByTestId('ticket-form').dataset['typeId']).toBe('bank-card-loss');
    // Sealed fields come back as their masks (the envelopes, untouched); plain ones as typed.
    expect(field('cardNumber').value).toBe('•••• •••• •••• 0128');
    expect(screen.getByTestId('ticket-field-cardNumber-status').textContent).toContain('已加密');
    expect(screen.queryByTestId('ticket-form-older-version')).toBeNull();
    expect(field('idNumber').value).toContain('002X');
    expect(field('lostOn').value).toBe('2026-11-28');
    expect((screen.getByTestId('ticket-field-freezeNow') as HTMLInputElement).checked).toBe(true);
    // Every problem at once, as the institution found them: the mobile number and the missing name.
    expect(field('mobile').value).toBe('12345');
    expect(screen.getByTestId('ticket-field-mobile-error').textContent).not.toBe('');
    expect(screen.getByTestId('ticket-field-holderName-error').textContent).toBe('请填写此项。');
    // A normal draft of the agent's, holding envelopes only.
    const drafts = await fake.desk.tickets.drafts();
    expect(drafts.ok && drafts.value.drafts.map((d) => d.values['cardNumber'])).toEqual([ENVELOPE]);
    // Until filed, the undeliverable ticket is still the agent's to see.
    const before = await fake.desk.tickets.list({});
    expect(before.ok && before.value.local.map((l) => [l.localId, l.state])).toEqual([[localId, 'undeliverable']]);

    await user.click(field('holderName'));
    await user.keyboard('李四');
    await user.clear(field('mobile'));
    await user.type(field('mobile'), '13800138000');
    await user.tab();
    await settle();
    expect(screen.queryByTestId('ticket-field-mobile-error')).toBeNull();
    field('holderName').focus();
    await user.keyboard('{Enter}');
    await settle();

    // Back on the list: the new ticket waits here; the undeliverable one went with the filing.
    expect(rows().map((r) => r.dataset['state'])).toEqual(['queued']);
    expect(screen.queryByTestId('ticket-outbox-undeliverable')).toBeNull();
    const [delivered] = fake.tickets.deliverAll();
    expect(delivered?.data).toEqual({ ...REFUSED.data, holderName: '李四', mobile: '13800138000' });
  });

  it('closing the refilled form keeps both the draft and the undeliverable ticket; refilling again reopens the same draft', async () => {
    const { fake, user } = await openRefused();
    await user.tab();
    await user.keyboard('{Enter}');
    await settle();
    await user.click(field('holderName'));
    await user.keyboard('王');
    await user.tab();
    await settle();
    fireEvent.click(screen.getByTestId('ticket-form-close'));
    await settle();
    // The list again, the undeliverable row focused (the agent keeps their place).
    expect(rows().map((r) => r.dataset['state'])).toEqual(['undeliverable']);
    expect(document.activeElement).toBe(rows()[0]);
    await user.keyboard('{Enter}');
    await settle();
    fireEvent.click(screen.getByTestId('ticket-refill'));
    await settle();
    expect(field('holderName').value).toBe('王');
    const drafts = await fake.desk.tickets.drafts();
    expect(drafts.ok && drafts.value.drafts).toHaveLength(1);
  });

  it('speaks en-US, and says the refill keeps its form version when the type has a newer one', async () => {
    await openRefused('en-US', true);
    expect(screen.getByTestId('ticket-refill').textContent).toBe('Fill in again');
    expect(screen.getByText(/opens a new ticket of the same type/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('ticket-refill'));
    await settle();
    expect(screen.getByTestId('ticket-refill-notice').textContent).toContain('Filling in again a ticket that could not be delivered');
    expect(screen.getByTestId('ticket-field-holderName-error').textContent).not.toBe('');
    expect(screen.getByTestId('ticket-form-older-version').textContent).toBe(
      'This ticket keeps its form version 1 (the type is now at version 2) so its encrypted fields stay valid; the institution accepts tickets of every version.',
    );
  });

  it('says why when the draft cannot be made (drafts full), and stays on the ticket', async () => {
    const { fake } = await openRefused();
    await act(async () => {
      for (let i = 0; i < TICKET_DRAFTS_MAX_PER_OPERATOR; i++) {
        const saved = await fake.desk.tickets.draftSave({ draftId: `00000000-0000-4000-8000-1${String(i).padStart(11, '0')}`, typeId: 'bank-complaint', typeVersion: 1, values: {}, updatedAt: '2026-11-30T09:00:00.000Z' });
        if (!saved.ok) throw new Error(saved.error.code);
      }
    });
    fireEvent.click(screen.getByTestId('ticket-refill'));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('本机保存的工单草稿已达上限，请先提交或删除部分草稿。');
    expect(screen.queryByTestId('ticket-form')).toBeNull();
    expect(screen.getByTestId('ticket-local')).toBeTruthy();
  });
});
