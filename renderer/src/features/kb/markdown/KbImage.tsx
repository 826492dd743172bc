import { useEffect, useState } from 'react';
import type { Translate } from '../../../i18n/translate.ts';

/** An article image's bytes as the desk bridge returns them (`kb.image`). */
export interface KbImageBytes {
  readonly mime: string;
  readonly base64: string;
}

export type LoadKbImage = (imageId: string) => Promise<KbImageBytes>;

/** Types the institution accepts (checked by magic bytes there); anything else is not shown. */
const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The image as a `data:` URL built here from bytes the desk fetched through core (img-src
 * already allows `data:`, so the CSP is unchanged; no URL from the article is ever used).
 * Only the allowlisted types become a URL, so an SVG (script-capable) never does.
 */
export function imageDataUrl(bytes: KbImageBytes): string | null {
  if (!IMAGE_MIMES.has(bytes.mime) || bytes.base64.length % 4 !== 0 || !BASE64.test(bytes.base64)) return null;
  return `data:${bytes.mime};base64,${bytes.base64}`;
}

type ImageState = { status: 'loading' } | { status: 'shown'; url: string } | { status: 'failed' };

/** Loaded once per article view: the viewer's cache lives and dies with the rendered article. */
export type ImageCache = Map<string, Promise<string | null>>;

export function KbImage({ imageId, alt, load, cache, t }: { imageId: string; alt: string; load: LoadKbImage | undefined; cache: ImageCache; t: Translate }) {
  const [state, setState] = useState<ImageState>({ status: 'loading' });
  useEffect(() => {
    if (!load) {
      setState({ status: 'failed' });
      return;
    }
    let current = true;
    let pending = cache.get(imageId);
    if (!pending) {
      pending = load(imageId).then(imageDataUrl, () => null);
      cache.set(imageId, pending);
    }
    // Errors became null above: a failed image shows its alt text, never an error page.
    void pending.then((url) => {
      if (current) setState(url === null ? { status: 'failed' } : { status: 'shown', url });
    });
    return () => {
      current = false;
    };
  }, [imageId, load, cache]);

  if (state.status === 'shown') {
    return <img className="kb-md__image" src={state.url} alt={alt} draggable={false} decoding="async" />;
  }
  const text = state.status === 'loading' ? t('kb.markdown.imageLoading', { alt }) : t('kb.markdown.imageFailed', { alt });
  return <span className="kb-md__image-placeholder" role="img" aria-label={alt}>{text}</span>;
}
