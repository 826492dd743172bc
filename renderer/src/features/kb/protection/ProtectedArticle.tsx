import { useEffect, type ReactNode } from 'react';
import {
  ARTICLE_ID_ATTRIBUTE,
  ARTICLE_VERSION_ATTRIBUTE,
  PROTECTED_ATTRIBUTE,
  clipboardRulesOf,
} from '../../../../../electron/contract/protected-area.ts';
import { useSession, useStores, useT } from '../../../state/context.tsx';
import { acquirePageGuard } from './guard-install.ts';
import { useWindowFocused } from './use-window-focus.ts';
import './protection.css';

export interface ProtectedArticleProps {
  articleId: number;
  version: number;
  children: ReactNode;
}

/**
 * Protected viewing of a knowledge-base article: marks the region for the guards
 * (`data-desk-protected="kb"` + id and version, read by the page guard, the main-world
 * export guard and, in Electron, the preload's input-area observer that main's key guard
 * follows), keeps the page guard installed while mounted, and blurs the article while the
 * window is unfocused when the institution's policy says so (`kbBlurUnfocused`). The
 * watermark (features/watermark) lies over the whole window, the article included.
 * Blocked attempts reach the audit chain as `kb.protection-blocked` (kind, id, version).
 */
export function ProtectedArticle({ articleId, version, children }: ProtectedArticleProps) {
  const { desk, session } = useStores();
  const t = useT();
  const blurPolicy = useSession((s) => s.policy?.kbBlurUnfocused === true);
  const focused = useWindowFocused(blurPolicy);
  const blurred = blurPolicy && !focused;

  useEffect(
    () =>
      acquirePageGuard(
        window,
        (attempt) => {
          // Fire-and-forget: a failed report must never break reading; core rate-limits and audits.
          desk.kb.reportBlocked(attempt).catch(() => undefined);
        },
        // Read on every key, so a policy change applies without remounting the article.
        () => clipboardRulesOf(session.getState().policy),
      ),
    [desk, session],
  );

  const attributes = {
    [PROTECTED_ATTRIBUTE]: 'kb',
    [ARTICLE_ID_ATTRIBUTE]: String(articleId),
    [ARTICLE_VERSION_ATTRIBUTE]: String(version),
  };
  return (
    <div className={blurred ? 'kb-protected kb-protected--blurred' : 'kb-protected'} data-testid="kb-protected" {...attributes}>
      <div className="kb-protected__content" aria-hidden={blurred ? true : undefined}>
        {children}
      </div>
      {blurred && (
        <div className="kb-protected__veil" role="note" data-testid="kb-protected-veil">
          {t('kb.protection.blurred')}
        </div>
      )}
    </div>
  );
}
