import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { ApiError, TicketValidationError } from '../../../institution/contract/api.ts';
import { ApiFailure } from './failure.ts';

/**
 * Turns a raw HTTP answer into a typed value or a typed failure. Bodies are validated
 * against the wire contract and never quoted in messages (they may carry operator data).
 */
function isJson(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && /^application\/([a-z0-9.+-]*\+)?json\b/i.test(type.trim());
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfterHeader(headers: IncomingHttpHeaders): number | null {
  const value = headers['retry-after'];
  return typeof value === 'string' && /^\d{1,7}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** A non-2xx answer as an ApiFailure carrying the contract's error code when the body has one. */
export function httpFailure(label: string, status: number, headers: IncomingHttpHeaders, body: Buffer): ApiFailure {
  const json = isJson(headers) ? parseJson(body) : undefined;
  // A ticket refused for its body names each field (pointer + code); ApiError is strict and would not match it.
  const ticket = status === 400 ? TicketValidationError.safeParse(json) : undefined;
  if (ticket?.success) {
    return new ApiFailure('http', `${label} failed with HTTP 400 (bad_request, ${ticket.data.error.fields.length} fields)`, { status, code: 'bad_request', fields: ticket.data.error.fields });
  }
  const parsed = json === undefined ? undefined : ApiError.safeParse(json);
  const error = parsed?.success ? parsed.data.error : undefined;
  const code = error?.code ?? null;
  return new ApiFailure('http', `${label} failed with HTTP ${status}${code === null ? '' : ` (${code})`}`, {
    status,
    code,
    retryAfterSeconds: error?.retryAfterSeconds ?? retryAfterHeader(headers),
  });
}

/** The body of a 2xx answer, validated; anything off-contract is `bad-response`. */
export function contractBody<S extends z.ZodType>(label: string, status: number, headers: IncomingHttpHeaders, body: Buffer, schema: S): z.infer<S> {
  if (!isJson(headers)) throw new ApiFailure('bad-response', `${label}: response is not JSON`, { status });
  const json = parseJson(body);
  if (json === undefined) throw new ApiFailure('bad-response', `${label}: response is not valid JSON`, { status });
  const result = schema.safeParse(json);
  if (!result.success) {
    // Paths only: zod messages can echo received values.
    const paths = result.error.issues.map((issue) => issue.path.join('.') || '(root)').slice(0, 5);
    throw new ApiFailure('bad-response', `${label}: response does not match the contract at ${paths.join(', ')}`, { status });
  }
  return result.data;
}
