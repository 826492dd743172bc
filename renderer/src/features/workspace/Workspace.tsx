import { useEffect, useMemo, useRef, type ComponentType } from 'react';
import { useSession, useUi } from '../../state/context.tsx';
import { currentOperator } from '../../state/session-store.ts';
import { areasFor, type AreaId } from './areas.ts';
import { WorkspaceHeader } from './WorkspaceHeader.tsx';
import { AreaNav } from './AreaNav.tsx';
import { SessionSecurityArea } from './SessionSecurityArea.tsx';
import { useWorkspaceFocus } from './use-workspace-focus.ts';
import { PhoneProvider } from '../phone/phone-context.tsx';
import { PhonePanel } from '../phone/PhonePanel.tsx';
import { InboundProvider } from '../phone/inbound-context.tsx';
import { LockCallBar } from '../phone/LockCallBar.tsx';
import './workspace.css';

const AREA_VIEWS: Record<AreaId, ComponentType> = {
  'session-security': SessionSecurityArea,
};

/**
 * The signed-in frame. While locked it stays mounted (so its state survives) but is
 * `inert` — no focus, no clicks, hidden from assistive tech — and visually hidden.
 */
export function Workspace({ locked }: { locked: boolean }) {
  const roles = useSession((s) => currentOperator(s)?.roles);
  // The phone for operators the institution lets handle calls (the phone.* channels need it too).
  const canCall = useSession((s) => currentOperator(s)?.permissions.includes('calls.handle') ?? false);
  const areas = useMemo(() => areasFor(roles ?? []), [roles]);
  const activeArea = useUi((s) => s.activeArea);
  const openArea = useUi((s) => s.openArea);

  // Open the first area the operator may see; openArea ignores a repeat, so a
  // re-run (StrictMode, re-render) records nothing twice.
  const first = areas[0]?.id;
  useEffect(() => {
    if (activeArea === null && first) openArea(first);
  }, [activeArea, first, openArea]);

  const visible = areas.find((area) => area.id === activeArea);
  const View = visible ? AREA_VIEWS[visible.id] : null;
  const rootRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const focus = useWorkspaceFocus({ rootRef, mainRef, locked, areaShown: visible?.id ?? null });

  return (
    <div
      ref={rootRef}
      className={`workspace${locked ? ' workspace--locked' : ''}`}
      data-testid="workspace"
      inert={locked}
      onFocus={focus.onFocus}
      onBlur={focus.onBlur}
    >
      <WorkspaceHeader />
      <div className="workspace__body">
        <AreaNav areas={areas} activeArea={visible?.id ?? null} onOpen={openArea} />
        <main ref={mainRef} className="workspace__content" id="workspace-content">
          {View && <View />}
        </main>
        {canCall && (
          <PhoneProvider>
            <InboundProvider locked={locked}>
              <PhonePanel locked={locked} />
              <LockCallBar locked={locked} />
            </InboundProvider>
          </PhoneProvider>
        )}
      </div>
    </div>
  );
}
