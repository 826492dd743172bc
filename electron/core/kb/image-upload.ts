import type { InvokeRequest, InvokeResponse } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { sniffImageType } from '../../../institution/contract/kb-image-bytes.ts';
import { KB_IMAGE_MAX_BYTES } from '../../../institution/contract/kb-api.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import { kbFailure } from './kb-reader.ts';

/**
 * `kb.upload-image`: an author's image into a space. The page hands base64 and the type it
 * believes the file has; core decodes it and checks the magic numbers with the institution's
 * own sniffer before anything is sent, so a renamed text file or an SVG never leaves the
 * workstation. The raw bytes go to `POST /kb/images?space=` with the operator's token.
 * A repeat is safe (routes.ts): the institution answers the same id for the same bytes.
 */
export interface KbImageUploadHandlers {
  'kb.upload-image': (p: InvokeRequest<'kb.upload-image'>) => Promise<InvokeResponse<'kb.upload-image'>>;
}

export interface KbImageUploadOptions {
  client: Pick<InstitutionClient, 'kbUploadImage'>;
  session: Pick<SessionKeeper, 'withAccessToken'>;
}

/** What the institution says about an image it will not store: not an image, empty, too large, mislabelled. */
const REFUSED_STATUSES: ReadonlySet<number> = new Set([400, 413, 415]);

export function createKbImageUploadHandlers(o: KbImageUploadOptions): KbImageUploadHandlers {
  return {
    'kb.upload-image': async ({ spaceId, mime, base64 }) => {
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.length === 0 || bytes.length > KB_IMAGE_MAX_BYTES || sniffImageType(bytes) !== mime) throw new DeskFailure('kb_image_refused');
      let answer;
      try {
        answer = await o.session.withAccessToken((token) => o.client.kbUploadImage(token, spaceId, mime, bytes));
      } catch (e) {
        if (e instanceof ApiFailure && e.kind === 'http' && e.status !== null && REFUSED_STATUSES.has(e.status)) throw new DeskFailure('kb_image_refused');
        throw kbFailure(e);
      }
      // The institution stored it in the space asked for, as the type sniffed here: anything else is off-contract.
      if (answer.spaceId !== spaceId || answer.type !== mime || answer.bytes !== bytes.length) {
        throw new ApiFailure('bad-response', 'POST /kb/images: the answer does not describe the image sent', { status: 201 });
      }
      return { imageId: answer.imageId };
    },
  };
}
