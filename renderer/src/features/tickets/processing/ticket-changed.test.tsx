// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';
import { translatorFor, type Language } from '../../../i18n/translate.ts';
import { AGENT, createFakeDesk, TICKET_STAFF, type FakeDesk } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';

/**
 * A processor who lost a race (the institution's compare-and-set answered `ticket_changed`:
 * another processor's change was written first) is told exactly that, in zh-CN and en-US, for
 * a status change, an assignment and an extension — not "the institution refused the
 * assignment", which would send them looking for a permission problem — and the ticket is
 * read again.
 */
const COMPLAINT = { typeId: 'bank-complaint', typeVersion: 1, data: { customerName: '陈先生', category: 'fees', description: '年费重复收取' } };
const lost = async (): Promise<DeskResult<never>> => ({ ok: false, error: { code: 'ticket_changed' } });

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

/** The fake desk, but every ticket change loses its race at the institution. */
function racingDesk(fake: FakeDesk): FakeDesk {
  const tickets = { ...fake.desk.tickets, transition: lost, assign: lost, extend: lost };
  return { ...fake, desk: { ...fake.desk, tickets } };
}

describe.each(['zh-CN', 'en-US'] as const)('a lost ticket race in the processing view (%s)', (language: Language) => {
  const t = translatorFor(language);
  it('says another processor changed the ticket first, for status, assignment and extension, and reads it again', async () => {
    const fake = createFakeDesk({ accounts: [AGENT, TICKET_STAFF], operatorSettings: { ADM01: { language } } });
    await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
    await fake.desk.tickets.submit(COMPLAINT);
    const id = fake.tickets.deliverAll()[0]?.id ?? '';
    await fake.desk.session.logout();
    await fake.desk.session.login({ operatorId: TICKET_STAFF.operator.id, password: TICKET_STAFF.password });
    app = await mountApp(racingDesk(fake));
    await settle();
    fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: t('area.tickets') }));
    await settle();
    fireEvent.click(screen.getAllByTestId('ticket-row').find((r) => r.dataset['ticketId'] === id) as HTMLElement);
    await settle();

    const message = () => screen.getByTestId('ticket-processing-message').textContent;
    const expected = t('error.ticket_changed');
    const reads = () => fake.calls.filter((c) => c.channel === 'tickets.get').length;

    let before = reads();
    fireEvent.click(screen.getByTestId('ticket-action-start'));
    await settle();
    expect(message()).toBe(expected);
    expect(reads()).toBeGreaterThan(before);

    before = reads();
    fireEvent.click(screen.getByTestId('ticket-assign-me'));
    await settle();
    expect(message()).toBe(expected);
    expect(message()).not.toBe(t('tickets.conflict.assign'));
    expect(reads()).toBeGreaterThan(before);

    fireEvent.change(screen.getByTestId('ticket-extend-reason'), { target: { value: '需调取通话录音' } });
    fireEvent.click(screen.getByTestId('ticket-extend-submit'));
    await settle();
    expect(message()).toBe(expected);
  });
});
