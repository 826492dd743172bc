import type { z } from 'zod';
import { isCleanArticleText } from '../../contract/kb-api.ts';
import { CreateTicketRequest } from '../../contract/ticket-api.ts';
import type { TicketFieldError } from '../../contract/ticket-api.ts';
import type { TicketKeyRing } from './ticket-key.ts';
import type { SealedSlot } from './ticket-schema.ts';
import type { TicketTypes } from './ticket-types.ts';

/**
 * Checks a create body down to its fields, answering every problem as a JSON pointer + code
 * (never a 5xx): the envelope of the request (zod), the type version, the data against the
 * type's wire schema (sealed envelopes: shape, known key id, hint rule), then each sealed
 * field opened with the institution's key — it must authenticate for exactly this type,
 * version and pointer — and the opened values against the admin's schema (formats such as
 * the ID check digit and Luhn). Opened values live only in this function's memory.
 */
export type IntakeResult = { ok: true; request: CreateTicketRequest; complaint: boolean } | { ok: false; fields: TicketFieldError[] };

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function zodFieldErrors(error: z.ZodError): TicketFieldError[] {
  return error.issues.slice(0, 50).map((issue) => {
    const pointer = `${issue.path.map((p) => `/${escape(String(p))}`).join('')}`.slice(0, 300);
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
    return { pointer: keys?.[0] === undefined ? pointer : `${pointer}/${escape(keys[0])}`.slice(0, 300), code: issue.code.slice(0, 64) };
  });
}

function setAt(target: Record<string, unknown>, pointer: string, value: string): void {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = target;
  for (const part of parts.slice(0, -1)) node = (node as Record<string, unknown>)[part];
  const last = parts.at(-1);
  if (last !== undefined) (node as Record<string, unknown>)[last] = value;
}

export async function checkTicketBody(body: unknown, deps: { types: TicketTypes; keys: TicketKeyRing }): Promise<IntakeResult> {
  const parsed = CreateTicketRequest.safeParse(body);
  if (!parsed.success) return { ok: false, fields: zodFieldErrors(parsed.error) };
  const request = parsed.data;
  const found = await deps.types.validatorOf(request.typeId, request.typeVersion);
  if (found === null) return { ok: false, fields: [{ pointer: '/typeVersion', code: 'unknown-type-version' }] };
  if (request.aboutOperatorId !== undefined && !found.type.complaint) return { ok: false, fields: [{ pointer: '/aboutOperatorId', code: 'not-a-complaint' }] };
  const wire = found.compiled.checkWire(request.data, new Set(deps.keys.byKid.keys()));
  if (wire.errors.length > 0) return { ok: false, fields: wire.errors };

  const plain = structuredClone(request.data);
  const sealedErrors: TicketFieldError[] = [];
  for (const slot of wire.sealed) {
    const opened = openSlot(slot, request, deps.keys);
    if (typeof opened === 'string') setAt(plain, slot.pointer, opened);
    else sealedErrors.push(opened);
  }
  if (sealedErrors.length > 0) return { ok: false, fields: sealedErrors };
  const plainErrors = found.compiled.checkPlain(plain);
  if (plainErrors.length > 0) return { ok: false, fields: plainErrors };
  const unclean = uncleanText(plain, '/data');
  if (unclean.length > 0) return { ok: false, fields: unclean };
  return { ok: true, request, complaint: found.type.complaint };
}

/** One sealed field's value, or its field error. Opened values live only in the caller's memory. */
function openSlot(slot: SealedSlot, request: CreateTicketRequest, keys: TicketKeyRing): string | TicketFieldError {
  let value: string;
  try {
    value = keys.open(slot.envelope, { typeId: request.typeId, typeVersion: request.typeVersion, pointer: slot.pointer });
  } catch {
    return { pointer: `/data${slot.pointer}`, code: 'sealed-invalid' };
  }
  // A hint is shown instead of the value: it must be the value's own tail, never free text.
  if (slot.envelope.hint !== undefined && !value.endsWith(slot.envelope.hint)) return { pointer: `/data${slot.pointer}`, code: 'hint-mismatch' };
  return value;
}

/**
 * Every string of the ticket's data (sealed values opened) must be well-formed text without NUL
 * or other control characters, as KB articles and comments: whatever a type's schema allows, a
 * name with NUL or a lone surrogate would break the exports and screens that show it later.
 */
function uncleanText(value: unknown, pointer: string): TicketFieldError[] {
  if (typeof value === 'string') return isCleanArticleText(value) ? [] : [{ pointer, code: 'text-not-clean' }];
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => uncleanText(v, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)).slice(0, 50);
}
