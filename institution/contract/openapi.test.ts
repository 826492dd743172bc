import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import * as api from './api.ts';
import * as audit from './audit.ts';
import { canonicalJson } from './canonical-json.ts';
import * as siteProfile from './site-profile.ts';

/**
 * openapi.yaml and the zod schemas describe the same bodies. Both are reduced to a
 * "shape" (types, property names, required names, enum values, patterns, nesting) and
 * compared, so renaming, adding or retyping a property on one side only fails here.
 */
type JsonSchema = { [key: string]: unknown };

interface Shape {
  types: string[];
  enum?: string[];
  pattern?: string;
  properties?: Record<string, Shape>;
  required?: string[];
  closed?: boolean;
  items?: Shape;
  values?: Shape;
  keys?: Shape;
  variants?: Shape[];
}

const openapi = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'), { strict: true, uniqueKeys: true }) as {
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema> };
};

function resolver(doc: typeof openapi) {
  return (ref: string): JsonSchema => {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : doc.components.schemas[name];
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return target;
  };
}

const isPlain = (s: Shape): boolean => s.properties === undefined && s.items === undefined && s.values === undefined && s.variants === undefined;

function normalize(schema: JsonSchema, resolve: (ref: string) => JsonSchema): Shape {
  if (typeof schema.$ref === 'string') return normalize(resolve(schema.$ref), resolve);
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives !== undefined) {
    const shapes = alternatives.map((a) => normalize(a, resolve));
    const nullable = shapes.some((s) => s.types.length === 1 && s.types[0] === 'null' && isPlain(s));
    const others = shapes.filter((s) => !(s.types.length === 1 && s.types[0] === 'null' && isPlain(s)));
    const withNull = (types: string[]): string[] => [...new Set([...types, ...(nullable ? ['null'] : [])])].sort();
    if (others.length === 1 && others[0] !== undefined) return { ...others[0], types: withNull(others[0].types) };
    if (others.every(isPlain) && others.every((s) => s.enum === undefined)) return { types: withNull(others.flatMap((s) => s.types)) };
    return { types: withNull([]), variants: others.sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b))) };
  }
  const shape: Shape = { types: [] };
  const type = schema.type;
  shape.types = (Array.isArray(type) ? type : type === undefined ? [] : [type]).map(String);
  // zod types `z.literal(1)` as number; an integer constant is an integer on both sides.
  if (Number.isInteger(schema.const)) shape.types = shape.types.map((t) => (t === 'number' ? 'integer' : t));
  shape.types.sort();
  const values = Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : undefined;
  if (values !== undefined) shape.enum = values.map((v) => JSON.stringify(v)).sort();
  // zod's date-time regex is generated; `format: date-time` stands for it.
  if (typeof schema.pattern === 'string' && schema.format !== 'date-time') shape.pattern = schema.pattern;
  if (schema.properties !== undefined || shape.types.includes('object')) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    shape.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, normalize(v, resolve)]));
    shape.required = [...((schema.required as string[] | undefined) ?? [])].sort();
    shape.closed = schema.additionalProperties === false;
    if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
      shape.values = normalize(schema.additionalProperties as JsonSchema, resolve);
    }
    if (typeof schema.propertyNames === 'object' && schema.propertyNames !== null) shape.keys = normalize(schema.propertyNames as JsonSchema, resolve);
  }
  if (typeof schema.items === 'object' && schema.items !== null) shape.items = normalize(schema.items as JsonSchema, resolve);
  return shape;
}

/** Human-readable differences between two shapes (empty = same). */
function diff(a: Shape | undefined, b: Shape | undefined, at: string): string[] {
  if (a === undefined || b === undefined) return a === b ? [] : [`${at}: present only in ${a === undefined ? 'openapi' : 'zod'}`];
  const out: string[] = [];
  const same = (x: unknown, y: unknown): boolean => canonicalJson(x ?? null) === canonicalJson(y ?? null);
  if (!same(a.types, b.types)) out.push(`${at}: type zod=${a.types.join('|')} openapi=${b.types.join('|')}`);
  if (!same(a.enum, b.enum)) out.push(`${at}: values zod=${a.enum?.join(',')} openapi=${b.enum?.join(',')}`);
  if (!same(a.pattern, b.pattern)) out.push(`${at}: pattern zod=${a.pattern} openapi=${b.pattern}`);
  if (!same(a.required, b.required)) out.push(`${at}: required zod=[${a.required}] openapi=[${b.required}]`);
  if (a.closed !== b.closed) out.push(`${at}: additionalProperties:false zod=${a.closed} openapi=${b.closed}`);
  const names = new Set([...Object.keys(a.properties ?? {}), ...Object.keys(b.properties ?? {})]);
  for (const name of [...names].sort()) out.push(...diff(a.properties?.[name], b.properties?.[name], `${at}.${name}`));
  out.push(...diff(a.items, b.items, `${at}[]`), ...diff(a.values, b.values, `${at}{value}`), ...diff(a.keys, b.keys, `${at}{key}`));
  if ((a.variants?.length ?? 0) !== (b.variants?.length ?? 0)) out.push(`${at}: ${a.variants?.length ?? 0} zod variants, ${b.variants?.length ?? 0} in openapi`);
  else a.variants?.forEach((v, i) => out.push(...diff(v, b.variants?.[i], `${at}<${i}>`)));
  return out;
}

function compare(doc: typeof openapi, name: string, schema: z.ZodType): string[] {
  const component = doc.components.schemas[name];
  if (component === undefined) return [`components.schemas.${name} is missing from openapi.yaml`];
  const fromZod = normalize(z.toJSONSchema(schema) as JsonSchema, () => {
    throw new Error('zod output has no $ref');
  });
  return diff(fromZod, normalize(component, resolver(doc)), name);
}

/** Every zod schema the three contract modules export, by export name. */
const zodSchemas: [string, z.ZodType][] = ([...Object.entries(api), ...Object.entries(siteProfile), ...Object.entries(audit)] as [string, unknown][]).filter(
  (entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType,
);
/** openapi-only building blocks, used through $ref inside checked schemas. */
const OPENAPI_HELPERS = new Set(['Base64', 'Sha256Hex']);

describe('openapi.yaml matches the zod contract', () => {
  it('covers every exported schema', () => {
    expect(zodSchemas.length).toBeGreaterThan(25);
    const components = Object.keys(openapi.components.schemas).filter((n) => !OPENAPI_HELPERS.has(n)).sort();
    expect(components).toEqual(zodSchemas.map(([n]) => n).sort());
  });

  it.each(zodSchemas)('%s has the same shape in both', (name, schema) => {
    expect(compare(openapi, name, schema)).toEqual([]);
  });

  it('the comparison fails on drift (a renamed, retyped, dropped or extra property)', () => {
    const mutated = structuredClone(openapi);
    const login = mutated.components.schemas.LoginRequest as { properties: Record<string, unknown>; required: string[] };
    login.properties.operatorID = login.properties.operatorId;
    delete login.properties.operatorId;
    login.required = login.required.map((r) => (r === 'operatorId' ? 'operatorID' : r));
    expect(compare(mutated, 'LoginRequest', api.LoginRequest).join('\n')).toMatch(/operatorI[dD]: present only in/);

    const policy = mutated.components.schemas.Policy as { properties: Record<string, JsonSchema> };
    policy.properties.watermark = { type: 'string' };
    expect(compare(mutated, 'MeResponse', api.MeResponse)).toContain('MeResponse.policy.watermark: type zod=boolean openapi=string');

    expect(compare(openapi, 'TokenPair', api.TokenPair.extend({ scope: z.string() }))).toContain('TokenPair.scope: present only in zod');
    expect(compare(openapi, 'Operator', api.Operator.partial())).toEqual([expect.stringMatching(/^Operator: required zod=\[\] openapi=/)]);
    expect(compare(openapi, 'Role', z.enum(['agent', 'supervisor', 'admin']))).toHaveLength(1);
    expect(compare(openapi, 'OperatorId', z.string())).toHaveLength(1);
  });
});

/** Which component each endpoint's request and responses use. */
const WIRING: [string, string, string | null, Record<string, string | null>][] = [
  ['/admin/updates/artifacts/{sha512}', 'put', null, { '201': 'ArtifactReceipt', '400': 'ApiError', '403': 'ApiError', '413': 'ApiError', '415': 'ApiError' }],
  ['/admin/updates/releases', 'get', null, { '200': 'ReleaseList', '403': 'ApiError' }],
  ['/admin/updates/releases', 'post', 'PublishReleaseRequest', { '201': 'ReleaseSummary', '400': 'ApiError', '403': 'ApiError', '409': 'ApiError' }],
  ['/admin/updates/releases/{channel}/{version}', 'patch', 'UpdateRolloutRequest', { '200': 'ReleaseSummary', '404': 'ApiError' }],
  ['/admin/updates/groups/{name}', 'put', 'SetGroupRequest', { '204': null, '403': 'ApiError' }],
  ['/updates/check', 'get', null, { '200': 'UpdateCheckResponse', '400': 'ApiError', '429': 'ApiError' }],
  ['/updates/artifacts/{sha512}', 'get', null, { '200': null, '206': null, '404': 'ApiError', '416': null }],
  ['/updates/artifacts/{sha512}', 'head', null, { '200': null, '206': null, '404': null, '416': null }],
  ['/updates/results', 'post', 'UpdateResultRequest', { '204': null, '400': 'ApiError', '403': 'ApiError' }],
  ['/health', 'get', null, { '200': 'HealthResponse' }],
  ['/site-profile', 'get', null, { '200': 'SignedSiteProfile' }],
  ['/auth/challenge', 'post', 'ChallengeRequest', { '200': 'ChallengeResponse', '403': 'ApiError', '429': 'ApiError' }],
  ['/auth/login', 'post', 'LoginRequest', { '200': 'LoginResponse', '401': 'ApiError', '403': 'ApiError', '423': 'ApiError', '429': 'ApiError' }],
  ['/auth/console-login', 'post', 'ConsoleLoginRequest', { '200': 'LoginResponse', '401': 'ApiError', '423': 'ApiError', '429': 'ApiError' }],
  ['/auth/refresh', 'post', 'RefreshRequest', { '200': 'TokenPair', '401': 'ApiError', '403': 'ApiError', '429': 'ApiError' }],
  ['/auth/logout', 'post', null, { '204': null, '401': 'ApiError' }],
  ['/auth/reauthenticate', 'post', 'ReauthenticateRequest', { '204': null, '401': 'ApiError', '403': 'ApiError' }],
  ['/me', 'get', null, { '200': 'MeResponse' }],
  ['/workstations/enroll', 'post', 'EnrollWorkstationRequest', { '200': 'EnrollWorkstationResponse', '201': 'EnrollWorkstationResponse', '403': 'ApiError', '409': 'ApiError' }],
  ['/audit/events', 'post', 'AuditBatchRequest', { '200': 'AuditBatchResponse', '403': 'ApiError' }],
  ['/workstations/anchor', 'post', 'AnchorRequest', { '200': 'AnchorResponse', '401': 'ApiError', '403': 'ApiError' }],
  ['/events', 'get', null, { '200': 'PushEvent', '429': 'ApiError' }],
  ['/admin/operators', 'post', 'CreateOperatorRequest', { '201': 'Operator', '409': 'ApiError' }],
  ['/admin/operators/{id}', 'patch', 'UpdateOperatorRequest', { '200': 'Operator', '404': 'ApiError' }],
  ['/admin/workstations', 'post', 'RegisterWorkstationRequest', { '201': 'RegisterWorkstationResponse', '409': 'ApiError' }],
  ['/admin/policy', 'put', 'UpdatePolicyRequest', { '200': 'Policy' }],
  ['/admin/audit/workstations/{id}', 'get', null, { '200': 'AuditWorkstationStatus', '404': 'ApiError' }],
  ['/admin/audit/workstations/{id}/server-events', 'get', null, { '200': 'ServerEventPage', '404': 'ApiError' }],
  ['/admin/audit/staff-actions', 'get', null, { '200': 'StaffActionPage', '400': 'ApiError', '403': 'ApiError' }],
  ['/phone/credentials', 'post', null, { '200': 'SipCredentialsResponse', '403': 'ApiError', '404': 'ApiError' }],
  ['/phone/state', 'put', 'AgentStateReport', { '204': null, '400': 'ApiError', '403': 'ApiError', '409': 'ApiError' }],
  ['/phone/codes', 'get', null, { '200': 'PhoneCodes', '403': 'ApiError' }],
  ['/admin/phone/states', 'get', null, { '200': 'AgentStatesResponse', '403': 'ApiError' }],
  ['/phone/callers/lookup', 'post', 'CallerLookupRequest', { '200': 'CallerLookupResponse', '400': 'ApiError', '401': 'ApiError', '403': 'ApiError', '413': 'ApiError', '429': 'ApiError' }],
  ['/phone/calls', 'post', 'CallRecord', { '200': 'CallRecordReceipt', '400': 'ApiError', '403': 'ApiError', '409': 'ApiError', '413': 'ApiError' }],
  ['/admin/phone/calls', 'get', null, { '200': 'CallRecordsResponse', '403': 'ApiError' }],
  ['/kb/spaces', 'get', null, { '200': 'KbSpacesResponse', '401': 'ApiError', '403': 'ApiError' }],
  ['/kb/spaces', 'post', 'KbCreateSpaceRequest', { '201': 'KbSpace', '400': 'ApiError', '403': 'ApiError', '409': 'ApiError' }],
  ['/kb/spaces/{id}/read-roles', 'put', 'KbSpaceRolesRequest', { '200': 'KbSpace', '400': 'ApiError', '403': 'ApiError', '404': 'ApiError' }],
  ['/kb/search', 'get', null, { '200': 'KbSearchResponse', '400': 'ApiError', '403': 'ApiError', '404': 'ApiError' }],
  ['/kb/spaces/{id}/articles', 'get', null, { '200': 'KbAuthorArticlesResponse', '403': 'ApiError', '404': 'ApiError' }],
  ['/kb/mandatory', 'get', null, { '200': 'KbMandatoryResponse', '403': 'ApiError' }],
  ['/kb/articles', 'post', 'KbCreateArticleRequest', { '201': 'KbVersion', '400': 'ApiError', '403': 'ApiError', '404': 'ApiError', '413': 'ApiError' }],
  ['/kb/articles/{id}', 'get', null, { '200': 'KbVersion', '404': 'ApiError' }],
  ['/kb/articles/{id}/versions', 'get', null, { '200': 'KbVersionHistory', '403': 'ApiError', '404': 'ApiError' }],
  ['/kb/articles/{id}/versions', 'post', 'KbEditArticleRequest', { '201': 'KbVersion', '400': 'ApiError', '403': 'ApiError', '409': 'ApiError', '413': 'ApiError' }],
  ['/kb/articles/{id}/publish', 'post', 'KbVersionRequest', { '200': 'KbVersion', '403': 'ApiError', '409': 'ApiError' }],
  ['/kb/articles/{id}/retire', 'post', 'KbVersionRequest', { '200': 'KbVersion', '403': 'ApiError', '409': 'ApiError' }],
  ['/kb/articles/{id}/acknowledge', 'post', 'KbVersionRequest', { '204': null, '403': 'ApiError', '409': 'ApiError' }],
  ['/kb/articles/{id}/unread', 'get', null, { '200': 'KbUnreadResponse', '403': 'ApiError', '409': 'ApiError' }],
  ['/kb/images', 'post', null, { '200': 'KbImageUploadResponse', '201': 'KbImageUploadResponse', '400': 'ApiError', '403': 'ApiError', '404': 'ApiError', '413': 'ApiError', '415': 'ApiError' }],
  ['/kb/images/{imageId}', 'get', null, { '200': null, '404': 'ApiError' }],
  ['/tickets/types', 'get', null, { '200': 'TicketTypesResponse', '403': 'ApiError' }],
  ['/tickets/types', 'post', 'CreateTicketTypeRequest', { '201': 'TicketTypeVersion', '400': 'TicketValidationError', '403': 'ApiError', '409': 'ApiError' }],
  ['/tickets/types/{typeId}/versions', 'get', null, { '200': 'TicketTypeVersionsResponse', '404': 'ApiError' }],
  ['/tickets/types/{typeId}/versions', 'post', 'CreateTicketTypeVersionRequest', { '201': 'TicketTypeVersion', '400': 'TicketValidationError', '403': 'ApiError', '404': 'ApiError' }],
  ['/tickets/types/{typeId}/versions/{version}', 'get', null, { '200': 'TicketTypeVersion', '404': 'ApiError' }],
  ['/tickets/filing-session', 'get', null, { '200': 'FilingSessionResponse', '403': 'ApiError' }],
  ['/tickets', 'get', null, { '200': 'TicketsResponse', '400': 'TicketValidationError', '403': 'ApiError' }],
  ['/tickets', 'post', 'CreateTicketRequest', { '200': 'TicketReceipt', '201': 'TicketReceipt', '400': 'TicketValidationError', '409': 'ApiError', '413': 'ApiError' }],
  ['/tickets/batch', 'post', 'TicketBatchRequest', { '200': 'TicketBatchResponse', '400': 'TicketValidationError', '413': 'ApiError' }],
  ['/tickets/{id}', 'get', null, { '200': 'Ticket', '404': 'ApiError' }],
  ['/tickets/{id}/history', 'get', null, { '200': 'TicketHistoryResponse', '404': 'ApiError' }],
  ['/tickets/{id}/assignees', 'get', null, { '200': 'TicketAssigneesResponse', '403': 'ApiError', '404': 'ApiError' }],
  ['/tickets/{id}/comments', 'get', null, { '200': 'TicketCommentsResponse', '404': 'ApiError' }],
  ['/tickets/{id}/comments', 'post', 'TicketCommentRequest', { '201': 'TicketComment', '400': 'ApiError', '404': 'ApiError' }],
  ['/tickets/{id}/transition', 'post', 'TicketTransitionRequest', { '200': 'Ticket', '403': 'ApiError', '409': 'ApiError' }],
  ['/tickets/{id}/assign', 'post', 'TicketAssignRequest', { '200': 'Ticket', '403': 'ApiError', '409': 'ApiError' }],
  ['/tickets/{id}/extend', 'post', 'ComplaintExtendRequest', { '200': 'Ticket', '403': 'ApiError', '409': 'ApiError' }],
  ['/tickets/{id}/reveal', 'post', 'TicketRevealRequest', { '200': 'TicketRevealResponse', '403': 'ApiError', '404': 'ApiError' }],
];

function refOfContent(node: unknown, doc: typeof openapi): string | null {
  let current = node as JsonSchema | undefined;
  if (typeof current?.$ref === 'string' && current.$ref.startsWith('#/components/responses/')) {
    current = (doc as unknown as { components: { responses: Record<string, JsonSchema> } }).components.responses[current.$ref.split('/').pop() ?? ''];
  }
  const content = current?.content as Record<string, { schema?: { $ref?: string } }> | undefined;
  const ref = content === undefined ? undefined : Object.values(content)[0]?.schema?.$ref;
  return ref === undefined ? null : (ref.split('/').pop() ?? null);
}

describe('openapi.yaml endpoints', () => {
  it('lists exactly the wired endpoints', () => {
    const listed = Object.entries(openapi.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(listed.sort()).toEqual(WIRING.map(([path, method]) => `${method} ${path}`).sort());
  });

  it.each(WIRING)('%s %s uses the right bodies', (path, method, request, responses) => {
    const operation = openapi.paths[path]?.[method] as { requestBody?: unknown; responses: Record<string, unknown> };
    expect(refOfContent(operation.requestBody, openapi)).toBe(request);
    for (const [status, schema] of Object.entries(responses)) {
      expect(operation.responses[status], `${method} ${path} ${status}`).toBeDefined();
      expect(refOfContent(operation.responses[status], openapi)).toBe(schema);
    }
  });
});
