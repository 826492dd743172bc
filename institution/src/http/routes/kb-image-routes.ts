import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../contract/api.ts';
import { KB_IMAGE_MAX_BYTES, KbImageId, KbImageType, KbSpaceId, type KbImageUploadResponse } from '../../../contract/kb-api.ts';
import { CONSOLE_ROLES } from '../../auth/permissions.ts';
import { ApiFailure } from '../../errors.ts';
import { createKbImageStore } from '../../kb/kb-images.ts';
import { canReadSpace, createKbStore, type KbReader } from '../../kb/kb-store.ts';
import { parseRoles } from '../../operators/operator-store.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession, sessionPermissions } from '../guards.ts';
import { parseBody } from '../validate.ts';

const UploadQuery = z.object({ space: KbSpaceId }).strict();

/**
 * What an image answer may do if a browser ever opened it directly: nothing. No script, no
 * subresource, no plugin, a unique origin (`sandbox`); the type is never sniffed (nosniff is
 * set on every answer by app.ts).
 */
const IMAGE_CSP = "default-src 'none'; sandbox";

/**
 * Article images over HTTPS. Authors (kb.edit) upload the raw bytes with their content type
 * into a space; readers (kb.read) fetch one from a space they may read — any other image,
 * like one that does not exist, is 404. The body parsers for image types live in this
 * encapsulated scope only, so no other route accepts an image body.
 */
export function registerKbImageRoutes(app: HttpsApp, ctx: AppContext): void {
  const store = createKbStore({ db: ctx.handle.db, now: ctx.now });
  const images = createKbImageStore({ db: ctx.handle.db, now: ctx.now });

  async function reader(request: FastifyRequest): Promise<KbReader> {
    const caller = await requireSession(ctx, request);
    const granted = sessionPermissions(caller);
    const author = granted.includes('kb.edit');
    if (!author && !granted.includes('kb.read')) throw new ApiFailure('forbidden', 'permission kb.read is required');
    const roles = parseRoles(caller.operator.roles);
    // A console session counts only its console roles (as kb-routes.ts does).
    return { operatorId: caller.operator.id, roles: caller.session.workstationId === null ? roles.filter((r) => CONSOLE_ROLES.includes(r)) : roles, author };
  }

  void app.register(async (scope) => {
    for (const type of KbImageType.options) scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: KB_IMAGE_MAX_BYTES }, (_request, body, done) => done(null, body));

    scope.post(`${API_PREFIX}/kb/images`, { bodyLimit: KB_IMAGE_MAX_BYTES }, async (request, reply): Promise<KbImageUploadResponse> => {
      const who = await reader(request);
      if (!who.author) throw new ApiFailure('forbidden', 'permission kb.edit is required');
      const { space } = parseBody(UploadQuery, request.query);
      if ((await store.spaces()).every((s) => s.id !== space)) throw new ApiFailure('not_found', 'no such space');
      const declared = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!Buffer.isBuffer(request.body)) throw new ApiFailure('unsupported_media_type', 'send the image as image/png, image/jpeg or image/webp');
      const result = await images.upload(who.operatorId, space, request.body, declared);
      if (!result.ok) {
        if (result.reason === 'too-large') throw new ApiFailure('payload_too_large', `an image has at most ${KB_IMAGE_MAX_BYTES} bytes`);
        if (result.reason === 'empty') throw new ApiFailure('bad_request', 'the image is empty');
        throw new ApiFailure('unsupported_media_type', result.reason === 'type-mismatch' ? 'the bytes are not of the declared image type' : 'only PNG, JPEG and WebP images are accepted');
      }
      return reply.code(result.created ? 201 : 200).send(result.image);
    });
  });

  app.get(`${API_PREFIX}/kb/images/:imageId`, async (request, reply) => {
    const who = await reader(request);
    const id = KbImageId.safeParse((request.params as { imageId?: unknown }).imageId);
    const image = id.success ? await images.get(id.data) : undefined;
    const space = image === undefined ? undefined : (await store.spaces()).find((s) => s.id === image.spaceId);
    if (image === undefined || space === undefined || !canReadSpace(who, space)) throw new ApiFailure('not_found', 'no such image');
    return reply.header('content-type', image.mime).header('content-security-policy', IMAGE_CSP).header('content-disposition', 'inline').send(image.data);
  });
}
