import { useT, useUi } from '../../../state/context.tsx';
import { useMandatory } from './mandatory-context.tsx';
import { readyHeld } from './mandatory-store.ts';
import { MANDATORY_HEADING_ID } from './MandatoryQueue.tsx';
import './mandatory.css';

/** The count beside "必读" in the navigation (nothing while the queue is empty). */
export function MandatoryBadge() {
  const t = useT();
  const count = useMandatory((s) => s.pending.length);
  if (count === 0) return null;
  return (
    <span className="kb-mandatory-badge" data-testid="kb-mandatory-badge" aria-label={t('kb.mandatory.count', { count })}>
      {count}
    </span>
  );
}

/**
 * Under the phone's 示闲/示忙 choice while mandatory reads wait: why Ready is refused, and
 * the way to the queue. When the agent has just chosen 示闲 and been refused (`refused`), it is
 * the refusal itself — an alert — and the phone's problem line stays quiet (one message, not two).
 */
export function ReadyHold({ refused = false }: { refused?: boolean }) {
  const t = useT();
  const held = useMandatory(readyHeld);
  const count = useMandatory((s) => s.pending.length);
  const openArea = useUi((s) => s.openArea);
  // The keyboard follows to the queue (it would stay down here in the phone panel otherwise).
  const openQueue = () => {
    openArea('kb-mandatory');
    requestAnimationFrame(() => document.getElementById(MANDATORY_HEADING_ID)?.focus());
  };
  if (!held) return null;
  return (
    <p className={`kb-mandatory-hold${refused ? ' kb-mandatory-hold--refused' : ''}`} data-testid="kb-ready-hold" data-refused={refused} role={refused ? 'alert' : 'status'}>
      <span>{t('kb.mandatory.readyHeld', { count })}</span>
      <button type="button" className="button button--small" onClick={openQueue}>
        {t('kb.mandatory.openQueue')}
      </button>
    </p>
  );
}
