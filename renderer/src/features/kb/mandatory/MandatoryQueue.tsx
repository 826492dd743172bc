import { useEffect, useRef } from 'react';
import { useT } from '../../../state/context.tsx';
import { errorKeys } from '../../../i18n/labels.ts';
import { KbMarkdown } from '../markdown/KbMarkdown.tsx';
import { ProtectedArticle } from '../protection/ProtectedArticle.tsx';
import { useMandatory } from './mandatory-context.tsx';
import './mandatory.css';

/** The queue's heading: 打开必读 (beside the phone's Ready) puts the keyboard there. */
export const MANDATORY_HEADING_ID = 'kb-mandatory-heading';

/**
 * "必读": the agent's mandatory reads. Each is opened here and acknowledged per version
 * once it is shown ("已阅读并确认" appears under the article, never in the list), which is
 * recorded at the institution; Ready (示闲) waits until the list is empty.
 */
export function MandatoryQueue() {
  const t = useT();
  const pending = useMandatory((s) => s.pending);
  const loaded = useMandatory((s) => s.loaded);
  const error = useMandatory((s) => s.error);
  const open = useMandatory((s) => s.open);
  const openRead = useMandatory((s) => s.openRead);
  const heading = useRef<HTMLHeadingElement>(null);
  const hadOpen = useRef(false);

  // Closing or acknowledging removes the button that had the focus: the keyboard goes back
  // to the queue's heading rather than to <body>.
  useEffect(() => {
    const isOpen = open !== null;
    if (hadOpen.current && !isOpen) {
      const active = document.activeElement;
      if (active === null || active === document.body || !active.isConnected) heading.current?.focus();
    }
    hadOpen.current = isOpen;
  }, [open]);

  return (
    <div className="kb-mandatory" data-testid="kb-mandatory">
      <h1 id={MANDATORY_HEADING_ID} ref={heading} className="kb-mandatory__heading" tabIndex={-1}>
        {t('kb.mandatory.heading')}{' '}
        <span className="kb-mandatory__count" data-testid="kb-mandatory-count" data-count={pending.length}>
          {t('kb.mandatory.count', { count: pending.length })}
        </span>
      </h1>
      {error !== null && (
        <p className="alert alert--error" role="alert" data-testid="kb-mandatory-error">
          {t(errorKeys[error])}
        </p>
      )}
      {!loaded ? (
        <p className="kb-mandatory__note">{t('kb.mandatory.loading')}</p>
      ) : pending.length === 0 ? (
        <p className="kb-mandatory__note" data-testid="kb-mandatory-empty">
          {t('kb.mandatory.empty')}
        </p>
      ) : (
        <ul className="kb-mandatory__list" aria-label={t('kb.mandatory.heading')}>
          {pending.map((item) => {
            const current = open !== null && open.item.articleId === item.articleId && open.item.version === item.version;
            return (
              <li key={`${item.articleId}@${item.version}`} className={`kb-mandatory__item${current ? ' kb-mandatory__item--open' : ''}`} data-testid="kb-mandatory-item" data-article-id={item.articleId}>
                <span className="kb-mandatory__title">{item.title}</span>
                <span className="kb-mandatory__version">{t('kb.mandatory.version', { version: item.version })}</span>
                <button type="button" className="button" onClick={() => void openRead(item)} aria-pressed={current}>
                  {t('kb.mandatory.open')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {open !== null && <OpenArticle />}
    </div>
  );
}

function OpenArticle() {
  const t = useT();
  const open = useMandatory((s) => s.open);
  const title = useRef<HTMLHeadingElement>(null);
  const key = open === null ? null : `${open.item.articleId}@${open.item.version}`;
  // The article's title takes the focus on open, so reading (and Page Down) starts there; Tab goes on to 关闭 and 确认.
  useEffect(() => {
    if (key !== null) title.current?.focus();
  }, [key]);
  const acknowledging = useMandatory((s) => s.acknowledging);
  const acknowledgeOpen = useMandatory((s) => s.acknowledgeOpen);
  const closeRead = useMandatory((s) => s.closeRead);
  if (open === null) return null;
  return (
    <section className="kb-mandatory__reader" aria-label={open.item.title} data-testid="kb-mandatory-reader">
      <header className="kb-mandatory__reader-header">
        <h2 ref={title} tabIndex={-1} className="kb-mandatory__reader-title">{open.item.title}</h2>
        <button type="button" className="button" onClick={closeRead}>
          {t('kb.mandatory.close')}
        </button>
      </header>
      {open.status === 'loading' && <p className="kb-mandatory__note">{t('kb.mandatory.articleLoading')}</p>}
      {open.status === 'failed' && (
        <p className="alert alert--error" role="alert">
          {t(errorKeys[open.error])}
        </p>
      )}
      {open.status === 'shown' && (
        <>
          {/* A mandatory article is the knowledge base's content like any other: protected viewing applies. */}
          <ProtectedArticle articleId={open.article.articleId} version={open.article.version}>
            <div className="kb-mandatory__body" data-testid="kb-mandatory-body">
              <KbMarkdown markdown={open.article.body} />
            </div>
          </ProtectedArticle>
          <footer className="kb-mandatory__actions">
            <p className="kb-mandatory__note">{t('kb.mandatory.acknowledgeHint')}</p>
            <button type="button" className="button button--primary" data-testid="kb-mandatory-acknowledge" disabled={acknowledging} onClick={() => void acknowledgeOpen()}>
              {acknowledging ? t('kb.mandatory.acknowledging') : t('kb.mandatory.acknowledge')}
            </button>
          </footer>
        </>
      )}
    </section>
  );
}
