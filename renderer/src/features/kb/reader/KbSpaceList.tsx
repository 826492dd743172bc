import { useLanguage, useT } from '../../../state/context.tsx';
import { useKbReader } from './kb-reader-context.tsx';

/**
 * The spaces this operator may read, in the interface language, under the search box. It
 * follows `kb.space-changed`: a space whose read roles no longer include the operator leaves
 * the list at once, one that now does joins it (kb-reader-store.ts asks again).
 */
export function KbSpaceList() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const spaces = useKbReader((s) => s.spaces);
  if (spaces.length === 0) return null;
  return (
    <div className="kb-reader__spaces">
      <span id="kb-reader-spaces-label">{t('kb.reader.spaces')}</span>
      <ul aria-labelledby="kb-reader-spaces-label" data-testid="kb-space-list">
        {spaces.map((space) => (
          <li key={space.id} data-space-id={space.id}>
            {language === 'zh-CN' ? space.nameZh : space.nameEn}
          </li>
        ))}
      </ul>
    </div>
  );
}
