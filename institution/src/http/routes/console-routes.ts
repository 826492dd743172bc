import { API_PREFIX, ConsoleLoginRequest } from '../../../contract/api.ts';
import type { LoginResponse } from '../../../contract/api.ts';
import { burnPasswordCheck } from '../../auth/password.ts';
import { consolePermissions, isConsoleAccount } from '../../auth/permissions.ts';
import { ApiFailure } from '../../errors.ts';
import { findOperator, parseRoles, toOperator } from '../../operators/operator-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { parseBody } from '../validate.ts';

/**
 * `POST /auth/console-login`: institution staff (admins) at the institution's own tools,
 * which are not outsourcer workstations and hold no workstation key. Only accounts whose
 * every role is a console role may use it. Any other account is answered exactly like an
 * unknown operator (after the same scrypt work), without looking at its password or
 * counting anything: a call-handling account cannot be signed in, probed or locked out
 * from here. For console accounts, failures count towards the lockout as usual.
 */
export function registerConsoleRoutes(app: HttpsApp, ctx: AppContext): void {
  app.post(`${API_PREFIX}/auth/console-login`, async (request): Promise<LoginResponse> => {
    const body = parseBody(ConsoleLoginRequest, request.body);
    const account = await findOperator(ctx.handle.db, body.operatorId);
    if (account === undefined || !isConsoleAccount(parseRoles(account.roles))) {
      await burnPasswordCheck(ctx.scrypt);
      throw new ApiFailure('invalid_credentials', 'operator id or password is wrong');
    }
    const row = await ctx.credentials.check({ operatorId: body.operatorId, password: body.password, totp: body.totp, checkTotp: true });
    const { tokens } = await ctx.sessions.issue(row.id, null);
    const { minProfileSerial } = await ctx.settings.read();
    return { ...tokens, operator: { ...toOperator(row), permissions: consolePermissions(parseRoles(row.roles)) }, minProfileSerial };
  });
}
