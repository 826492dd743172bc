import { useT } from '../../../state/context.tsx';
import { useAuthoring } from './authoring-context.tsx';

/** An ISO time as the author reads it: local date and time to the minute (YYYY-MM-DD HH:mm). */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** An operator as authors see them: display name and id when the institution gave the name, else the id. */
export function usePersonLabel(): (id: string, name: string | undefined) => string {
  const t = useT();
  return (id, name) => (name === undefined ? id : t('kb.authoring.unread.operator', { name, id }));
}

/** Every version, newest first: its state, who wrote it when, who published it when. */
export function VersionHistory() {
  const t = useT();
  const history = useAuthoring((s) => s.history);
  const person = usePersonLabel();
  if (history.length === 0) return null;
  return (
    <section className="kb-author__history" aria-label={t('kb.authoring.history')}>
      <h2 className="kb-author__subheading">{t('kb.authoring.history')}</h2>
      <table className="kb-author__table" data-testid="kb-author-history">
        <thead>
          <tr>
            <th scope="col">{t('kb.authoring.historyVersion')}</th>
            <th scope="col">{t('kb.authoring.historyState')}</th>
            <th scope="col">{t('kb.authoring.historyWritten')}</th>
            <th scope="col">{t('kb.authoring.historyPublished')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((v) => (
            <tr key={v.version} data-testid="kb-author-history-row" data-version={v.version} data-status={v.status}>
              <td>{t('kb.authoring.versionShort', { version: v.version })}</td>
              <td>
                {t(`kb.authoring.status.${v.status}`)}
                {v.mandatory && ` · ${t('kb.authoring.mandatoryShort')}`}
              </td>
              <td>{t('kb.authoring.byAt', { who: person(v.authorId, v.authorName), when: formatWhen(v.createdAt) })}</td>
              <td>{v.publishedAt === null || v.publishedBy === null ? '—' : t('kb.authoring.byAt', { who: person(v.publishedBy, v.publishedByName), when: formatWhen(v.publishedAt) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Who may read the article and has not acknowledged its published version (mandatory reads). */
export function UnreadList() {
  const t = useT();
  const unread = useAuthoring((s) => s.unread);
  const loadUnread = useAuthoring((s) => s.loadUnread);
  if (unread === null) return null;
  return (
    <section className="kb-author__unread" aria-label={t('kb.authoring.unread.title', { version: unread.version })} data-testid="kb-author-unread" data-version={unread.version}>
      <h2 className="kb-author__subheading">
        {t('kb.authoring.unread.title', { version: unread.version })}{' '}
        <button type="button" className="button button--small" data-testid="kb-author-unread-refresh" onClick={() => void loadUnread()}>
          {t('kb.authoring.unread.refresh')}
        </button>
      </h2>
      {unread.operators.length === 0 ? (
        <p className="kb-author__note" data-testid="kb-author-unread-none">
          {t('kb.authoring.unread.none')}
        </p>
      ) : (
        <ul className="chip-list">
          {unread.operators.map((o) => (
            <li key={o.id} className="chip" data-testid="kb-author-unread-operator" data-operator-id={o.id}>
              {t('kb.authoring.unread.operator', { name: o.displayName, id: o.id })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
