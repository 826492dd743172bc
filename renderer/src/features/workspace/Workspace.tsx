import { useEffect, useMemo, useRef, type ComponentType, type ReactNode } from 'react';
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
import { AuthoringArea } from '../kb/authoring/AuthoringArea.tsx';
import { AuthoringProvider } from '../kb/authoring/authoring-context.tsx';
import { MandatoryProvider } from '../kb/mandatory/mandatory-context.tsx';
import { MandatoryQueue } from '../kb/mandatory/MandatoryQueue.tsx';
import { MandatoryBadge } from '../kb/mandatory/ReadyHold.tsx';
import { KbArea } from '../kb/reader/KbArea.tsx';
import { KbReaderProvider } from '../kb/reader/kb-reader-context.tsx';
import { TicketsArea } from '../tickets/TicketsArea.tsx';
import { TicketsProvider } from '../tickets/tickets-context.tsx';
import './workspace.css';

const AREA_VIEWS: Record<AreaId, ComponentType> = {
  'session-security': SessionSecurityArea,
  kb: KbArea,
  'kb-mandatory': MandatoryQueue,
  'kb-authoring': AuthoringArea,
  tickets: TicketsArea,
};
const AREA_BADGES: Partial<Record<AreaId, ReactNode>> = { 'kb-mandatory': <MandatoryBadge /> };

/** The mandatory-read queue for operators who read the KB (it feeds the nav's count and the phone's Ready gate). */
function MaybeMandatory({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  return enabled ? <MandatoryProvider>{children}</MandatoryProvider> : <>{children}</>;
}
/** The KB reader for operators who read the KB: its query and open article survive area changes. */
function MaybeKbReader({ enabled, locked, children }: { enabled: boolean; locked: boolean; children: ReactNode }) {
  return enabled ? <KbReaderProvider locked={locked}>{children}</KbReaderProvider> : <>{children}</>;
}
/** Authoring for the institution's authors: the draft lives here, so it survives a visit to another area. */
function MaybeAuthoring({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  return enabled ? <AuthoringProvider>{children}</AuthoringProvider> : <>{children}</>;
}

/** The phone for operators who handle calls; it wraps the whole body so a new ticket can take the current call. */
function MaybePhone({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  return enabled ? <PhoneProvider>{children}</PhoneProvider> : <>{children}</>;
}
/** Tickets for operators who file or process them: the list follows pushed changes whichever area is open. */
function MaybeTickets({ permissions, locked, children }: { permissions: readonly string[]; locked: boolean; children: ReactNode }) {
  const canFile = permissions.includes('tickets.create');
  const canProcess = permissions.includes('tickets.process');
  if (!canFile && !canProcess) return <>{children}</>;
  return (
    <TicketsProvider locked={locked} canFile={canFile} canProcess={canProcess} canReveal={permissions.includes('tickets.reveal')}>
      {children}
    </TicketsProvider>
  );
}

/**
 * The signed-in frame. While locked it stays mounted (so its state survives) but is
 * `inert` — no focus, no clicks, hidden from assistive tech — and visually hidden.
 */
export function Workspace({ locked }: { locked: boolean }) {
  const roles = useSession((s) => currentOperator(s)?.roles);
  // The phone for operators the institution lets handle calls (the phone.* channels need it too).
  const canCall = useSession((s) => currentOperator(s)?.permissions.includes('calls.handle') ?? false);
  const permissions = useSession((s) => currentOperator(s)?.permissions);
  const canReadKb = permissions?.includes('kb.read') ?? false;
  const canEditKb = permissions?.includes('kb.edit') ?? false;
  const areas = useMemo(() => areasFor(roles ?? [], permissions ?? []), [roles, permissions]);
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
      <MaybeMandatory enabled={canReadKb}>
      <MaybeKbReader enabled={canReadKb} locked={locked}>
      <MaybeAuthoring enabled={canEditKb}>
      <MaybePhone enabled={canCall}>
      <MaybeTickets permissions={permissions ?? []} locked={locked}>
      <div className="workspace__body">
        <AreaNav areas={areas} activeArea={visible?.id ?? null} onOpen={openArea} badges={AREA_BADGES} />
        <main ref={mainRef} className="workspace__content" id="workspace-content">
          {View && <View />}
        </main>
        {canCall && (
          <InboundProvider locked={locked}>
            <PhonePanel locked={locked} />
            <LockCallBar locked={locked} />
          </InboundProvider>
        )}
      </div>
      </MaybeTickets>
      </MaybePhone>
      </MaybeAuthoring>
      </MaybeKbReader>
      </MaybeMandatory>
    </div>
  );
}
