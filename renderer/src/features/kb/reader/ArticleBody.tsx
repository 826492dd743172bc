import type { KbArticle } from '../../../../../electron/contract/kb.ts';
import { useT } from '../../../state/context.tsx';
import { KbMarkdown } from '../markdown/KbMarkdown.tsx';
import { ProtectedArticle } from '../protection/ProtectedArticle.tsx';
import type { ArticleChanges } from './article-changes.ts';
import { useKbReader } from './kb-reader-context.tsx';

/**
 * THE mount point of an article's content in the reader: everything that shows the
 * article's text (its Markdown body and the note of removed passages) is inside this one
 * element, so protected viewing (features/kb/protection) wraps exactly this.
 */
export function ArticleBody({ article, changes }: { article: KbArticle; changes: ArticleChanges }) {
  const t = useT();
  // A `kb:<id>` link in the text opens that article in this reader (KbMarkdown renders no other link).
  const open = useKbReader((s) => s.open);
  return (
    <ProtectedArticle articleId={article.articleId} version={article.version}>
      {/* A Tab stop (after the heading, before the phone panel), so the keyboard can enter the text and scroll it with the arrow keys. */}
      <div className="kb-reader__body" data-testid="kb-article-body" data-version={article.version} tabIndex={0} role="region" aria-label={t('kb.reader.body')}>
        <KbMarkdown markdown={article.body} changedBlocks={changes.changed} onOpenArticle={(id) => void open(id)} />
        {changes.removed.length > 0 && (
          <aside className="kb-reader__removed" data-testid="kb-article-removed">
            <p className="kb-reader__removed-title">{t('kb.reader.removed', { count: changes.removed.length })}</p>
            <ul>
              {changes.removed.map((text, i) => (
                <li key={i}>
                  <del>{text.length > 200 ? `${text.slice(0, 200)}…` : text}</del>
                </li>
              ))}
            </ul>
          </aside>
        )}
      </div>
    </ProtectedArticle>
  );
}
