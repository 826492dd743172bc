import { isCleanLabelText, isCleanName } from '../../contract/clean-text.ts';
import { escapePointer } from '../../contract/ticket-form-schema.ts';
import type { TicketFieldError } from '../../contract/ticket-api.ts';

/** UI-schema keys whose texts are names a desk shows as a field's label or an option's name. */
const UI_NAME_KEYS = new Set(['ui:title', 'ui:enumNames']);
/** Schema keywords whose strings a desk may show: names (titles, enum options) and longer texts. */
const SCHEMA_NAME_KEYS = new Set(['title', 'enum', 'const']);
const SCHEMA_TEXT_KEYS = new Set(['description', 'x-hint']);

type Check = (text: string) => boolean;

/**
 * Every human-visible text of a ticket type definition that hides something (clean-text.ts):
 * field labels and option names (`ui:title`, `ui:enumNames`, schema `title`, string `enum` /
 * `const` values, property names) must be clean names; help, placeholders and descriptions
 * clean texts (line breaks allowed). Each problem is a pointer into the request body with the
 * code `text-not-clean`, like a ticket's own field that is not clean.
 */
export function hiddenCharacterProblems(schema: unknown, uiSchema: unknown): TicketFieldError[] {
  const out: TicketFieldError[] = [];
  const flag = (pointer: string) => {
    if (out.length < 50) out.push({ pointer: pointer.slice(0, 300), code: 'text-not-clean' });
  };
  /** All strings under `node` checked with `check`. */
  const strings = (node: unknown, at: string, check: Check): void => {
    if (typeof node === 'string') {
      if (!check(node)) flag(at);
    } else if (Array.isArray(node)) node.forEach((item, i) => strings(item, `${at}/${i}`, check));
    else if (typeof node === 'object' && node !== null) for (const [k, v] of Object.entries(node)) strings(v, `${at}/${escapePointer(k)}`, check);
  };
  const walkUi = (node: unknown, at: string): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return strings(node, at, isCleanLabelText);
    for (const [key, value] of Object.entries(node)) {
      const here = `${at}/${escapePointer(key)}`;
      if (!isCleanName(key)) flag(here);
      if (UI_NAME_KEYS.has(key)) strings(value, here, isCleanName);
      else walkUi(value, here);
    }
  };
  const walkSchema = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walkSchema(item, `${at}/${i}`));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${at}/${escapePointer(key)}`;
      if (SCHEMA_NAME_KEYS.has(key)) strings(value, here, isCleanName);
      else if (SCHEMA_TEXT_KEYS.has(key)) strings(value, here, isCleanLabelText);
      else if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const [name, child] of Object.entries(value)) {
          const childAt = `${here}/${escapePointer(name)}`;
          if (!isCleanName(name)) flag(childAt);
          walkSchema(child, childAt);
        }
      } else walkSchema(value, here);
    }
  };
  walkSchema(schema, '/schema');
  walkUi(uiSchema, '/uiSchema');
  return out;
}
