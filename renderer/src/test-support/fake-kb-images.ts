import type { InvokeRequest, InvokeResponse, KbImageData } from '../../../electron/contract/channels.ts';
import type { DeskResult } from '../../../electron/contract/errors.ts';
import { KB_IMAGE_MAX_BYTES, sniffImageType } from '../../../institution/contract/kb-image-bytes.ts';
import { FAKE_KB_SPACES } from './fake-kb.ts';

/**
 * The fake desk's article images (fake-desk.ts), following core's kb/images.ts and
 * kb/image-upload.ts: images are served by id (the test's own plus those uploaded here); an
 * upload whose bytes are not an image of the declared type is `kb_image_refused` and never
 * stored, an unknown space is `kb_not_found`, and the same bytes in the same space answer
 * the same id again, as the institution does.
 */
export interface FakeKbImageHandlers {
  'kb.image': (p: InvokeRequest<'kb.image'>) => DeskResult<InvokeResponse<'kb.image'>>;
  'kb.author-image': (p: InvokeRequest<'kb.author-image'>) => DeskResult<InvokeResponse<'kb.author-image'>>;
  'kb.upload-image': (p: InvokeRequest<'kb.upload-image'>) => DeskResult<InvokeResponse<'kb.upload-image'>>;
}

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = (code: 'kb_not_found' | 'kb_image_refused'): DeskResult<never> => ({ ok: false, error: { code } });

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function createFakeKbImages(seeded: Readonly<Record<string, KbImageData>> = {}): FakeKbImageHandlers {
  const images = new Map<string, KbImageData>(Object.entries(seeded));
  /** space + base64 → id: the institution's one image per space and bytes. */
  const uploaded = new Map<string, string>();
  const image = ({ imageId }: { imageId: string }): DeskResult<KbImageData> => {
    const found = images.get(imageId);
    return found === undefined ? fail('kb_not_found') : ok({ ...found });
  };
  return {
    'kb.image': image,
    'kb.author-image': image,
    'kb.upload-image': ({ spaceId, mime, base64 }) => {
      const bytes = bytesOf(base64);
      if (bytes.length === 0 || bytes.length > KB_IMAGE_MAX_BYTES || sniffImageType(bytes) !== mime) return fail('kb_image_refused');
      if (FAKE_KB_SPACES.every((s) => s.id !== spaceId)) return fail('kb_not_found');
      const key = `${spaceId}\n${base64}`;
      let imageId = uploaded.get(key);
      if (imageId === undefined) {
        imageId = `fakeUpload${String(uploaded.size + 1).padStart(12, '0')}`;
        uploaded.set(key, imageId);
        images.set(imageId, { mime, base64 });
      }
      return ok({ imageId });
    },
  };
}
