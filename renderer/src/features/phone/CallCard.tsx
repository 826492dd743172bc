import { useEffect, useRef } from 'react';
import { useT } from '../../state/context.tsx';
import { focusIfLost } from '../../ui/focus-if-lost.ts';
import { CallQuality } from './CallQuality.tsx';
import { CallTimer } from './CallTimer.tsx';
import { usePhone } from './phone-context.tsx';
import { ariaShortcut } from './shortcuts.ts';
import { TransferPanel } from './TransferPanel.tsx';

/** The current call: the incoming banner while it rings, otherwise its state and controls; after it, how it ended. */
export function CallCard() {
  const t = useT();
  const call = usePhone((s) => s.call);
  const lastEnd = usePhone((s) => s.lastEnd);
  const answer = usePhone((s) => s.answer);
  const decline = usePhone((s) => s.decline);
  const hangup = usePhone((s) => s.hangup);
  const toggleMute = usePhone((s) => s.toggleMute);
  const toggleHold = usePhone((s) => s.toggleHold);
  // While consulting or in a conference, hold belongs to the transfer flow.
  const transferring = usePhone((s) => s.consult !== null || s.conference);
  // Answered with 接听 (Enter on it): the ringing banner and its button are gone, the focus with them —
  // it goes to 静音, the first control of the call (not 挂断: a second Enter must not end the call).
  const muteRef = useRef<HTMLButtonElement>(null);
  const phase = call?.phase ?? null;
  useEffect(() => {
    if (phase === 'active') focusIfLost(muteRef.current);
  }, [phase]);

  if (call === null) {
    if (lastEnd === null) return null;
    return (
      <p className="phone-call__ended" role="status" data-testid="phone-call-ended" data-end={lastEnd.end}>
        {t('phone.ended', { remote: lastEnd.remote, reason: t(`phone.end.${lastEnd.end}`) })}
      </p>
    );
  }

  if (call.phase === 'ringing') {
    return (
      <section className="phone-call phone-call--ringing" role="alert" aria-label={t('phone.incoming')} data-testid="phone-incoming" data-call-id={call.callId}>
        <p className="phone-call__title">{t('phone.call.ringing', { remote: call.remote })}</p>
        <div className="phone-call__actions">
          <button type="button" className="button button--primary phone-call__answer" data-testid="phone-answer" aria-keyshortcuts={ariaShortcut('answer')} onClick={answer}>
            {t('phone.answer')}
          </button>
          <button type="button" className="button button--danger" data-testid="phone-decline" aria-keyshortcuts={ariaShortcut('hangup')} onClick={decline}>
            {t('phone.decline')}
          </button>
        </div>
      </section>
    );
  }

  const answered = call.phase === 'active';
  const indicators: string[] = [];
  if (call.mute !== 'live') indicators.push(t(`phone.indicator.${call.mute}`));
  if (call.hold !== 'none') indicators.push(t(`phone.indicator.${call.hold}`));
  return (
    <section
      className="phone-call"
      aria-label={t(`phone.call.${call.phase}`, { remote: call.remote })}
      data-testid="phone-call"
      data-phase={call.phase}
      data-call-id={call.callId}
      data-mute={call.mute}
      data-hold={call.hold}
      data-inbound={call.media.inbound}
      data-outbound={call.media.outbound}
      data-mic={call.media.mic}
    >
      <p className="phone-call__title">
        <span role="status">{t(`phone.call.${call.phase}`, { remote: call.remote })}</span>
        {call.answeredAt !== null && <CallTimer since={call.answeredAt} />}
      </p>
      {indicators.length > 0 && (
        <p className="phone-call__indicators" data-testid="phone-call-indicators">
          {indicators.map((text) => (
            <span key={text} className="chip chip--warning">
              {text}
            </span>
          ))}
        </p>
      )}
      {answered && call.media.inbound === 'stalled' && call.hold === 'none' && <p className="phone-call__warning">{t('phone.media.noInbound')}</p>}
      {answered && <CallQuality callId={call.callId} />}
      <div className="phone-call__actions">
        <button
          ref={muteRef}
          type="button"
          className="button"
          data-testid="phone-mute"
          aria-pressed={call.muteRequested}
          aria-keyshortcuts={ariaShortcut('mute')}
          disabled={!answered}
          onClick={toggleMute}
        >
          {call.muteRequested ? t('phone.unmute') : t('phone.mute')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="phone-hold"
          aria-pressed={call.holdRequested}
          aria-keyshortcuts={ariaShortcut('hold')}
          disabled={!answered || transferring}
          onClick={toggleHold}
        >
          {call.holdRequested ? t('phone.resume') : t('phone.hold')}
        </button>
        <button type="button" className="button button--danger" data-testid="phone-hangup" aria-keyshortcuts={ariaShortcut('hangup')} onClick={hangup}>
          {t('phone.hangup')}
        </button>
      </div>
      {(answered || transferring) && <TransferPanel />}
    </section>
  );
}
