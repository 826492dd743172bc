import { useEffect, useId, useRef } from 'react';
import { useT } from '../../state/context.tsx';
import { focusIfLost } from '../../ui/focus-if-lost.ts';
import { CallTimer } from './CallTimer.tsx';
import { usePhone } from './phone-context.tsx';
import { ariaShortcut } from './shortcuts.ts';

/** The transfer target field's id: the transfer shortcut (Ctrl+Alt+T) moves focus here. */
export const TRANSFER_TARGET_ID = 'phone-transfer-target';

export function focusTransferTarget(): void {
  document.getElementById(TRANSFER_TARGET_ID)?.focus();
}

/**
 * Transfer and conference during an answered call: a target field (checked like the number
 * field), blind transfer or consult; while consulting, the consultation call with complete
 * transfer, conference and cancel. Reads the phone store only.
 */
export function TransferPanel() {
  const t = useT();
  const fieldId = useId();
  const consult = usePhone((s) => s.consult);
  const transfer = usePhone((s) => s.transfer);
  const conference = usePhone((s) => s.conference);
  const target = usePhone((s) => s.transferTarget);
  const customer = usePhone((s) => s.call?.remote ?? '');
  const setTarget = usePhone((s) => s.setTransferTarget);
  const blind = usePhone((s) => s.blindTransfer);
  const startConsult = usePhone((s) => s.startConsult);
  const cancel = usePhone((s) => s.cancelConsult);
  const complete = usePhone((s) => s.completeTransfer);
  const startConference = usePhone((s) => s.startConference);
  const pending = transfer !== 'idle';
  // Each step disables or replaces the button that was pressed (直接转接, 咨询转接, then the consultation's
  // own), dropping the focus to <body>: once the step settles it goes to the next thing to do — the
  // consultation's 完成转接 (or 取消), or back to the target field when the attempt failed.
  const targetRef = useRef<HTMLInputElement>(null);
  const completeRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const consulting = consult !== null;
  // Not when the panel first shows (the call was just answered: CallCard places the focus), only on a step.
  const step = `${transfer}:${consulting ? (consult?.phase ?? '') : '-'}:${conference}`;
  const lastStep = useRef(step);
  useEffect(() => {
    if (lastStep.current === step) return;
    lastStep.current = step;
    const next = (consulting ? [completeRef, cancelRef] : [targetRef]).map((r) => r.current).find((el) => el !== null && !el.disabled);
    focusIfLost(next ?? null);
  }, [step, consulting]);

  return (
    <section className="phone-transfer" aria-label={t('phone.transfer.heading')} data-testid="phone-transfer" data-transfer={transfer} data-conference={conference}>
      <h3 className="phone-section-title">{t('phone.transfer.heading')}</h3>
      {consult === null ? (
        <>
          <label className="field__label" htmlFor={TRANSFER_TARGET_ID}>
            {t('phone.transfer.target')}
          </label>
          <input
            ref={targetRef}
            id={TRANSFER_TARGET_ID}
            className="field__input"
            data-testid="phone-transfer-target"
            inputMode="tel"
            autoComplete="off"
            aria-keyshortcuts={ariaShortcut('transfer')}
            value={target}
            disabled={pending}
            onChange={(event) => setTarget(event.target.value)}
          />
          <div className="phone-call__actions">
            <button type="button" className="button" data-testid="phone-transfer-blind" disabled={pending} onClick={blind}>
              {t('phone.transfer.blind')}
            </button>
            <button type="button" className="button" data-testid="phone-transfer-consult" disabled={pending} onClick={startConsult}>
              {t('phone.transfer.consult')}
            </button>
          </div>
        </>
      ) : (
        <div className="phone-consult" data-testid="phone-consult" data-phase={consult.phase} data-call-id={consult.callId} data-inbound={consult.media.inbound} data-outbound={consult.media.outbound} aria-labelledby={fieldId}>
          <p className="phone-call__title" id={fieldId}>
            <span role="status">
              {conference ? t('phone.conference.active', { a: customer, b: consult.remote }) : t('phone.consult.call', { call: t(`phone.call.${consult.phase}`, { remote: consult.remote }) })}
            </span>
            {consult.answeredAt !== null && <CallTimer since={consult.answeredAt} />}
          </p>
          <div className="phone-call__actions">
            <button ref={completeRef} type="button" className="button button--primary" data-testid="phone-transfer-complete" disabled={pending || consult.phase !== 'active'} onClick={complete}>
              {t('phone.transfer.complete')}
            </button>
            <button type="button" className="button" data-testid="phone-conference" disabled={pending || conference || consult.phase !== 'active'} onClick={startConference}>
              {t('phone.transfer.conference')}
            </button>
            <button ref={cancelRef} type="button" className="button button--danger" data-testid="phone-transfer-cancel" disabled={pending} onClick={cancel}>
              {t('phone.transfer.cancel')}
            </button>
          </div>
        </div>
      )}
      {pending && (
        <p className="phone-transfer__status" role="status" data-testid="phone-transfer-status">
          {t(transfer === 'blind' ? 'phone.transfer.blindPending' : 'phone.transfer.attendedPending')}
        </p>
      )}
    </section>
  );
}
