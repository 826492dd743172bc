import type { ReactNode } from 'react';
import { useT } from '../../state/context.tsx';
import type { AreaDefinition, AreaId } from './areas.ts';

/** Role-filtered navigation; only areas that exist and that the operator's roles may open. */
export function AreaNav({
  areas,
  activeArea,
  onOpen,
  badges = {},
}: {
  areas: readonly AreaDefinition[];
  activeArea: AreaId | null;
  onOpen: (area: AreaId) => void;
  /** Something to show beside an area's name (the count of mandatory reads). */
  badges?: Partial<Record<AreaId, ReactNode>>;
}) {
  const t = useT();
  return (
    <nav className="area-nav" aria-label={t('nav.label')}>
      <ul className="area-nav__list">
        {areas.map((area) => (
          <li key={area.id}>
            <button
              type="button"
              className={`area-nav__item${area.id === activeArea ? ' area-nav__item--active' : ''}`}
              aria-current={area.id === activeArea ? 'page' : undefined}
              aria-controls="workspace-content"
              data-area={area.id}
              onClick={() => onOpen(area.id)}
            >
              {t(area.label)}
              {badges[area.id]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
