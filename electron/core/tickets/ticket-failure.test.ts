import { describe, expect, it } from 'vitest';
import type { ApiErrorCode } from '../../../institution/contract/api.ts';
import { ApiFailure } from '../api/failure.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { ticketFailure } from './ticket-institution.ts';

/** The institution's ticket refusals in the desk's words (what the processing view explains). */
describe('ticketFailure', () => {
  const http = (status: number, code: ApiErrorCode | null) =>
    new ApiFailure('http', `POST /tickets/x/transition answered ${status}`, { status, code });

  it('a lost compare-and-set (409 ticket_changed) is ticket_changed, any other 409 ticket_conflict', () => {
    const lost = ticketFailure(http(409, 'ticket_changed'));
    expect(lost).toBeInstanceOf(DeskFailure);
    expect((lost as DeskFailure).code).toBe('ticket_changed');
    expect((ticketFailure(http(409, 'conflict')) as DeskFailure).code).toBe('ticket_conflict');
    expect((ticketFailure(http(409, null)) as DeskFailure).code).toBe('ticket_conflict');
  });

  it('keeps 404 and 403 as before, and leaves other failures to the usual mapping', () => {
    expect((ticketFailure(http(404, 'not_found')) as DeskFailure).code).toBe('ticket_not_found');
    expect((ticketFailure(http(403, 'forbidden')) as DeskFailure).code).toBe('permission_denied');
    const timeout = new ApiFailure('timeout', 'POST /tickets/x/transition timed out');
    expect(ticketFailure(timeout)).toBe(timeout);
  });
});
