import { useEffect, useRef, type ClipboardEvent, type RefObject } from 'react';
import { useT } from '../../../state/context.tsx';
import { errorKeys } from '../../../i18n/labels.ts';
import { useAuthoring } from './authoring-context.tsx';
import { IMAGE_ACCEPT, readBytes, type ImageRefusal } from './image-insert.ts';

const REFUSAL_KEYS = {
  'wrong-type': 'kb.authoring.imageWrongType',
  'too-large': 'kb.authoring.imageTooLarge',
  unreadable: 'kb.authoring.imageUnreadable',
} as const satisfies Record<ImageRefusal, string>;

/**
 * Uploads an image file and inserts its Markdown at the body's selection (taken when the
 * upload is done, so typing meanwhile is kept), then puts the caret after it. The caret is
 * placed once React has shown the new body: setting it earlier would be lost on re-render.
 */
export function useInsertImage(bodyField: RefObject<HTMLTextAreaElement | null>): (file: File) => void {
  const insertImage = useAuthoring((s) => s.insertImage);
  const body = useAuthoring((s) => s.draft.body);
  const caret = useRef<number | null>(null);
  useEffect(() => {
    const field = bodyField.current;
    if (caret.current === null || field === null) return;
    field.focus();
    field.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [body, bodyField]);
  return (file) => {
    const where = () => {
      const field = bodyField.current;
      return field === null ? { start: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER } : { start: field.selectionStart, end: field.selectionEnd };
    };
    void insertImage(file, () => readBytes(file), where).then((at) => {
      if (at !== null) caret.current = at;
    });
  };
}

/** The first image file a paste carries (a screenshot, a copied file); null for text. */
export function pastedImage(e: ClipboardEvent): File | null {
  const files = Array.from(e.clipboardData.files);
  return files.find((f) => f.type.startsWith('image/')) ?? null;
}

/** 插入图片: a button that opens the file picker, and what became of the last image. */
export function ImageInsert({ insert }: { insert: (file: File) => void }) {
  const t = useT();
  const picker = useRef<HTMLInputElement>(null);
  const image = useAuthoring((s) => s.image);
  const uploading = image?.kind === 'uploading';
  return (
    <div className="kb-author__image">
      <button type="button" className="button" data-testid="kb-author-insert-image" disabled={uploading} title={t('kb.authoring.insertImageHint')} onClick={() => picker.current?.click()}>
        {t('kb.authoring.insertImage')}
      </button>
      <input
        ref={picker}
        type="file"
        hidden
        accept={IMAGE_ACCEPT}
        data-testid="kb-author-image-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared, so choosing the same file again is a change too.
          e.target.value = '';
          if (file !== undefined) insert(file);
        }}
      />
      <ImageStatusLine />
    </div>
  );
}

function ImageStatusLine() {
  const t = useT();
  const image = useAuthoring((s) => s.image);
  if (image === null) return null;
  if (image.kind === 'uploading') {
    return (
      <span className="kb-author__image-status" role="status" data-testid="kb-author-image-status" data-state="uploading">
        {t('kb.authoring.uploadingImage')}
      </span>
    );
  }
  if (image.kind === 'inserted') {
    return (
      <span className="kb-author__image-status" role="status" data-testid="kb-author-image-status" data-state="inserted">
        {t('kb.authoring.imageInserted')}
      </span>
    );
  }
  return (
    <span className="kb-author__image-status kb-author__image-status--error" role="alert" data-testid="kb-author-image-status" data-state={image.kind === 'refused' ? image.reason : image.code}>
      {image.kind === 'refused' ? t(REFUSAL_KEYS[image.reason], { name: image.name }) : t(errorKeys[image.code])}
    </span>
  );
}
