import { useEffect, useRef, type KeyboardEvent } from 'react';
import { errorMessage } from '../../../i18n/labels.ts';
import { useLanguage, useT } from '../../../state/context.tsx';
import { ArticleBody } from './ArticleBody.tsx';
import { useKbReader } from './kb-reader-context.tsx';
import type { ArticleState } from './kb-reader-store.ts';
import { useSpaceName } from './use-space-name.ts';

/**
 * The open article: title, space, version, who published it and when, and the body. A
 * live update replaces the text with the new version, marks what changed and says so; a
 * retirement says the article is no longer valid. Esc (or 返回) goes back to the results.
 */
export function KbArticleView({ state }: { state: ArticleState }) {
  const t = useT();
  const back = useKbReader((s) => s.back);
  const heading = useRef<HTMLHeadingElement>(null);
  const articleId = state.status === 'shown' ? state.article.articleId : state.articleId;

  // The heading takes the focus on open, so Esc and the screen reader start from the article.
  useEffect(() => {
    heading.current?.focus();
  }, [articleId, state.status]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      back();
    }
  };

  return (
    <section className="kb-reader__article" data-testid="kb-article" data-article-id={articleId} onKeyDown={onKeyDown} aria-labelledby="kb-reader-title">
      <button type="button" className="button kb-reader__back" onClick={back} data-testid="kb-article-back">
        {t('kb.reader.back')}
      </button>
      {state.status === 'loading' && (
        <h1 id="kb-reader-title" ref={heading} tabIndex={-1} className="kb-reader__title kb-reader__title--pending">
          {t('kb.reader.opening')}
        </h1>
      )}
      {state.status === 'failed' && (
        <>
          <h1 id="kb-reader-title" ref={heading} tabIndex={-1} className="kb-reader__title kb-reader__title--pending">
            {t('kb.reader.openFailed')}
          </h1>
          <p className="alert alert--error" role="alert" data-testid="kb-article-error">
            {errorMessage(t, state.error)}
          </p>
        </>
      )}
      {state.status === 'shown' && (
        <>
          <h1 id="kb-reader-title" ref={heading} tabIndex={-1} className="kb-reader__title" data-testid="kb-article-title">
            {state.article.title}
          </h1>
          <ArticleMeta state={state} />
          {state.retired && (
            <p className="alert alert--error" role="alert" data-testid="kb-article-retired">
              {t('kb.reader.retired')}
            </p>
          )}
          {state.updatedTo !== null && !state.retired && (
            <p className="alert kb-reader__updated" role="status" data-testid="kb-article-updated">
              {t('kb.reader.updated', { version: state.updatedTo })}
              {state.changes.changed.size > 0 && <span className="kb-reader__legend"> {t('kb.reader.changedLegend')}</span>}
            </p>
          )}
          <ArticleBody article={state.article} changes={state.changes} />
        </>
      )}
    </section>
  );
}

function ArticleMeta({ state }: { state: Extract<ArticleState, { status: 'shown' }> }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const space = useSpaceName(state.article.spaceId);
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(state.article.publishedAt));
  return (
    <p className="kb-reader__meta" data-testid="kb-article-meta">
      <span data-testid="kb-article-space">{space}</span>
      <span data-testid="kb-article-version">{t('kb.reader.version', { version: state.article.version })}</span>
      {state.article.mandatory && <span className="kb-reader__tag">{t('kb.reader.mandatory')}</span>}
      <span>{t('kb.reader.published', { publisher: state.article.publishedByName ?? state.article.publishedBy, time })}</span>
    </p>
  );
}
