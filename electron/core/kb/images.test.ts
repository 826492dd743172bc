/* eslint-disable no-restricted-imports -- test support only: the real institution's test PNG builder */
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { KbImageUploadResponse } from '../../../institution/contract/kb-api.ts';
import { testPng } from '../../../institution/src/testing/test-png.ts';
import type { KbImageData } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { ApiFailure } from '../api/failure.ts';
import type { DeskCore } from '../desk-core.ts';
import { eventually } from '../desk-core.harness.ts';
import { useTestInstitution } from '../desk-core.hooks.ts';
import { createKbImageHandlers } from './images.ts';

const PNG = testPng(3, 2);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const ID = 'AbCdEfGhIjKlMnOpQrStUv';

/** The handler alone, with an institution that answers what the test says (a lying or broken one). */
function handlerAnswering(answer: () => Promise<{ contentType: string | undefined; bytes: Buffer }>, channel: 'kb.image' | 'kb.author-image' = 'kb.image') {
  return createKbImageHandlers({
    client: { kbImage: async () => answer() },
    session: { withAccessToken: async (call) => call('token') },
  })[channel];
}

describe('kb.image handler', () => {
  it('hands over the bytes as base64 with the type the bytes are', async () => {
    const image = await handlerAnswering(async () => ({ contentType: 'image/png', bytes: PNG }))({ imageId: ID });
    expect(image).toEqual({ mime: 'image/png', base64: PNG.toString('base64') });
    // Authors' previews (kb.author-image) get the same answer through the same checks.
    expect(await handlerAnswering(async () => ({ contentType: 'image/png', bytes: PNG }), 'kb.author-image')({ imageId: ID })).toEqual(image);
    await expect(handlerAnswering(async () => ({ contentType: 'image/svg+xml', bytes: SVG }), 'kb.author-image')({ imageId: ID })).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('refuses an answer whose bytes are not the declared image type, or no image at all', async () => {
    for (const answer of [
      { contentType: 'image/svg+xml', bytes: SVG },
      { contentType: 'image/png', bytes: SVG },
      { contentType: 'image/jpeg', bytes: PNG },
      { contentType: undefined, bytes: PNG },
      { contentType: 'text/html', bytes: Buffer.from('<script>alert(1)</script>') },
    ]) {
      await expect(handlerAnswering(async () => answer)({ imageId: ID })).rejects.toMatchObject({ kind: 'bad-response' });
    }
  });

  it('says kb_not_found for an image the institution does not show this operator', async () => {
    const notFound = handlerAnswering(async () => {
      throw new ApiFailure('http', 'GET /kb/images/{imageId} failed with HTTP 404 (not_found)', { status: 404, code: 'not_found' });
    });
    await expect(notFound({ imageId: ID })).rejects.toEqual(new DeskFailure('kb_not_found'));
  });
});

/** Through the whole core against the real institution: an author's upload reaches an agent as bytes. */
const env = useTestInstitution({}, { admin: true });

function uploadAsAuthor(space: string, bytes: Buffer): Promise<KbImageUploadResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${env.institution.server.url}/api/v1/kb/images?space=${space}`,
      { method: 'POST', ca: env.institution.server.caCertPem, headers: { authorization: `Bearer ${env.admin}`, 'content-type': 'image/png', 'content-length': String(bytes.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve(KbImageUploadResponse.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')))));
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

async function signedInAgent(): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId: 'WS-KB-IMG', register: true, log: () => undefined });
  await eventually(async () => {
    const info = await core.dispatch('session.info', undefined);
    return info.ok && (info.value as { enrollment: string }).enrollment === 'enrolled' ? true : undefined;
  }, 'workstation enrolled');
  const login = await core.dispatch('session.login', { operatorId: 'A1001', password: 'Agent#2026' });
  expect(login.ok, JSON.stringify(login)).toBe(true);
  return core;
}

describe('kb.image through core (real institution)', () => {
  it('gives an agent the bytes of an image in a space they read, kb_not_found in one they do not, bad_request for a malformed id', async () => {
    const cards = await uploadAsAuthor('credit-card', PNG);
    const claims = await uploadAsAuthor('claims', testPng(5, 5, [200, 10, 10]));
    const core = await signedInAgent();
    const shown = await core.dispatch('kb.image', { imageId: cards.imageId });
    expect(shown).toEqual({ ok: true, value: { mime: 'image/png', base64: PNG.toString('base64') } satisfies KbImageData });
    expect(await core.dispatch('kb.image', { imageId: claims.imageId })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
    expect(await core.dispatch('kb.image', { imageId: '../../etc/passwd' })).toEqual({ ok: false, error: { code: 'bad_request' } });
  });
});
