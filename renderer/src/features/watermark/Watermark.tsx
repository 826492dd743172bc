import { useSession, useStores } from '../../state/context.tsx';
import { currentOperator } from '../../state/session-store.ts';
import { formatWatermarkTime, useMinuteClock } from './use-minute-clock.ts';
import './watermark.css';

/** Enough tiles to cover a 4K screen at the tile spacing in watermark.css. */
const TILES = Array.from({ length: 240 }, (_, i) => i);

/**
 * The institution's leak-attribution watermark: operator ID, workstation ID and time,
 * tiled over the whole window (lock screen included, so a photo of a locked seat is
 * attributable too). It cannot stop a camera; it makes a leaked image traceable.
 */
export function Watermark() {
  const enabled = useSession((s) => s.policy?.watermark === true);
  const operatorId = useSession((s) => currentOperator(s)?.id ?? null);
  const workstationId = useSession((s) => s.workstationId);
  if (!enabled || operatorId === null || workstationId === null) return null;
  return <WatermarkTiles operatorId={operatorId} workstationId={workstationId} />;
}

function WatermarkTiles({ operatorId, workstationId }: { operatorId: string; workstationId: string }) {
  const { now } = useStores();
  const time = useMinuteClock(now);
  const text = `${operatorId} · ${workstationId} · ${formatWatermarkTime(time)}`;
  return (
    <div className="watermark" data-testid="watermark" aria-hidden="true">
      <div className="watermark__plane">
        {TILES.map((i) => (
          <span key={i} className="watermark__tile">
            {text}
          </span>
        ))}
      </div>
    </div>
  );
}
