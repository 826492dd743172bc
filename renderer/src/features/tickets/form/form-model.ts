import { escapePointer, isJsonObject, type JsonObject } from '../../../../../institution/contract/ticket-form-schema.ts';
import type { Language } from '../../../i18n/translate.ts';

/**
 * The fields of a ticket type version, as the form lays them out: its JSON Schema (what a
 * value must be) read together with its UI schema (`ui:order`; per field `ui:widget`,
 * `ui:title`, `ui:help`, `ui:placeholder`, `ui:enumNames`, texts as `{zh-CN, en-US}`).
 * A widget the schema cannot hold (a checkbox on a string) falls back to the one its type
 * implies, so a careless UI schema never makes a field unusable.
 */

export const WIDGETS = ['text', 'textarea', 'select', 'radio', 'date', 'checkbox', 'card-number', 'id-number', 'phone', 'money'] as const;
export type WidgetName = (typeof WIDGETS)[number] | 'group';

export interface FieldOption {
  value: string | number | boolean;
  label: string;
}

export interface FieldSpec {
  name: string;
  /** JSON pointer of the value in the ticket's data (`/estimatedLoss`). */
  pointer: string;
  schema: JsonObject;
  widget: WidgetName;
  /** The value type: `money` is the `{minor, currency}` object, `group` another object of fields. */
  kind: 'string' | 'integer' | 'number' | 'boolean' | 'money' | 'group';
  required: boolean;
  sensitive: boolean;
  /** `x-hint: last4`: the mask may show the last four characters. */
  hint: boolean;
  title: string;
  help?: string;
  placeholder?: string;
  options?: FieldOption[];
  children?: FieldSpec[];
}

/** Institution text in the user's language: `{zh-CN, en-US}` or one plain string. */
export function uiText(value: unknown, language: Language): string | undefined {
  if (typeof value === 'string') return value;
  if (!isJsonObject(value)) return undefined;
  const text = value[language] ?? value['zh-CN'] ?? value['en-US'];
  return typeof text === 'string' ? text : undefined;
}

const isMoney = (schema: JsonObject): boolean => {
  const p = schema.properties;
  return schema.type === 'object' && isJsonObject(p) && isJsonObject(p.minor) && isJsonObject(p.currency) && Object.keys(p).length === 2;
};

const formatsOf = (schema: JsonObject): string[] => {
  const out = typeof schema.format === 'string' ? [schema.format] : [];
  if (Array.isArray(schema.anyOf)) for (const b of schema.anyOf) if (isJsonObject(b) && typeof b.format === 'string') out.push(b.format);
  return out;
};

function kindOf(schema: JsonObject): FieldSpec['kind'] {
  if (isMoney(schema)) return 'money';
  switch (schema.type) {
    case 'object':
      return 'group';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    default:
      return 'string';
  }
}

/** The widget the type implies (and the only ones each kind accepts from the UI schema). */
function widgetFor(kind: FieldSpec['kind'], schema: JsonObject, asked: unknown): WidgetName {
  if (kind === 'money') return 'money';
  if (kind === 'group') return 'group';
  if (kind === 'boolean') return 'checkbox';
  const hasOptions = Array.isArray(schema.enum);
  if (hasOptions) return asked === 'radio' ? 'radio' : 'select';
  if (kind !== 'string') return 'text';
  const formats = formatsOf(schema);
  const implied: WidgetName = formats.includes('bank-card')
    ? 'card-number'
    : formats.includes('cn-resident-id')
      ? 'id-number'
      : formats.includes('cn-mobile') || formats.includes('cn-landline')
        ? 'phone'
        : formats.includes('date')
          ? 'date'
          : typeof schema.maxLength === 'number' && schema.maxLength > 200
            ? 'textarea'
            : 'text';
  const free = ['text', 'textarea', 'card-number', 'id-number', 'phone'];
  if (typeof asked === 'string' && free.includes(asked) && (implied === 'text' || implied === 'textarea')) return asked as WidgetName;
  if (asked === 'date' && implied === 'date') return 'date';
  return implied;
}

function optionsOf(schema: JsonObject, ui: JsonObject, language: Language): FieldOption[] | undefined {
  if (!Array.isArray(schema.enum)) return undefined;
  const names = Array.isArray(ui['ui:enumNames']) ? ui['ui:enumNames'] : [];
  return schema.enum
    .filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map((value, i) => ({ value, label: uiText(names[i], language) ?? String(value) }));
}

/** The order of an object's properties: `ui:order` first (unknown names skipped), then the rest in schema order. */
function orderOf(properties: JsonObject, ui: JsonObject): string[] {
  const names = Object.keys(properties);
  const asked = Array.isArray(ui['ui:order']) ? ui['ui:order'].filter((n): n is string => typeof n === 'string' && names.includes(n)) : [];
  return [...new Set([...asked, ...names])];
}

export function fieldsOf(schema: JsonObject, uiSchema: JsonObject, language: Language, at = ''): FieldSpec[] {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  return orderOf(properties, uiSchema).flatMap((name): FieldSpec[] => {
    const child = properties[name];
    if (!isJsonObject(child)) return [];
    const ui = isJsonObject(uiSchema[name]) ? uiSchema[name] : {};
    const kind = kindOf(child);
    const pointer = `${at}/${escapePointer(name)}`;
    const help = uiText(ui['ui:help'], language) ?? (typeof child.description === 'string' ? child.description : undefined);
    const placeholder = uiText(ui['ui:placeholder'], language);
    const options = optionsOf(child, ui, language);
    const spec: FieldSpec = {
      name,
      pointer,
      schema: child,
      widget: widgetFor(kind, child, ui['ui:widget']),
      kind,
      required: required.includes(name),
      sensitive: child['x-sensitive'] === true,
      hint: child['x-hint'] === 'last4',
      title: uiText(ui['ui:title'], language) ?? (typeof child.title === 'string' ? child.title : name),
      ...(help === undefined ? {} : { help }),
      ...(placeholder === undefined ? {} : { placeholder }),
      ...(options === undefined ? {} : { options }),
    };
    if (kind === 'group') spec.children = fieldsOf(child, ui, language, pointer);
    return [spec];
  });
}

/** Every field, groups flattened (depth first, in form order). */
export function leavesOf(fields: readonly FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => (f.kind === 'group' ? leavesOf(f.children ?? []) : [f]));
}

/** The field a data pointer belongs to (the longest field pointer that prefixes it). */
export function fieldOfPointer(leaves: readonly FieldSpec[], pointer: string): FieldSpec | undefined {
  let best: FieldSpec | undefined;
  for (const f of leaves) {
    if ((pointer === f.pointer || pointer.startsWith(`${f.pointer}/`)) && (best === undefined || f.pointer.length > best.pointer.length)) best = f;
  }
  return best;
}
