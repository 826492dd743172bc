import { useT } from '../../../state/context.tsx';
import { useAuthoring } from './authoring-context.tsx';
import { formatWhen, usePersonLabel } from './VersionHistory.tsx';

/**
 * Another author saved (or published) since this one opened the article: the author's text
 * is untouched in the editor. They see who saved what and when, and choose: keep theirs on
 * top of the newer version (then save again — "re-apply"), or take the newer text.
 */
export function ConflictNotice() {
  const t = useT();
  const problem = useAuthoring((s) => s.problem);
  const latest = useAuthoring((s) => s.conflict);
  const rebaseOnLatest = useAuthoring((s) => s.rebaseOnLatest);
  const discardForLatest = useAuthoring((s) => s.discardForLatest);
  const person = usePersonLabel();
  if (problem !== 'kb_edit_conflict') return null;
  return (
    <div className="alert kb-author__warn kb-author__conflict" role="alert" data-testid="kb-author-conflict">
      <p className="kb-author__conflict-title">{t('kb.authoring.conflict.title')}</p>
      {latest === null ? (
        <p>{t('kb.authoring.conflict.unknown')}</p>
      ) : (
        <>
          <p data-testid="kb-author-conflict-latest" data-version={latest.version}>
            {t('kb.authoring.conflict.detail', { version: latest.version, author: person(latest.authorId, latest.authorName), when: formatWhen(latest.createdAt) })}
          </p>
          <details className="kb-author__theirs">
            <summary>{t('kb.authoring.conflict.theirs', { title: latest.title })}</summary>
            <pre className="kb-author__theirs-body">{latest.body}</pre>
          </details>
          <p>{t('kb.authoring.conflict.kept')}</p>
          <div className="kb-author__buttons">
            <button type="button" className="button button--primary" data-testid="kb-author-rebase" onClick={rebaseOnLatest}>
              {t('kb.authoring.conflict.rebase', { version: latest.version })}
            </button>
            <button type="button" className="button" data-testid="kb-author-take-latest" onClick={discardForLatest}>
              {t('kb.authoring.conflict.takeTheirs')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
