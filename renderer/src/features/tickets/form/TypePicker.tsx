import { useEffect, useRef, useState } from 'react';
import type { DeskError } from '../../../../../electron/contract/errors.ts';
import { errorMessage } from '../../../i18n/labels.ts';
import { useLanguage, useT } from '../../../state/context.tsx';
import { settle, type TicketDraft, type TicketFormBridge, type TicketTypeVersion } from './form-bridge.ts';
import { uiText } from './form-model.ts';
import { backOnEscape } from '../detail/back-on-escape.ts';

const LINES = ['bank', 'broker', 'insurer'] as const;
const lineKey = { bank: 'ticketForm.line.bank', broker: 'ticketForm.line.broker', insurer: 'ticketForm.line.insurer' } as const;

/**
 * Where a new ticket starts when no type was named: the types the agent may file, by business
 * line, and their unfinished drafts (newest first) — after a crash or a reload the typed
 * values are one click away. Once loaded, its first heading takes the focus (Ctrl+Alt+N or
 * 新建工单 leaves it nowhere otherwise: the button that opened it is gone); Esc cancels.
 */
export function TypePicker({ bridge, onPick, onResume, onCancel }: { bridge: TicketFormBridge; onPick(typeId: string): void; onResume(draft: TicketDraft): void; onCancel(): void }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const [types, setTypes] = useState<TicketTypeVersion[] | null>(null);
  const [drafts, setDrafts] = useState<TicketDraft[]>([]);
  const [error, setError] = useState<DeskError | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const focused = useRef(false);

  useEffect(() => {
    let live = true;
    void (async () => {
      const [typesResult, draftsResult] = await Promise.all([settle(() => bridge.types()), settle(() => bridge.drafts())]);
      if (!live) return;
      if (typesResult.ok) setTypes(typesResult.value.types);
      else setError(typesResult.error);
      if (draftsResult.ok) setDrafts(draftsResult.value.drafts);
    })();
    return () => {
      live = false;
    };
  }, [bridge]);

  // After loading (drafts, when there are any, come first): a keyboard user reads on from the top.
  useEffect(() => {
    if (focused.current || (types === null && error === null)) return;
    focused.current = true;
    const root = rootRef.current;
    if (root === null || root.contains(document.activeElement)) return;
    root.querySelector<HTMLElement>('h2')?.focus();
  }, [types, error, drafts]);

  const nameOf = (typeId: string) => {
    const type = types?.find((x) => x.typeId === typeId);
    return type === undefined ? typeId : (uiText(type.name, language) ?? typeId);
  };
  const when = (iso: string) => new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

  return (
    <div ref={rootRef} className="ticket-picker" data-testid="ticket-type-picker" onKeyDown={(e) => backOnEscape(e, onCancel)}>
      {drafts.length > 0 && (
        <section className="ticket-picker__section" aria-labelledby="ticket-picker-drafts">
          <h2 id="ticket-picker-drafts" className="ticket-picker__heading" tabIndex={-1}>
            {t('ticketForm.drafts')}
          </h2>
          <ul className="ticket-picker__list">
            {drafts.map((d) => (
              <li key={d.draftId}>
                <button type="button" className="button ticket-picker__item" data-testid="ticket-draft-resume" data-draft-id={d.draftId} onClick={() => onResume(d)}>
                  {t('ticketForm.draftItem', { name: nameOf(d.typeId), when: when(d.updatedAt) })} — {t('ticketForm.resume')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="ticket-picker__section" aria-labelledby="ticket-picker-types">
        <h2 id="ticket-picker-types" className="ticket-picker__heading" tabIndex={-1}>
          {t('ticketForm.pickType')}
        </h2>
        {error !== null && <p role="alert">{t('ticketForm.loadFailed', { reason: errorMessage(t, error) })}</p>}
        {types === null && error === null && <p>{t('ticketForm.loading')}</p>}
        {types !== null && types.length === 0 && <p>{t('ticketForm.noTypes')}</p>}
        {types !== null &&
          LINES.filter((line) => types.some((x) => x.businessLine === line)).map((line) => (
            <div key={line} className="ticket-picker__line">
              <h3 className="ticket-picker__line-name">{t(lineKey[line])}</h3>
              <div className="ticket-picker__types">
                {types
                  .filter((x) => x.businessLine === line)
                  .map((x) => (
                    <button key={x.typeId} type="button" className="button ticket-picker__type" data-testid="ticket-type" data-type-id={x.typeId} onClick={() => onPick(x.typeId)}>
                      {uiText(x.name, language) ?? x.typeId}
                    </button>
                  ))}
              </div>
            </div>
          ))}
      </section>
      <button type="button" className="button" onClick={onCancel} data-testid="ticket-picker-cancel">
        {t('tickets.cancel')}
      </button>
    </div>
  );
}
