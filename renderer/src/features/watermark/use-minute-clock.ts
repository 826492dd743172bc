import { useEffect, useState } from 'react';

/** The current time, re-read at each minute boundary (the watermark shows minutes). */
export function useMinuteClock(now: () => number): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const current = now();
      setTime(current);
      timer = setTimeout(schedule, 60_000 - (current % 60_000));
    };
    schedule();
    return () => clearTimeout(timer);
  }, [now]);
  return time;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time to the minute, the same in every language (it identifies, it does not read). */
export function formatWatermarkTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
