import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useLocalized, useStores, useT } from '../../state/context.tsx';
import { formatDuration } from './CallTimer.tsx';
import { usePhone } from './phone-context.tsx';
import './wrap-up.css';

const NONE: readonly never[] = [];
const NOT_TYPED = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Where the agent is typing: a text field, a text area, an editable region (a ticket being filed during the call). */
function isTextEntry(el: Element | null): boolean {
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !NOT_TYPED.has(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * 话后整理: the countdown (then how long it is overdue), the disposition list, Finish
 * (also Enter anywhere in the card) and Extend once. The list gets the focus when wrap-up
 * begins, so the keyboard flow is: arrow keys to choose, Enter to finish — unless the agent is
 * typing somewhere (a ticket filed during the call): the caller hanging up must not send their
 * next keystrokes into the list (type-ahead picks a disposition, Enter finishes). Finished, the
 * focus goes back to where it was taken from, if that is still there.
 */
export function WrapUpCard() {
  const t = useT();
  const pick = useLocalized();
  const id = useId();
  const wrapUp = usePhone((s) => s.wrapUp);
  const dispositions = usePhone((s) => s.codes?.dispositions ?? NONE);
  const reasons = usePhone((s) => s.codes?.notReadyReasons ?? NONE);
  const wrapUpSeconds = usePhone((s) => s.codes?.wrapUpSeconds ?? 30);
  const availability = usePhone((s) => s.availability);
  const chooseDisposition = usePhone((s) => s.chooseDisposition);
  const finish = usePhone((s) => s.finishWrapUp);
  const extend = usePhone((s) => s.extendWrapUp);
  const select = useRef<HTMLSelectElement>(null);
  const callId = wrapUp?.callId ?? null;

  useEffect(() => {
    if (callId === null) return;
    const before = document.activeElement;
    // Nor under the lock screen (the workspace is inert): its password field or call bar keeps the focus.
    if (isTextEntry(before) || select.current?.closest('[inert]')) return;
    select.current?.focus();
    return () => {
      // Runs once the card is gone: nothing else took the focus, so it goes back.
      const now = document.activeElement;
      if (before instanceof HTMLElement && before !== document.body && before.isConnected && (now === null || now === document.body)) before.focus();
    };
  }, [callId]);

  if (wrapUp === null) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Buttons answer Enter themselves; anywhere else in the card Enter means Finish.
    if (event.key !== 'Enter' || event.target instanceof HTMLButtonElement) return;
    event.preventDefault();
    finish();
  };
  let afterwards = t('phone.agent.unset');
  if (availability.kind === 'ready') afterwards = t('phone.agent.ready');
  if (availability.kind === 'not-ready') {
    const reason = reasons.find((r) => r.code === availability.reasonCode);
    afterwards = t('phone.agent.notReady', { reason: reason ? pick(reason.label) : availability.reasonCode });
  }

  return (
    <section
      className={`phone-wrap-up${wrapUp.overdue ? ' phone-wrap-up--overdue' : ''}`}
      aria-label={t('phone.wrapUp.heading')}
      data-testid="phone-wrap-up"
      data-call-id={wrapUp.callId}
      data-overdue={wrapUp.overdue ? 'true' : 'false'}
      data-extended={wrapUp.extended ? 'true' : 'false'}
      onKeyDown={onKeyDown}
    >
      <p className="phone-wrap-up__title">
        <span>{t('phone.wrapUp.heading')}</span>
        <WrapUpClock deadline={wrapUp.deadline} />
      </p>
      <p className="phone-wrap-up__call">{t('phone.wrapUp.call', { remote: wrapUp.remote })}</p>
      <label className="field__label" htmlFor={id}>
        {t('phone.wrapUp.disposition')}
      </label>
      <select
        id={id}
        ref={select}
        className="field__input"
        data-testid="phone-disposition"
        value={wrapUp.disposition ?? ''}
        aria-required={dispositions.length > 0}
        onChange={(event) => chooseDisposition(event.target.value)}
      >
        <option value="" disabled>
          {t('phone.wrapUp.choose')}
        </option>
        {dispositions.map((d) => (
          <option key={d.code} value={d.code}>
            {pick(d.label)}
          </option>
        ))}
      </select>
      <p className="phone-wrap-up__afterwards">{t('phone.wrapUp.afterwards', { state: afterwards })}</p>
      <div className="phone-call__actions">
        <button type="button" className="button button--primary" data-testid="phone-wrap-up-finish" aria-keyshortcuts="Enter" onClick={finish}>
          {t('phone.wrapUp.finish')}
        </button>
        <button type="button" className="button" data-testid="phone-wrap-up-extend" disabled={wrapUp.extended} onClick={extend}>
          {wrapUp.extended ? t('phone.wrapUp.extended') : t('phone.wrapUp.extend', { seconds: String(wrapUpSeconds) })}
        </button>
      </div>
    </section>
  );
}

/** Time left, ticking once a second; past the deadline, how long it is overdue. */
function WrapUpClock({ deadline }: { deadline: number }) {
  const t = useT();
  const { now } = useStores();
  const [at, setAt] = useState(now);
  useEffect(() => {
    setAt(now());
    const timer = setInterval(() => setAt(now()), 1000);
    return () => clearInterval(timer);
  }, [now, deadline]);
  const left = deadline - at;
  return (
    <span className="phone-call__timer" role="timer" aria-label={t('phone.wrapUp.timer')} data-testid="phone-wrap-up-timer">
      {left > 0 ? t('phone.wrapUp.remaining', { time: formatDuration(left + 999) }) : t('phone.wrapUp.overdue', { time: formatDuration(-left) })}
    </span>
  );
}
