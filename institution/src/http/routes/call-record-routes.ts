import { z } from 'zod';
import { API_PREFIX, CallRecord, OperatorId } from '../../../contract/api.ts';
import type { CallRecordReceipt, CallRecordsResponse } from '../../../contract/api.ts';
import { ApiFailure } from '../../errors.ts';
import { createCallRecordStore, MAX_CALL_RECORD_PAGE } from '../../phone/call-records.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession, sessionPermissions } from '../guards.ts';
import { parseBody } from '../validate.ts';
import { requireWorkstationPermission } from './phone-routes.ts';

/** A record is a few hundred bytes (32 state steps at most): anything near this is not one. */
export const CALL_RECORD_BODY_LIMIT = 16 * 1024;

const ListQuery = z
  .object({
    operatorId: OperatorId.optional(),
    limit: z
      .string()
      .regex(/^[1-9][0-9]{0,3}$/, 'a positive integer')
      .transform(Number)
      .pipe(z.number().max(MAX_CALL_RECORD_PAGE))
      .optional(),
  })
  .strict();

/**
 * Call records: the desk's outbox delivers each call's metadata once wrap-up is over
 * (`POST /phone/calls`, idempotent by operator + call id); supervisors and administrators
 * read them (`GET /admin/phone/calls`).
 */
export function registerCallRecordRoutes(app: HttpsApp, ctx: AppContext): void {
  const records = createCallRecordStore({ handle: ctx.handle, now: ctx.now });

  app.post(`${API_PREFIX}/phone/calls`, { bodyLimit: CALL_RECORD_BODY_LIMIT }, async (request): Promise<CallRecordReceipt> => {
    const caller = await requireWorkstationPermission(ctx, request, 'calls.handle');
    const record = parseBody(CallRecord, request.body);
    // A desk records its own operator's calls only: the token says who that is.
    if (record.operatorId !== caller.operator.id) throw new ApiFailure('forbidden', 'a call record belongs to the operator of the session');
    if (Date.parse(record.endedAt) < Date.parse(record.startedAt)) throw new ApiFailure('bad_request', 'endedAt is before startedAt');
    if (record.disposition !== null && !(await ctx.phone.codes()).dispositions.some((d) => d.code === record.disposition)) {
      throw new ApiFailure('bad_request', 'disposition is not one of the institution’s dispositions');
    }
    const outcome = await records.store(caller.workstationId, record);
    if (outcome.kind === 'conflict') throw new ApiFailure('conflict', 'another record with this call id is already stored for this operator');
    return outcome.receipt;
  });

  // Supervisors watch their floor; administrators (console) see it too — like the states view.
  app.get(`${API_PREFIX}/admin/phone/calls`, async (request): Promise<CallRecordsResponse> => {
    const caller = await requireSession(ctx, request);
    const granted = sessionPermissions(caller);
    if (!granted.includes('supervision.monitor') && !granted.includes('operators.manage')) {
      throw new ApiFailure('forbidden', 'permission supervision.monitor or operators.manage is required');
    }
    const query = parseBody(ListQuery, request.query ?? {});
    return { calls: await records.list({ ...(query.operatorId === undefined ? {} : { operatorId: query.operatorId }), limit: query.limit ?? 100 }) };
  });
}
