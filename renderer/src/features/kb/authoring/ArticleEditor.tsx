import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useT } from '../../../state/context.tsx';
import { errorKeys } from '../../../i18n/labels.ts';
import { KbMarkdown } from '../markdown/KbMarkdown.tsx';
import { useAuthoring } from './authoring-context.tsx';
import { isDirty, publishedOf, type AuthoringProblem } from './authoring-store.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { ImageInsert, pastedImage, useInsertImage } from './ImageInsert.tsx';
import { UnreadList, VersionHistory } from './VersionHistory.tsx';

/** Ctrl+S / Cmd+S inside the editor saves the draft (and never reaches the browser's "save page"). */
export const isSaveKey = (e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean =>
  (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's';

/** The editor: title, mandatory flag, Markdown with a live preview, and what can be done with it. */
export function ArticleEditor() {
  const t = useT();
  const id = useId();
  const articleId = useAuthoring((s) => s.articleId);
  const draft = useAuthoring((s) => s.draft);
  const base = useAuthoring((s) => s.base);
  const busy = useAuthoring((s) => s.busy);
  const dirty = useAuthoring(isDirty);
  const published = useAuthoring((s) => publishedOf(s.history));
  const edit = useAuthoring((s) => s.edit);
  const save = useAuthoring((s) => s.save);
  const publish = useAuthoring((s) => s.publish);
  const retire = useAuthoring((s) => s.retire);
  const problem = useAuthoring((s) => s.problem);
  const pendingLeave = useAuthoring((s) => s.pendingLeave);
  const bodyField = useRef<HTMLTextAreaElement>(null);
  const insertImage = useInsertImage(bodyField);

  // Saving, publishing, the conflict's choices and "继续编辑" remove or disable the button that
  // had the focus; the keyboard then goes back to the text rather than to <body>.
  useEffect(() => {
    const active = document.activeElement;
    const lost = active === null || active === document.body || !active.isConnected || (active instanceof HTMLButtonElement && active.disabled);
    if (lost) bodyField.current?.focus();
  }, [busy, problem, pendingLeave, base]);

  if (articleId === null) return <p className="kb-author__empty">{t('kb.authoring.pick')}</p>;

  const onKeyDown = (e: KeyboardEvent) => {
    if (!isSaveKey(e)) return;
    e.preventDefault();
    void save();
  };
  const canPublish = busy === null && (dirty || base?.status === 'draft');
  return (
    <section className="kb-author__editor" aria-label={t('kb.authoring.editor')} data-testid="kb-author-editor">
      <p className="kb-author__base" data-testid="kb-author-base" data-version={base?.version ?? 0}>
        {articleId === 'new' ? t('kb.authoring.newArticle') : base === null ? '\u00a0' : t('kb.authoring.basedOn', { version: base.version, status: t(`kb.authoring.status.${base.status}`) })}
        {dirty && (
          <span className="kb-author__dirty" data-testid="kb-author-dirty">
            {' '}
            {t('kb.authoring.unsaved')}
          </span>
        )}
      </p>
      <ConflictNotice />
      <Feedback />
      {/* Ctrl+S is handled here only, while focus is inside the editor's fields. */}
      <div className="kb-author__fields" onKeyDown={onKeyDown}>
        <label className="field__label" htmlFor={`${id}-title`}>
          {t('kb.authoring.title')}
        </label>
        <input id={`${id}-title`} className="field__input" data-testid="kb-author-title" maxLength={120} value={draft.title} onChange={(e) => edit({ title: e.target.value })} />
        <label className="kb-author__check">
          <input type="checkbox" data-testid="kb-author-mandatory" checked={draft.mandatory} onChange={(e) => edit({ mandatory: e.target.checked })} />
          {t('kb.authoring.mandatory')}
        </label>
        <div className="kb-author__panes">
          <div className="kb-author__pane">
            <label className="field__label" htmlFor={`${id}-body`}>
              {t('kb.authoring.body')}
            </label>
            <textarea
              ref={bodyField}
              id={`${id}-body`}
              className="kb-author__body"
              data-testid="kb-author-body"
              spellCheck={false}
              value={draft.body}
              onChange={(e) => edit({ body: e.target.value })}
              onPaste={(e) => {
                // A pasted image (a screenshot) is uploaded and named in the text; pasted text stays the browser's.
                const file = pastedImage(e);
                if (file === null) return;
                e.preventDefault();
                insertImage(file);
              }}
            />
            <ImageInsert insert={insertImage} />
          </div>
          <div className="kb-author__pane" aria-label={t('kb.authoring.preview')} data-testid="kb-author-preview">
            <span className="field__label">{t('kb.authoring.preview')}</span>
            <div className="kb-author__preview">
              <KbMarkdown markdown={draft.body} />
            </div>
          </div>
        </div>
      </div>
      <div className="kb-author__buttons">
        <button type="button" className="button" data-testid="kb-author-save" disabled={busy !== null || !dirty} onClick={() => void save()} title={t('kb.authoring.saveKey')}>
          {busy === 'saving' ? t('kb.authoring.saving') : t('kb.authoring.save')}
        </button>
        <button type="button" className="button button--primary" data-testid="kb-author-publish" disabled={!canPublish} onClick={() => void publish()}>
          {busy === 'publishing' ? t('kb.authoring.publishing') : t('kb.authoring.publish')}
        </button>
        <button type="button" className="button" data-testid="kb-author-retire" disabled={busy !== null || published === undefined} onClick={() => void retire()}>
          {published === undefined ? t('kb.authoring.retire') : t('kb.authoring.retireVersion', { version: published.version })}
        </button>
      </div>
      {articleId !== 'new' && (
        <>
          <UnreadList />
          <VersionHistory />
        </>
      )}
    </section>
  );
}

const problemKey = (p: AuthoringProblem) => (p === 'title-required' ? 'kb.authoring.titleRequired' : errorKeys[p]);

function Feedback() {
  const t = useT();
  const problem = useAuthoring((s) => s.problem);
  const notice = useAuthoring((s) => s.notice);
  // The conflict has its own notice (ConflictNotice) with the author's choices.
  if (problem !== null && problem !== 'kb_edit_conflict') {
    return (
      <p className="alert alert--error" role="alert" data-testid="kb-author-problem" data-problem={problem}>
        {t(problemKey(problem))}
      </p>
    );
  }
  if (notice === null) return null;
  return (
    <p className="kb-author__notice" role="status" data-testid="kb-author-notice" data-notice={notice}>
      {t(`kb.authoring.notice.${notice}`)}
    </p>
  );
}
