import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { SENSITIVE_ATTRIBUTE } from '../../../../../electron/contract/protected-area.ts';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';
import { useT } from '../../../state/context.tsx';
import { errorMessage } from '../../../i18n/labels.ts';
import { useTicketsContext } from '../tickets-context.tsx';

/** How long a revealed value stays on screen; then it is cleared (and on leaving the ticket). */
export const REVEAL_SHOWN_MS = 30_000;
const REASON_MIN = 2;
const REASON_MAX = 500;

/**
 * Reveal of one sealed field for staff with tickets.reveal: a reason is required (the
 * institution writes it to the ticket's history and the staff-action log), the value is shown
 * inside a sensitive area (`data-desk-sensitive`: never copied out, see protected-area.ts) for
 * REVEAL_SHOWN_MS or until hidden, and lives only in this component's state — leaving the
 * ticket unmounts it and the value is gone; locking the screen (the workspace stays mounted
 * underneath) clears it too.
 */
export function RevealField({ pointer, label, reveal }: { pointer: string; label: string; reveal: (pointer: string, reason: string) => Promise<DeskResult<{ value: string }>> }) {
  const t = useT();
  const reasonId = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [value, setValue] = useState<string | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const hideRef = useRef<HTMLButtonElement>(null);
  // Each step replaces the control that had the focus: the next one takes it (the reason box when
  // asking, 隐藏 when shown, 查看明文 when closed) — Esc, 取消 and 隐藏 used to leave it on <body>.
  const focusNext = useRef(false);
  useEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    (asking ? reasonRef : value !== null ? hideRef : openRef).current?.focus();
  }, [asking, value]);
  const close = () => {
    focusNext.current = true;
    setAsking(false);
    setProblem(null);
  };
  const { locked } = useTicketsContext();
  useEffect(() => {
    if (locked) setValue(null);
  }, [locked]);
  useEffect(() => {
    if (value === null) return;
    const timer = setTimeout(() => {
      focusNext.current = document.activeElement === hideRef.current;
      setValue(null);
    }, REVEAL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [value]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < REASON_MIN) {
      setProblem(t('tickets.reveal.reasonRequired'));
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await reveal(pointer, trimmed);
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.code === 'permission_denied' ? t('tickets.reveal.refused') : errorMessage(t, result.error));
      return;
    }
    focusNext.current = true;
    setValue(result.value.value);
    setAsking(false);
    setReason('');
  };

  if (value !== null) {
    return (
      <span className="ticket-reveal ticket-reveal--shown">
        <span className="ticket-reveal__value" {...{ [SENSITIVE_ATTRIBUTE]: '' }} data-testid="ticket-revealed-value" aria-label={t('tickets.reveal.valueLabel', { field: label })}>
          {value}
        </span>
        <span className="ticket-reveal__note">{t('tickets.reveal.shownBriefly', { seconds: REVEAL_SHOWN_MS / 1000 })}</span>
        <button
          ref={hideRef}
          type="button"
          className="button button--small"
          data-testid="ticket-reveal-hide"
          onClick={() => {
            focusNext.current = true;
            setValue(null);
          }}
        >
          {t('tickets.reveal.hide')}
        </button>
      </span>
    );
  }
  if (!asking) {
    return (
      <button
        ref={openRef}
        type="button"
        className="button button--small ticket-reveal__open"
        data-testid="ticket-reveal"
        onClick={() => {
          focusNext.current = true;
          setAsking(true);
        }}
      >
        {t('tickets.reveal.open')}
      </button>
    );
  }
  return (
    <form className="ticket-reveal__form" onSubmit={(e) => void submit(e)} aria-label={t('tickets.reveal.formLabel', { field: label })}>
      <label htmlFor={reasonId} className="ticket-reveal__label">
        {t('tickets.reveal.reason')}
      </label>
      <input
        ref={reasonRef}
        id={reasonId}
        className="field__input ticket-reveal__reason"
        data-testid="ticket-reveal-reason"
        value={reason}
        maxLength={REASON_MAX}
        aria-invalid={problem !== null}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          // Handled here: the Escape closes this box only, not the ticket around it.
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      />
      <button type="submit" className="button button--small button--primary" data-testid="ticket-reveal-submit" disabled={busy}>
        {busy ? t('tickets.reveal.busy') : t('tickets.reveal.submit')}
      </button>
      <button type="button" className="button button--small" onClick={close}>
        {t('tickets.cancel')}
      </button>
      {problem !== null && (
        <span className="ticket-problem" role="alert" data-testid="ticket-reveal-problem">
          {problem}
        </span>
      )}
    </form>
  );
}
