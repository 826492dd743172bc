import { useState, type KeyboardEvent } from 'react';
import { useLocalized, useT } from '../../../state/context.tsx';
import { ArticleEditor } from './ArticleEditor.tsx';
import { useAuthoring } from './authoring-context.tsx';
import { isDirty } from './authoring-store.ts';
import { SpaceSettings } from './SpaceSettings.tsx';
import './authoring.css';

/** "知识库编辑": a space's articles on the left, the open article's editor, history and readers on the right. */
export function AuthoringArea() {
  const t = useT();
  return (
    <div className="kb-author" data-testid="kb-authoring">
      <h1 className="kb-author__heading" tabIndex={-1}>
        {t('kb.authoring.heading')}
      </h1>
      <div className="kb-author__columns">
        <ArticleList />
        <ArticleEditor />
      </div>
      <LeaveConfirm />
    </div>
  );
}

function ArticleList() {
  const t = useT();
  const pick = useLocalized();
  const spaces = useAuthoring((s) => s.spaces);
  const spaceId = useAuthoring((s) => s.spaceId);
  const articles = useAuthoring((s) => s.articles);
  const open = useAuthoring((s) => s.articleId);
  const selectSpace = useAuthoring((s) => s.selectSpace);
  const openArticle = useAuthoring((s) => s.openArticle);
  const newArticle = useAuthoring((s) => s.newArticle);
  // One Tab stop for the whole list (a space holds dozens of articles): ↑ ↓ Home End move
  // within it, Enter opens; Tab goes on to the editor. The stop is the article last focused,
  // else the open one, else the first.
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const ids = articles.map((a) => a.articleId);
  const tabStop = [focusedId, open].find((id) => typeof id === 'number' && ids.includes(id)) ?? ids[0];
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('[data-testid="kb-author-article"]'));
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
    if (to === null || at === -1) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
  };
  return (
    <nav className="kb-author__list" aria-label={t('kb.authoring.articles')}>
      <label className="field__label" htmlFor="kb-author-space">
        {t('kb.authoring.space')}
      </label>
      <select id="kb-author-space" className="field__input" data-testid="kb-author-space" value={spaceId ?? ''} onChange={(e) => selectSpace(e.target.value)}>
        {spaces.map((space) => (
          <option key={space.id} value={space.id}>
            {pick({ 'zh-CN': space.nameZh, 'en-US': space.nameEn })}
          </option>
        ))}
      </select>
      <SpaceSettings />
      <button type="button" className="button button--block" data-testid="kb-author-new" disabled={spaceId === null} onClick={newArticle}>
        {t('kb.authoring.new')}
      </button>
      <ul className="kb-author__articles" onKeyDown={onListKey}>
        {articles.map((a) => (
          <li key={a.articleId}>
            <button
              type="button"
              className={`kb-author__article${a.articleId === open ? ' kb-author__article--open' : ''}`}
              aria-current={a.articleId === open ? 'true' : undefined}
              data-testid="kb-author-article"
              data-article-id={a.articleId}
              tabIndex={a.articleId === tabStop ? 0 : -1}
              onFocus={() => setFocusedId(a.articleId)}
              onClick={() => openArticle(a.articleId)}
            >
              <span className="kb-author__article-title">{a.title}</span>
              <span className="kb-author__article-meta">
                {t(`kb.authoring.status.${a.latestStatus}`)} · {t('kb.authoring.versionShort', { version: a.latestVersion })}
                {a.mandatory && ` · ${t('kb.authoring.mandatoryShort')}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {spaceId !== null && articles.length === 0 && <p className="kb-author__note">{t('kb.authoring.noArticles')}</p>}
    </nav>
  );
}

/** Moving away from unsaved text asks first; the text stays unless the author says to drop it. */
function LeaveConfirm() {
  const t = useT();
  const pending = useAuthoring((s) => s.pendingLeave);
  const dirty = useAuthoring(isDirty);
  const confirmLeave = useAuthoring((s) => s.confirmLeave);
  const cancelLeave = useAuthoring((s) => s.cancelLeave);
  if (pending === null || !dirty) return null;
  // Esc is "继续编辑", as in any dialog: the text stays.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    cancelLeave();
  };
  return (
    <div className="kb-author__leave alert kb-author__warn" onKeyDown={onKeyDown} role="alertdialog" aria-label={t('kb.authoring.leave.title')} data-testid="kb-author-leave">
      <p>{t('kb.authoring.leave.body')}</p>
      <div className="kb-author__buttons">
        <button type="button" className="button button--primary" data-testid="kb-author-leave-cancel" onClick={cancelLeave} autoFocus>
          {t('kb.authoring.leave.stay')}
        </button>
        <button type="button" className="button" data-testid="kb-author-leave-confirm" onClick={confirmLeave}>
          {t('kb.authoring.leave.discard')}
        </button>
      </div>
    </div>
  );
}
