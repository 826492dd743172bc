import { z } from 'zod';
import { API_PREFIX, OperatorId } from '../../../contract/api.ts';
import type { StaffActionPage } from '../../../contract/api.ts';
import { createStaffActionLog, MAX_STAFF_ACTION_PAGE } from '../../audit/staff-actions.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requirePermission } from '../guards.ts';
import { parseBody } from '../validate.ts';

const PositiveInteger = z.string().regex(/^[1-9][0-9]{0,9}$/, 'a positive integer').transform(Number);

/** `?limit=&before=&operatorId=` (query values arrive as strings). */
const StaffActionQuery = z
  .object({
    limit: PositiveInteger.pipe(z.number().max(MAX_STAFF_ACTION_PAGE)).optional(),
    before: PositiveInteger.optional(),
    operatorId: OperatorId.optional(),
  })
  .strict();

/** `GET /admin/audit/staff-actions`: the institution-wide log of staff actions, for auditors (audit.read). */
export function registerStaffActionRoutes(app: HttpsApp, ctx: AppContext): void {
  const log = createStaffActionLog({ db: ctx.handle.db, now: ctx.now });
  app.get(`${API_PREFIX}/admin/audit/staff-actions`, async (request): Promise<StaffActionPage> => {
    await requirePermission(ctx, request, 'audit.read');
    return log.page(parseBody(StaffActionQuery, request.query ?? {}));
  });
}
