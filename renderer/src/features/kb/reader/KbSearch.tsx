import { useEffect, useRef, type KeyboardEvent } from 'react';
import { errorMessage } from '../../../i18n/labels.ts';
import { useT } from '../../../state/context.tsx';
import { useKbReader } from './kb-reader-context.tsx';
import { searchable, type KbHit } from './kb-reader-store.ts';
import { Segments, segmentsText } from './Segments.tsx';
import { useSpaceName } from './use-space-name.ts';
import { KbSpaceList } from './KbSpaceList.tsx';

const RESULTS_ID = 'kb-reader-results';
const optionId = (articleId: number) => `kb-reader-hit-${articleId}`;

/**
 * The search box and its results. Typing searches at once (the store bounds and orders the
 * requests); ↑/↓ move through the results, Enter opens the highlighted one. The box keeps
 * its text while an article is open, and gets the focus back on return.
 */
export function KbSearch({ focusRequest }: { focusRequest: number }) {
  const t = useT();
  const query = useKbReader((s) => s.query);
  const search = useKbReader((s) => s.search);
  const selected = useKbReader((s) => s.selected);
  const setQuery = useKbReader((s) => s.setQuery);
  const moveSelection = useKbReader((s) => s.moveSelection);
  const select = useKbReader((s) => s.select);
  const open = useKbReader((s) => s.open);
  const input = useRef<HTMLInputElement>(null);
  const hits: readonly KbHit[] = search.status === 'idle' ? [] : search.hits;
  const active = hits[selected];

  useEffect(() => {
    input.current?.focus();
  }, [focusRequest]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      moveSelection(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter' && active !== undefined) {
      e.preventDefault();
      void open(active.articleId);
    } else if (e.key === 'Escape') {
      // A search box clears itself on Esc; the hint teaches Esc as "back", so an agent pressing
      // it here would lose the query mid-call. The ✕ button still clears.
      e.preventDefault();
    }
  };

  return (
    <div className="kb-reader__search" data-testid="kb-search">
      <label className="kb-reader__label" htmlFor="kb-reader-query">
        {t('kb.reader.searchLabel')}
      </label>
      <input
        ref={input}
        id="kb-reader-query"
        className="kb-reader__query"
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        aria-expanded={hits.length > 0}
        aria-controls={RESULTS_ID}
        aria-activedescendant={active === undefined ? undefined : optionId(active.articleId)}
        aria-describedby="kb-reader-hint"
        placeholder={t('kb.reader.searchPlaceholder')}
        value={query}
        data-testid="kb-search-input"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <p id="kb-reader-hint" className="kb-reader__hint">
        {t('kb.reader.searchHint')}
      </p>
      <KbSpaceList />
      <SearchStatus />
      <ul
        id={RESULTS_ID}
        className="kb-reader__results"
        role="listbox"
        aria-label={t('kb.reader.results')}
        data-testid="kb-results"
        // The query whose answer is shown (tests and the keystroke benchmark wait for it).
        data-query={search.status === 'ready' ? search.query : undefined}
      >
        {hits.map((hit, index) => (
          <Hit key={hit.articleId} hit={hit} active={index === selected} onHover={() => select(index)} onOpen={() => void open(hit.articleId)} />
        ))}
      </ul>
    </div>
  );
}

function SearchStatus() {
  const t = useT();
  const search = useKbReader((s) => s.search);
  const query = useKbReader((s) => s.query);
  if (search.status === 'failed') {
    return (
      <p className="alert alert--error" role="alert" data-testid="kb-search-error">
        {errorMessage(t, search.error)}
      </p>
    );
  }
  if (search.status === 'ready') {
    return (
      <p className="kb-reader__status" role="status" data-testid="kb-search-status">
        {search.hits.length === 0 ? t('kb.reader.noResults') : t('kb.reader.resultCount', { count: search.hits.length })}
      </p>
    );
  }
  // Only punctuation or symbols (%%%, ？？): nothing is searched, and the agent is told why.
  const wordless = search.status === 'idle' && query.trim() !== '' && !searchable(query);
  return (
    <p className="kb-reader__status" role="status" data-testid={wordless ? 'kb-search-wordless' : undefined}>
      {search.status === 'searching' ? t('kb.reader.searching') : wordless ? t('kb.reader.needWords') : ''}
    </p>
  );
}

function Hit({ hit, active, onHover, onOpen }: { hit: KbHit; active: boolean; onHover: () => void; onOpen: () => void }) {
  const t = useT();
  const space = useSpaceName(hit.spaceId);
  return (
    <li
      id={optionId(hit.articleId)}
      role="option"
      aria-selected={active}
      className={`kb-reader__hit-row${active ? ' kb-reader__hit-row--active' : ''}`}
      data-testid="kb-result"
      data-article-id={hit.articleId}
      data-version={hit.version}
      title={segmentsText(hit.title)}
      onMouseEnter={onHover}
      onClick={onOpen}
    >
      <span className="kb-reader__hit-title">
        <Segments segments={hit.title} />
      </span>
      <span className="kb-reader__hit-meta">
        {space}
        {hit.mandatory && <span className="kb-reader__tag">{t('kb.reader.mandatory')}</span>}
      </span>
      <span className="kb-reader__hit-snippet">
        <Segments segments={hit.snippet} />
      </span>
    </li>
  );
}
