import { useId, useRef, useState, type FormEvent } from 'react';
import { useLanguage, useT } from '../../../state/context.tsx';
import { formatTime } from '../list/ticket-rows.ts';
import { focusIfLost } from '../../../ui/focus-if-lost.ts';
import { processingError } from '../processing/processing-errors.ts';
import type { TicketComment } from '../tickets-bridge.ts';
import type { ActionOutcome } from './ticket-detail-store.ts';

const COMMENT_MAX = 4000;

/** Comments on the ticket: the filer and its processors write here; newest last, as a conversation. */
export function TicketComments({ comments, busy, comment }: { comments: readonly TicketComment[]; busy: boolean; comment: (body: string) => Promise<ActionOutcome> }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const bodyId = useId();
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') {
      setProblem(t('tickets.comments.required'));
      return;
    }
    setProblem(null);
    const outcome = await comment(body.trim());
    if (outcome.ok) setBody('');
    else setProblem(processingError(t, 'comment', outcome.error));
    // 发送 was disabled while sending, which took the focus: back to the box, for the next one or a fix.
    focusIfLost(bodyRef.current);
  };

  return (
    <section className="ticket-comments" aria-labelledby="ticket-comments-heading" data-testid="ticket-comments">
      <h4 id="ticket-comments-heading" className="ticket-section-title">{t('tickets.comments.heading')}</h4>
      {comments.length === 0 ? (
        <p className="ticket-muted">{t('tickets.comments.empty')}</p>
      ) : (
        <ol className="ticket-comments__list">
          {comments.map((c) => (
            <li key={c.id} className="ticket-comments__item" data-testid="ticket-comment">
              <span className="ticket-comments__by">{t('tickets.comments.by', { who: c.author, when: formatTime(c.createdAt, language) })}</span>
              <span className="ticket-comments__body">{c.body}</span>
            </li>
          ))}
        </ol>
      )}
      <form className="ticket-comments__form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={bodyId} className="ticket-processing__label">{t('tickets.comments.add')}</label>
        <textarea ref={bodyRef} id={bodyId} className="field__input ticket-comments__input" data-testid="ticket-comment-body" rows={2} maxLength={COMMENT_MAX} value={body} onChange={(e) => setBody(e.target.value)} />
        <button type="submit" className="button button--small" data-testid="ticket-comment-send" disabled={busy}>{t('tickets.comments.send')}</button>
        {problem !== null && <span className="alert alert--error" role="alert">{problem}</span>}
      </form>
    </section>
  );
}
