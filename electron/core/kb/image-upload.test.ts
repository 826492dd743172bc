/* eslint-disable no-restricted-imports -- test support only: the real institution's test PNG builder */
import { describe, expect, it } from 'vitest';
import { KB_IMAGE_MAX_BYTES, type KbImageUploadResponse } from '../../../institution/contract/kb-api.ts';
import { testPng } from '../../../institution/src/testing/test-png.ts';
import { DeskFailure, type DeskResult } from '../../contract/errors.ts';
import { ApiFailure } from '../api/failure.ts';
import type { DeskCore } from '../desk-core.ts';
import { eventually } from '../desk-core.harness.ts';
import { useTestInstitution } from '../desk-core.hooks.ts';
import { createKbImageUploadHandlers } from './image-upload.ts';

const PNG = testPng(4, 3);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const ID = 'AbCdEfGhIjKlMnOpQrStUv';

/** The handler alone, with an institution that records what reaches it and answers what the test says. */
function handlerAnswering(answer: (spaceId: string, mime: string, bytes: Buffer) => Promise<KbImageUploadResponse>) {
  const sent: { spaceId: string; mime: string; bytes: Buffer }[] = [];
  const upload = createKbImageUploadHandlers({
    client: {
      kbUploadImage: async (_token, spaceId, mime, bytes) => {
        sent.push({ spaceId, mime, bytes });
        return answer(spaceId, mime, bytes);
      },
    },
    session: { withAccessToken: async (call) => call('token') },
  })['kb.upload-image'];
  return { upload, sent };
}

const honest = async (spaceId: string, mime: string, bytes: Buffer): Promise<KbImageUploadResponse> => ({ imageId: ID, spaceId, type: mime as 'image/png', bytes: bytes.length });

describe('kb.upload-image handler', () => {
  it('sends the decoded bytes with their type and answers the id', async () => {
    const { upload, sent } = handlerAnswering(honest);
    expect(await upload({ spaceId: 'credit-card', mime: 'image/png', base64: PNG.toString('base64') })).toEqual({ imageId: ID });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.mime).toBe('image/png');
    expect(sent[0]?.bytes.equals(PNG)).toBe(true);
  });

  it('refuses a non-image, a mislabelled image and one over the limit before anything is sent', async () => {
    const { upload, sent } = handlerAnswering(honest);
    const oversized = Buffer.concat([PNG, Buffer.alloc(KB_IMAGE_MAX_BYTES)]);
    for (const [mime, bytes] of [
      ['image/png', SVG],
      ['image/jpeg', PNG],
      ['image/webp', PNG],
      ['image/png', oversized],
    ] as const) {
      await expect(upload({ spaceId: 'credit-card', mime, base64: bytes.toString('base64') })).rejects.toEqual(new DeskFailure('kb_image_refused'));
    }
    expect(sent).toEqual([]);
  });

  it("maps the institution's refusals (400/413/415) to kb_image_refused and an unknown space to kb_not_found", async () => {
    for (const status of [400, 413, 415]) {
      const { upload } = handlerAnswering(async () => {
        throw new ApiFailure('http', `POST /kb/images failed with HTTP ${status}`, { status });
      });
      await expect(upload({ spaceId: 'credit-card', mime: 'image/png', base64: PNG.toString('base64') })).rejects.toEqual(new DeskFailure('kb_image_refused'));
    }
    const { upload } = handlerAnswering(async () => {
      throw new ApiFailure('http', 'POST /kb/images failed with HTTP 404', { status: 404, code: 'not_found' });
    });
    await expect(upload({ spaceId: 'no-such-space', mime: 'image/png', base64: PNG.toString('base64') })).rejects.toEqual(new DeskFailure('kb_not_found'));
  });

  it('refuses an answer that does not describe the image sent (another space, type or size)', async () => {
    for (const lie of [{ spaceId: 'claims' }, { type: 'image/jpeg' as const }, { bytes: 1 }]) {
      const { upload } = handlerAnswering(async (spaceId, mime, bytes) => ({ ...(await honest(spaceId, mime, bytes)), ...lie }));
      await expect(upload({ spaceId: 'credit-card', mime: 'image/png', base64: PNG.toString('base64') })).rejects.toMatchObject({ kind: 'bad-response' });
    }
  });
});

/** Through the whole core against the real institution (HTTPS with pins on loopback, real SQLite). */
const env = useTestInstitution({}, { admin: true });

let wsCounter = 0;
async function signedIn(operatorId: string, password: string): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId: `WS-KB-UP-${++wsCounter}`, register: true, log: () => undefined });
  await eventually(async () => {
    const info = await core.dispatch('session.info', undefined);
    return info.ok && (info.value as { enrollment: string }).enrollment === 'enrolled' ? true : undefined;
  }, 'workstation enrolled');
  const login = await core.dispatch('session.login', { operatorId, password });
  expect(login.ok, JSON.stringify(login)).toBe(true);
  return core;
}

function imageIdOf(result: DeskResult<unknown>): string {
  if (!result.ok) throw new Error(`upload failed: ${result.error.code}`);
  return (result.value as { imageId: string }).imageId;
}

describe('kb.upload-image through core (real institution)', () => {
  it('an author uploads a PNG, previews the same bytes by its id, and the same bytes again are the same image', async () => {
    const core = await signedIn('ADM01', 'Admin#2026');
    const base64 = PNG.toString('base64');
    const imageId = imageIdOf(await core.dispatch('kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64 }));
    expect(await core.dispatch('kb.author-image', { imageId })).toEqual({ ok: true, value: { mime: 'image/png', base64 } });
    expect(imageIdOf(await core.dispatch('kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64 }))).toBe(imageId);
    // A different picture is a different image.
    expect(imageIdOf(await core.dispatch('kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64: testPng(2, 2, [1, 2, 3]).toString('base64') }))).not.toBe(imageId);
  });

  it('refuses a non-image (kb_image_refused), an unknown space (kb_not_found), an over-long payload (bad_request)', async () => {
    const core = await signedIn('ADM01', 'Admin#2026');
    expect(await core.dispatch('kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64: SVG.toString('base64') })).toEqual({ ok: false, error: { code: 'kb_image_refused' } });
    expect(await core.dispatch('kb.upload-image', { spaceId: 'no-such-space', mime: 'image/png', base64: PNG.toString('base64') })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
    const tooLong = Buffer.alloc(KB_IMAGE_MAX_BYTES + 3).toString('base64');
    expect(await core.dispatch('kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64: tooLong })).toEqual({ ok: false, error: { code: 'bad_request' } });
  });

  it('an agent without kb.edit is refused by the dispatcher (permission_denied)', async () => {
    const agent = await signedIn('A1001', 'Agent#2026');
    expect(await agent.dispatch('kb.upload-image', { spaceId: 'credit-card', mime: 'image/png', base64: PNG.toString('base64') })).toEqual({ ok: false, error: { code: 'permission_denied' } });
  });
});
