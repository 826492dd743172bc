import { useEffect, useId, useMemo, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { clipboardRulesOf, dragCarriesText } from '../../../../../electron/contract/protected-area.ts';
import { errorMessage } from '../../../i18n/labels.ts';
import { useLanguage, useSession, useStores, useT } from '../../../state/context.tsx';
import type { TicketCallContext, TicketDraft, TicketFormBridge } from './form-bridge.ts';
import { fieldIssues } from './form-issues.ts';
import { fieldsOf, leavesOf, uiText, type FieldSpec } from './form-model.ts';
import { createTicketFormStore } from './form-store.ts';
import { currencyOf, normalize } from './form-values.ts';
import { issueMessage } from './field-messages.ts';
import { TicketField } from './TicketField.tsx';

export interface TicketFormViewProps {
  bridge: TicketFormBridge;
  from: { typeId: string } | { draft: TicketDraft; showProblems?: boolean };
  call?: TicketCallContext;
  onDone(localId: string): void;
  onCancel(): void;
}

/**
 * The form of one ticket type version: fields from its schema and UI schema, problems per
 * field once the agent has left it (or pressed 提交), autosaved draft, submit into the outbox.
 * A failed submit keeps every value; the error says why.
 */
export function TicketFormView({ bridge, from, call, onDone, onCancel }: TicketFormViewProps) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const { now } = useStores();
  const formId = useId();
  const [store] = useState(() => createTicketFormStore({ bridge, now, ...(call === undefined ? {} : { call }) }));
  const state = useStore(store);
  // The institution's clipboard policy (issue #9): main and the preload refuse a paste into the
  // fields when it is off; the form says so, and refuses it itself where neither runs (browser).
  const pasteAllowed = useSession((s) => clipboardRulesOf(s.policy).pasteIntoFields);
  const [pasteRefused, setPasteRefused] = useState(false);
  useEffect(() => {
    void store.getState().open(from);
    return () => store.getState().dispose();
    // `from` is fixed for this form's life (TicketForm keys the view by it).
  }, [store]);

  const type = state.type;
  // Loaded: the form's title takes the focus (the type button or 重新填写 that opened it is gone),
  // once — not a field, which would unmask a sealed one; the next Tab is the first field.
  const titleRef = useRef<HTMLHeadingElement>(null);
  const ready = type !== null && state.status !== 'loading' && state.status !== 'failed';
  useEffect(() => {
    if (ready) titleRef.current?.focus();
  }, [ready]);
  const fields = useMemo(() => (type === null ? [] : fieldsOf(type.schema, type.uiSchema, language)), [type, language]);
  const leaves = useMemo(() => leavesOf(fields), [fields]);
  const issues = useMemo(() => (type === null ? new Map() : fieldIssues(type.schema, leaves, state.raw, state.sealed)), [type, leaves, state.raw, state.sealed]);

  if (state.status === 'loading') return <p className="ticket-form__status" data-testid="ticket-form-loading">{t('ticketForm.loading')}</p>;
  if (state.status === 'failed' || type === null) {
    return (
      <div className="ticket-form" data-testid="ticket-form-failed">
        <p role="alert">{t('ticketForm.loadFailed', { reason: state.loadError === null ? '' : errorMessage(t, state.loadError) })}</p>
        <button type="button" className="button" onClick={onCancel}>
          {t('tickets.cancel')}
        </button>
      </div>
    );
  }

  const idOf = (f: FieldSpec) => `${formId}-${f.pointer.slice(1).replace(/[^\w-]/g, '_')}`;
  const errorOf = (f: FieldSpec): string | null => {
    if (state.sealFailed[f.pointer]) return t('ticketForm.sealFailed');
    const issue = issues.get(f.pointer);
    if (issue === undefined || state.sealing[f.pointer]) return null;
    const shown = state.attempted || state.touched[f.pointer] === true || state.touched[`${f.pointer}/currency`] === true;
    if (!shown) return null;
    const typed = state.raw[f.pointer];
    return issueMessage(t, f, issue, typeof typed === 'string' ? normalize(f, typed) : '', currencyOf(f, state.raw));
  };
  const busy = state.status !== 'ready';
  const visibleErrors = leaves.filter((f) => errorOf(f) !== null).length;

  const refusePaste = (event: ClipboardEvent) => {
    if (pasteAllowed) return;
    event.preventDefault();
    setPasteRefused(true);
  };
  // Text dragged in is a paste by mouse (files only are not); dragover's "none" is the no-drop cursor.
  const refuseDrop = (event: DragEvent) => {
    if (pasteAllowed || !dragCarriesText(event.dataTransfer.types)) return;
    event.preventDefault();
    if (event.type === 'dragover') event.dataTransfer.dropEffect = 'none';
    else setPasteRefused(true);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const result = await store.getState().submit();
    if (result === null) return;
    if ('fix' in result) {
      const field = leaves.find((f) => f.pointer === result.fix);
      if (field !== undefined) document.getElementById(idOf(field))?.focus();
      return;
    }
    onDone(result.localId);
  };

  const renderField = (f: FieldSpec) =>
    f.kind === 'group' ? (
      <fieldset key={f.pointer} className="ticket-form__group">
        <legend>{f.title}</legend>
        {(f.children ?? []).map(renderField)}
      </fieldset>
    ) : (
      <TicketField
        key={f.pointer}
        field={f}
        id={idOf(f)}
        raw={state.raw}
        sealed={state.sealed[f.pointer]}
        sealing={state.sealing[f.pointer] === true}
        sealFailed={state.sealFailed[f.pointer] === true}
        error={errorOf(f)}
        disabled={busy || (f.sensitive && state.keyMissing)}
        onEdit={(pointer, value) => store.getState().edit(pointer, value)}
        onLeave={(pointer) => void store.getState().leave(pointer)}
      />
    );

  const draftText =
    state.draft.state === 'saving'
      ? t('ticketForm.draft.saving')
      : state.draft.state === 'saved' && state.draft.at !== null
        ? t('ticketForm.draft.saved', { time: new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(state.draft.at)) })
        : state.draft.state === 'failed' && state.draft.error !== null
          ? t('ticketForm.draft.failed', { reason: errorMessage(t, state.draft.error) })
          : '';

  return (
    <form className="ticket-form" noValidate aria-labelledby={`${formId}-title`} onSubmit={(e) => void submit(e)} onPaste={refusePaste} onDragOver={refuseDrop} onDrop={refuseDrop} data-testid="ticket-form" data-type-id={type.typeId}>
      <h2 id={`${formId}-title`} ref={titleRef} tabIndex={-1} className="ticket-form__title">
        {uiText(type.name, language) ?? type.typeId} <span className="ticket-form__version">{t('ticketForm.version', { version: type.version })}</span>
      </h2>
      {state.newerVersion !== null && (
        <p className="ticket-form__notice" role="note" data-testid="ticket-form-older-version">
          {t('ticketForm.olderVersion', { version: type.version, latest: state.newerVersion })}
        </p>
      )}
      {state.keyMissing && (
        <p className="ticket-form__notice" role="alert" data-testid="ticket-form-no-key">
          {t('ticketForm.noKey')}
        </p>
      )}
      {!pasteAllowed && (
        // A note while pasting is off; an alert once a paste was refused (a key main swallowed never reaches the page).
        <p className="ticket-form__notice" role={pasteRefused ? 'alert' : 'note'} data-testid="ticket-form-paste-off">
          {t('ticketForm.pasteOff')}
        </p>
      )}
      {fields.map(renderField)}
      {state.attempted && visibleErrors > 0 && (
        <p className="ticket-form__summary" role="alert" data-testid="ticket-form-summary">
          {t('ticketForm.summary', { count: visibleErrors })}
        </p>
      )}
      {state.submitError !== null && (
        <p className="ticket-form__summary" role="alert" data-testid="ticket-form-submit-error">
          {t('ticketForm.submitFailed', { reason: errorMessage(t, state.submitError) })}
        </p>
      )}
      {state.status === 'submitted' && (
        <p className="ticket-form__status" role="status" data-testid="ticket-form-queued">
          {t('ticketForm.queued')}
        </p>
      )}
      <div className="ticket-form__actions">
        <button type="submit" className="button button--primary" disabled={busy || state.keyMissing} data-testid="ticket-form-submit">
          {state.status === 'submitting' ? t('ticketForm.submitting') : t('ticketForm.submit')}
        </button>
        <button type="button" className="button" disabled={state.status === 'submitting'} onClick={onCancel} data-testid="ticket-form-close">
          {t('ticketForm.close')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          data-testid="ticket-form-discard"
          onClick={() => {
            void store
              .getState()
              .discard()
              .then(() => onCancel());
          }}
        >
          {t('ticketForm.discard')}
        </button>
        <span className="ticket-form__draft" role="status" aria-live="polite" data-testid="ticket-form-draft">
          {draftText}
        </span>
      </div>
    </form>
  );
}
