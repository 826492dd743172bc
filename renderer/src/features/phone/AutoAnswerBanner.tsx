import { useEffect, useState } from 'react';
import { useStores, useT } from '../../state/context.tsx';
import { useInbound } from './inbound-context.tsx';

/** The auto-answer countdown while a call rings (policy.autoAnswer), with the way out. */
export function AutoAnswerBanner() {
  const t = useT();
  const { now } = useStores();
  const pending = useInbound((s) => s.autoAnswer, null);
  const cancel = useInbound((s) => s.cancelAutoAnswer, () => undefined);
  const [at, setAt] = useState(now);
  useEffect(() => {
    if (pending === null) return;
    setAt(now());
    const timer = setInterval(() => setAt(now()), 250);
    return () => clearInterval(timer);
  }, [pending, now]);
  if (pending === null) return null;
  const seconds = Math.max(0, Math.ceil((pending.answerAt - at) / 1000));
  return (
    <div className="auto-answer" role="status" data-testid="phone-auto-answer" data-call-id={pending.callId}>
      <span data-testid="phone-auto-answer-countdown">{t('phone.autoAnswer.countdown', { seconds })}</span>
      <button type="button" className="button button--small" data-testid="phone-auto-answer-cancel" onClick={cancel}>
        {t('phone.autoAnswer.cancel')}
      </button>
    </div>
  );
}
