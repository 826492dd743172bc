import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { KB_IMAGE_MAX_BYTES, KbImageUploadResponse } from '../../contract/kb-api.ts';
import { sniffImageType } from '../../contract/kb-image-bytes.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { testPng } from '../testing/test-png.ts';
import { useTestInstitution } from '../testing/hooks.ts';

const PNG = testPng(4, 3);
/** The first bytes of a JFIF file: what the sniffer looks at. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
/** A RIFF/WEBP container whose declared size matches. */
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([12, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.from([0, 0, 0, 0])]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');

describe('sniffImageType', () => {
  it('knows PNG, JPEG and WebP by their bytes and nothing else', () => {
    expect([sniffImageType(PNG), sniffImageType(JPEG), sniffImageType(WEBP)]).toEqual(['image/png', 'image/jpeg', 'image/webp']);
    for (const bytes of [SVG, Buffer.from('GIF89a......'), PNG.subarray(0, 12), Buffer.from('RIFF\xff\xff\xff\x7fWEBPVP8 ', 'latin1'), Buffer.alloc(0), Buffer.from('<html>')]) {
      expect(sniffImageType(bytes)).toBeNull();
    }
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => void sniffImageType(bytes)));
  });
});

/** Article images over real HTTPS against the demo seed (信用卡 `credit-card` for agents, 保险理赔 `claims` not). */
describe('knowledge-base images API', () => {
  const env = useTestInstitution({}, { admin: true, signIn: ['agent'] });

  const upload = (space: string, bytes: Buffer, type: string, token = env.admin) =>
    env.institution.client.request('POST', `${API_PREFIX}/kb/images?space=${space}`, { token, body: bytes, headers: { 'content-type': type } });
  const fetchImage = (id: string, token = env.agent) => env.institution.client.request('GET', `${API_PREFIX}/kb/images/${id}`, { token, headers: { accept: 'image/*' } });
  const expectError = (response: HttpResponse, status: number, code: string): void => {
    expect(response.status, response.text.slice(0, 300)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };

  it('stores an author’s PNG and serves its bytes to a reader of the space with its type', async () => {
    const created = await upload('credit-card', PNG, 'image/png');
    expect(created.status).toBe(201);
    const image = KbImageUploadResponse.parse(created.json);
    expect(image).toMatchObject({ spaceId: 'credit-card', type: 'image/png', bytes: PNG.length });
    const served = await fetchImage(image.imageId);
    expect(served.status).toBe(200);
    expect(served.bytes.equals(PNG)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(served.headers['cache-control']).toBe('no-store');
  });

  it('gives the same id for the same bytes in the same space (200), a new one in another space', async () => {
    const first = KbImageUploadResponse.parse((await upload('credit-card', WEBP, 'image/webp')).json);
    const again = await upload('credit-card', WEBP, 'image/webp');
    expect(again.status).toBe(200);
    expect(KbImageUploadResponse.parse(again.json).imageId).toBe(first.imageId);
    const elsewhere = await upload('wealth', WEBP, 'image/webp');
    expect(elsewhere.status).toBe(201);
    expect(KbImageUploadResponse.parse(elsewhere.json).imageId).not.toBe(first.imageId);
    expect((await upload('credit-card', JPEG, 'image/jpeg; charset=binary')).status).toBe(201);
  });

  it('hides an image in a space the reader cannot read, like one that does not exist (404)', async () => {
    const claims = KbImageUploadResponse.parse((await upload('claims', testPng(2, 2, [1, 2, 3]), 'image/png')).json);
    expectError(await fetchImage(claims.imageId), 404, 'not_found');
    expect((await fetchImage(claims.imageId, env.admin)).status).toBe(200);
    expectError(await fetchImage('AAAAAAAAAAAAAAAAAAAAAA'), 404, 'not_found');
    expectError(await fetchImage('..%2F..%2Fetc'), 404, 'not_found');
  });

  it('refuses what is not a PNG, JPEG or WebP by its bytes, or not what it claims to be (415)', async () => {
    expectError(await upload('credit-card', SVG, 'image/png'), 415, 'unsupported_media_type');
    expectError(await upload('credit-card', PNG, 'image/jpeg'), 415, 'unsupported_media_type');
    expectError(await upload('credit-card', SVG, 'image/svg+xml'), 415, 'unsupported_media_type');
    expectError(await upload('credit-card', PNG, 'application/octet-stream'), 415, 'unsupported_media_type');
    expectError(await upload('credit-card', Buffer.from(JSON.stringify({ a: 1 })), 'application/json'), 415, 'unsupported_media_type');
  });

  it('refuses an image over the size cap (413), an empty one, an unknown space (404) and a malformed query (400)', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(KB_IMAGE_MAX_BYTES)]);
    expectError(await upload('credit-card', big, 'image/png'), 413, 'payload_too_large');
    expectError(await upload('credit-card', Buffer.alloc(0), 'image/png'), 400, 'bad_request');
    expectError(await upload('nowhere', PNG, 'image/png'), 404, 'not_found');
    expectError(await env.institution.client.request('POST', `${API_PREFIX}/kb/images?space=credit-card&x=1`, { token: env.admin, body: PNG, headers: { 'content-type': 'image/png' } }), 400, 'bad_request');
    expectError(await env.institution.client.request('POST', `${API_PREFIX}/kb/images`, { token: env.admin, body: PNG, headers: { 'content-type': 'image/png' } }), 400, 'bad_request');
  });

  it('lets only authors upload (403 for a reader, 401 without a session) and only signed-in readers fetch', async () => {
    expectError(await upload('credit-card', PNG, 'image/png', env.agent), 403, 'forbidden');
    expectError(await env.institution.client.request('POST', `${API_PREFIX}/kb/images?space=credit-card`, { body: PNG, headers: { 'content-type': 'image/png' } }), 401, 'unauthorized');
    const image = KbImageUploadResponse.parse((await upload('credit-card', PNG, 'image/png')).json);
    expectError(await env.institution.client.request('GET', `${API_PREFIX}/kb/images/${image.imageId}`), 401, 'unauthorized');
  });

  it('answers hostile uploads with a 4xx ApiError, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)), fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([PNG.subarray(0, 16), Buffer.from(b)]))),
        fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/octet-stream', 'text/plain', ''),
        fc.constantFrom('credit-card', 'claims', 'x', '%00', 'CREDIT-CARD'),
        async (bytes, type, space) => {
          const response = await env.institution.client.request('POST', `${API_PREFIX}/kb/images?space=${space}`, { token: env.admin, body: bytes, headers: type === '' ? {} : { 'content-type': type } });
          if (response.status === 200 || response.status === 201) return;
          expect(response.status, response.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(ApiError.safeParse(response.json).success).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
