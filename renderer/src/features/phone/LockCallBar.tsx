import { createPortal } from 'react-dom';
import { useEffect, useRef, type FocusEvent } from 'react';
import { useT } from '../../state/context.tsx';
import { focusIfLost } from '../../ui/focus-if-lost.ts';
import { useLockCallSlot } from '../lock/lock-slot.ts';
import { maskedCaller } from './inbound-store.ts';
import { usePhone } from './phone-context.tsx';

/** Focus inside the bar is the lock screen's, not the (inert) workspace's it is mounted under. */
const keepToLockScreen = (event: FocusEvent) => event.stopPropagation();

/**
 * The call bar on the lock screen: the masked caller, answer / decline while it rings,
 * mute and hang up during the call. Rendered into the lock screen's slot (lock-slot.ts), so
 * the workspace stays locked, hidden and inert; nothing else of the phone shows here.
 */
export function LockCallBar({ locked }: { locked: boolean }) {
  const t = useT();
  const slot = useLockCallSlot();
  const call = usePhone((s) => s.call);
  const answer = usePhone((s) => s.answer);
  const decline = usePhone((s) => s.decline);
  const hangup = usePhone((s) => s.hangup);
  const toggleMute = usePhone((s) => s.toggleMute);
  // 接听 and 挂断 go with the step they start, and the focus with them: answered, it goes to 静音 (not
  // 挂断: a second Enter must not end the call); ended, back to the lock screen's password field.
  const muteRef = useRef<HTMLButtonElement>(null);
  const phase = locked && slot !== null ? (call?.phase ?? 'none') : null;
  const lastPhase = useRef(phase);
  useEffect(() => {
    const before = lastPhase.current;
    lastPhase.current = phase;
    if (phase === 'active') focusIfLost(muteRef.current);
    else if (phase === 'none' && before !== 'none' && before !== null) focusIfLost(slot?.closest('[role="dialog"]')?.querySelector<HTMLInputElement>('input[type="password"]') ?? null);
  }, [phase, slot]);
  if (!locked || slot === null || call === null) return null;
  const caller = maskedCaller(call.remote);
  const ringing = call.phase === 'ringing';
  const status = ringing ? t('lock.call.ringing', { caller }) : call.phase === 'active' ? t('lock.call.active', { caller }) : t('lock.call.connecting', { caller });
  return createPortal(
    <section
      className="lock-call-bar"
      aria-label={t('lock.call.heading')}
      data-testid="lock-call-bar"
      data-phase={call.phase}
      data-mute={call.mute}
      onFocus={keepToLockScreen}
      onBlur={keepToLockScreen}
    >
      <p className="lock-call-bar__status" role="status" data-testid="lock-call-status">
        {status}
      </p>
      <div className="lock-call-bar__actions">
        {ringing ? (
          <>
            <button type="button" className="button button--primary" data-testid="lock-call-answer" onClick={answer}>
              {t('phone.answer')}
            </button>
            <button type="button" className="button button--danger" data-testid="lock-call-decline" onClick={decline}>
              {t('phone.decline')}
            </button>
          </>
        ) : (
          <>
            <button ref={muteRef} type="button" className="button" data-testid="lock-call-mute" aria-pressed={call.muteRequested} disabled={call.phase !== 'active'} onClick={toggleMute}>
              {call.muteRequested ? t('phone.unmute') : t('phone.mute')}
            </button>
            <button type="button" className="button button--danger" data-testid="lock-call-hangup" onClick={hangup}>
              {t('phone.hangup')}
            </button>
          </>
        )}
      </div>
      <p className="lock-call-bar__hint">{t('lock.call.hint')}</p>
    </section>,
    slot,
  );
}
