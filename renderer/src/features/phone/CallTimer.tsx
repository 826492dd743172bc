import { useEffect, useState } from 'react';
import { useStores, useT } from '../../state/context.tsx';

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** Time since the call was answered, ticking once a second. */
export function CallTimer({ since }: { since: number }) {
  const t = useT();
  const { now } = useStores();
  const [at, setAt] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setAt(now()), 1000);
    return () => clearInterval(timer);
  }, [now]);
  return (
    <span className="phone-call__timer" role="timer" aria-label={t('phone.call.timer')} data-testid="phone-call-timer">
      {formatDuration(at - since)}
    </span>
  );
}
