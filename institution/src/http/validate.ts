import { z } from 'zod';
import { ApiFailure } from '../errors.ts';

const MAX_MESSAGE = 500;

/** Parses a body with its contract schema; failures become 400 bad_request with zod's summary. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const message = z.prettifyError(result.error).replace(/\s+/g, ' ').trim();
  throw new ApiFailure('bad_request', message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message);
}
