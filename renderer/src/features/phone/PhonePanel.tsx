import { useEffect, useRef } from 'react';
import { useSession, useT } from '../../state/context.tsx';
import { AgentStateSelect } from './AgentStateSelect.tsx';
import { AutoAnswerBanner } from './AutoAnswerBanner.tsx';
import { CallCard } from './CallCard.tsx';
import { DialPlanHint } from './DialPlanHint.tsx';
import { DialPad } from './DialPad.tsx';
import { AudioDevicesPanel } from './devices/AudioDevicesPanel.tsx';
import { PhoneSettings } from './PhoneSettings.tsx';
import { usePhone } from './phone-context.tsx';
import { WrapUpCard } from './WrapUpCard.tsx';
import { RegistrationStatus } from './RegistrationStatus.tsx';
import { ScreenPop } from './ScreenPop.tsx';
import { SHORTCUT_KEYS, shortcutOf, type PhoneShortcut } from './shortcuts.ts';
import { focusTransferTarget } from './TransferPanel.tsx';
import { NEW_TICKET_SHORTCUT } from '../tickets/new-ticket-shortcut.ts';
import { currentOperator } from '../../state/session-store.ts';
import { useMandatory } from '../kb/mandatory/mandatory-context.tsx';
import { readyHeld } from '../kb/mandatory/mandatory-store.ts';
import './phone.css';
import './inbound.css';

/**
 * The call bar: registration, agent state, the call (incoming banner or in-call controls),
 * number field and dial pad, shortcuts. Reads the phone store only.
 */
export function PhonePanel({ locked }: { locked: boolean }) {
  const t = useT();
  usePhoneShortcuts(!locked);
  return (
    <aside className="phone-panel" aria-label={t('phone.heading')} data-testid="phone-panel">
      <div className="phone-panel__head">
        <h2 className="phone-panel__title">{t('phone.heading')}</h2>
        <RegistrationStatus />
      </div>
      <AgentStateSelect />
      {/* Who is calling comes first: on a 1366 × 768 laptop the caller's data stays above the fold. */}
      <ScreenPop />
      <CallCard />
      <AutoAnswerBanner />
      <WrapUpCard />
      <DialPad />
      <PhoneProblem />
      <DialPlanHint />
      <PhoneSettings />
      <AudioDevicesPanel />
      <ShortcutList />
    </aside>
  );
}

function usePhoneShortcuts(enabled: boolean) {
  const answer = usePhone((s) => s.answer);
  const decline = usePhone((s) => s.decline);
  const hangup = usePhone((s) => s.hangup);
  const toggleHold = usePhone((s) => s.toggleHold);
  const toggleMute = usePhone((s) => s.toggleMute);
  const phase = usePhone((s) => s.call?.phase ?? null);
  const actions = useRef<Record<PhoneShortcut, () => void>>({ answer, hangup, hold: toggleHold, mute: toggleMute, transfer: focusTransferTarget });
  useEffect(() => {
    actions.current = { answer, hangup: phase === 'ringing' ? decline : hangup, hold: toggleHold, mute: toggleMute, transfer: focusTransferTarget };
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const name = shortcutOf(event);
      if (name === null) return;
      event.preventDefault();
      actions.current[name]();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

function PhoneProblem() {
  const t = useT();
  const problem = usePhone((s) => s.problem);
  const dismiss = usePhone((s) => s.dismissProblem);
  // A Ready refused for mandatory reads is said once: by the hold under 示闲/示忙 (ReadyHold, with
  // the count and the way to the queue), which turns into the alert. This line says it only while
  // the desk has not seen the queue yet (the institution refused first); once the queue it held
  // is empty, the refusal is over and goes.
  const held = useMandatory(readyHeld);
  const mandatory = problem === 'kb-mandatory-pending';
  const wasHeld = useRef(false);
  useEffect(() => {
    if (!mandatory) wasHeld.current = false;
    else if (held) wasHeld.current = true;
    else if (wasHeld.current) dismiss();
  }, [mandatory, held, dismiss]);
  if (problem === null || (mandatory && held)) return null;
  return (
    <div className="alert alert--error phone-problem" role="alert" data-testid="phone-problem" data-problem={problem}>
      <span>{t(`phone.error.${problem}`)}</span>
      <button type="button" className="button button--small" onClick={dismiss}>
        {t('phone.dismiss')}
      </button>
    </div>
  );
}

function ShortcutList() {
  const t = useT();
  const canFile = useSession((s) => currentOperator(s)?.permissions.includes('tickets.create') ?? false);
  const rows: [PhoneShortcut, 'phone.answer' | 'phone.hangup' | 'phone.hold' | 'phone.mute' | 'phone.transfer.heading'][] = [
    ['answer', 'phone.answer'],
    ['hangup', 'phone.hangup'],
    ['hold', 'phone.hold'],
    ['mute', 'phone.mute'],
    ['transfer', 'phone.transfer.heading'],
  ];
  return (
    <section className="phone-shortcuts" aria-label={t('phone.shortcuts')}>
      <h3 className="phone-section-title">{t('phone.shortcuts')}</h3>
      <dl className="phone-shortcuts__list">
        {rows.map(([name, label]) => (
          <div key={name} className="phone-shortcuts__row">
            <dt>
              <kbd>{SHORTCUT_KEYS[name].label}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
        {canFile && (
          // The tickets area's shortcut (features/tickets): it attaches the call that is up.
          <div className="phone-shortcuts__row">
            <dt>
              <kbd>{NEW_TICKET_SHORTCUT.label}</kbd>
            </dt>
            <dd>{t('tickets.shortcut')}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
