import { useEffect, useState } from 'react';
import { useStores, useT } from '../../../state/context.tsx';
import { settle, type TicketCallContext, type TicketDraft } from './form-bridge.ts';
import { TicketFormView } from './TicketFormView.tsx';
import { TypePicker } from './TypePicker.tsx';
import './ticket-form.css';

export interface TicketFormProps {
  /** The type to file (its latest version); absent: the agent picks one (or resumes a draft). */
  typeId?: string;
  /** The call the ticket comes from (attached to the ticket and its draft). */
  call?: TicketCallContext;
  /** Reopen this saved draft (its type version, values and sealed fields). */
  draftId?: string;
  /** The draft refills a ticket the institution refused: every field's problems show at once. */
  refill?: boolean;
  /** Filed: the ticket is in the outbox under this local id. */
  onDone(localId: string): void;
  /** Closed without filing (the draft, if any, stays unless the agent discarded it). */
  onCancel(): void;
}

type Start = { typeId: string } | { draft: TicketDraft; showProblems?: boolean };

/**
 * A new ticket (issue #9): the type picker when no type is named, then the type's form.
 * Everything the agent types is autosaved as a draft (sensitive fields only as sealed
 * envelopes), so a crash or reload loses nothing; filing puts it in the desk's outbox.
 */
export function TicketForm({ typeId, call, draftId, refill = false, onDone, onCancel }: TicketFormProps) {
  const t = useT();
  const { desk } = useStores();
  const bridge = desk.tickets;
  const [start, setStart] = useState<Start | null>(typeId === undefined ? null : { typeId });
  const [missingDraft, setMissingDraft] = useState(false);

  useEffect(() => {
    if (draftId === undefined) return;
    let live = true;
    void settle(() => bridge.drafts()).then((result) => {
      if (!live) return;
      const draft = result.ok ? result.value.drafts.find((d) => d.draftId === draftId) : undefined;
      if (draft === undefined) setMissingDraft(true);
      else setStart(refill ? { draft, showProblems: true } : { draft });
    });
    return () => {
      live = false;
    };
  }, [bridge, draftId, refill]);

  if (start === null) {
    if (draftId !== undefined && !missingDraft) return <p className="ticket-form__status">{t('ticketForm.loading')}</p>;
    return <TypePicker bridge={bridge} onPick={(id) => setStart({ typeId: id })} onResume={(draft) => setStart({ draft })} onCancel={onCancel} />;
  }
  const key = 'draft' in start ? `draft:${start.draft.draftId}` : `type:${start.typeId}`;
  return <TicketFormView key={key} bridge={bridge} from={start} {...(call === undefined ? {} : { call })} onDone={onDone} onCancel={onCancel} />;
}
