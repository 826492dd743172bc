import { useT } from '../../../state/context.tsx';
import { KbArticleView } from './KbArticleView.tsx';
import { useKbReader } from './kb-reader-context.tsx';
import { KbSearch } from './KbSearch.tsx';
import './kb-reader.css';

/**
 * "知识库": search and read beside the phone panel. The search stays mounted (hidden) while
 * an article is open, so its text, results and scroll position are there on return. When
 * the reader closed an article itself (its space's read roles no longer include the
 * operator), it says so above the search.
 */
export function KbArea() {
  const t = useT();
  const article = useKbReader((s) => s.article);
  const focusRequest = useKbReader((s) => s.focusRequest);
  const closedNotice = useKbReader((s) => s.closedNotice);
  return (
    <div className="kb-reader" data-testid="kb-reader">
      <h1 className="kb-reader__heading">{t('kb.reader.heading')}</h1>
      {article === null && closedNotice === 'access-revoked' && (
        <p className="alert alert--error" role="alert" data-testid="kb-access-closed">
          {t('kb.reader.accessRevoked')}
        </p>
      )}
      <div hidden={article !== null}>
        <KbSearch focusRequest={article === null ? focusRequest : -1} />
      </div>
      {article !== null && <KbArticleView state={article} />}
    </div>
  );
}
