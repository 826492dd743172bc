import type { InvokeRequest, InvokeResponse } from '../../contract/channels.ts';
import { sniffImageType } from '../../../institution/contract/kb-image-bytes.ts';
import { KB_IMAGE_MAX_BYTES } from '../../../institution/contract/kb-api.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import { kbFailure } from './kb-reader.ts';

/**
 * `kb.image`: an article image's bytes, fetched from the institution with the operator's
 * token (which decides whether they may see the image's space) and handed to the page as
 * base64 of a checked type. The page never fetches an image itself. Nothing is cached or
 * written to disk: the bytes live only in the answer.
 */
export interface KbImageHandlers {
  'kb.image': (p: InvokeRequest<'kb.image'>) => Promise<InvokeResponse<'kb.image'>>;
  /** The same for authors' previews (kb.edit): the institution lets authors read every space's images. */
  'kb.author-image': (p: InvokeRequest<'kb.author-image'>) => Promise<InvokeResponse<'kb.author-image'>>;
}

export interface KbImageOptions {
  client: Pick<InstitutionClient, 'kbImage'>;
  session: Pick<SessionKeeper, 'withAccessToken'>;
}

const LABEL = 'GET /kb/images/{imageId}';

export function createKbImageHandlers(o: KbImageOptions): KbImageHandlers {
  const image = async ({ imageId }: { imageId: string }): Promise<InvokeResponse<'kb.image'>> => {
    let answer: { contentType: string | undefined; bytes: Buffer };
    try {
      answer = await o.session.withAccessToken((token) => o.client.kbImage(token, imageId));
    } catch (e) {
      throw kbFailure(e);
    }
    // What the bytes are must be what the institution said they are, and one of the three
    // types the page shows: anything else (an SVG, HTML, a mislabelled file) is off-contract.
    const declared = answer.contentType?.split(';')[0]?.trim().toLowerCase();
    const mime = sniffImageType(answer.bytes);
    if (mime === null || mime !== declared || answer.bytes.length > KB_IMAGE_MAX_BYTES) {
      throw new ApiFailure('bad-response', `${LABEL}: the answer is not an image of its declared type`, { status: 200 });
    }
    return { mime, base64: answer.bytes.toString('base64') };
  };
  return { 'kb.image': image, 'kb.author-image': image };
}
