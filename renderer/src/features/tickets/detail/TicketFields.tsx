import { useMemo } from 'react';
import { SENSITIVE_ATTRIBUTE } from '../../../../../electron/contract/protected-area.ts';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';
import { useLanguage, useT } from '../../../state/context.tsx';
import { RevealField } from '../processing/RevealField.tsx';
import type { Ticket, TicketTypeVersion } from '../tickets-bridge.ts';
import { ticketFieldRows, type FieldRow } from './ticket-fields.ts';

/**
 * The ticket's data laid out by its type version's UI schema (ticket-fields.ts). Sealed
 * fields show their mask inside a sensitive area; staff with tickets.reveal get a reveal
 * (with a reason) beside each. Without the type version the fields still show, by name.
 */
export function TicketFields({ ticket, type, reveal }: { ticket: Ticket; type: TicketTypeVersion | null; reveal: ((pointer: string, reason: string) => Promise<DeskResult<{ value: string }>>) | null }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const rows = useMemo(() => (type === null ? fallbackRows(ticket.data) : ticketFieldRows(type.schema, type.uiSchema, ticket.data, language)), [ticket.data, type, language]);
  const sealed = rows.some((row) => row.value.kind === 'sealed');
  return (
    <section className="ticket-fields" aria-labelledby="ticket-fields-heading" data-testid="ticket-fields">
      <h4 id="ticket-fields-heading" className="ticket-section-title">
        {t('tickets.detail.fields')}
      </h4>
      {type === null && <p className="ticket-muted">{t('tickets.detail.typeUnknown')}</p>}
      <dl className="ticket-fields__list">
        {rows.map((row) => (
          <div key={row.pointer} className="ticket-fields__row" data-testid="ticket-detail-field" data-pointer={row.pointer}>
            <dt>{row.label}</dt>
            <dd>
              <FieldText row={row} />
              {row.value.kind === 'sealed' && reveal !== null && <RevealField pointer={row.pointer} label={row.label} reveal={reveal} />}
            </dd>
          </div>
        ))}
      </dl>
      {sealed && <p className="ticket-muted">{t('tickets.detail.sealedNote')}</p>}
    </section>
  );
}

function FieldText({ row }: { row: FieldRow }) {
  const t = useT();
  const value = row.value;
  switch (value.kind) {
    case 'sealed':
      return (
        <span className="ticket-fields__sealed mono" {...{ [SENSITIVE_ATTRIBUTE]: '' }} data-testid="ticket-detail-mask" title={t('tickets.detail.sealedTitle')}>
          {value.mask}
        </span>
      );
    case 'empty':
      return <span className="ticket-muted">{t('tickets.detail.notFilled')}</span>;
    case 'boolean':
      return <span>{t(value.value ? 'tickets.yes' : 'tickets.no')}</span>;
    case 'text':
      return <span className="ticket-fields__text">{value.text}</span>;
  }
}

/** Without the type's schema: every top-level value by its name; anything object-shaped is assumed sealed (never shown). */
function fallbackRows(data: Record<string, unknown>): FieldRow[] {
  return Object.entries(data).map(([name, value]): FieldRow => {
    const pointer = `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof value === 'object' && value !== null) return { pointer, label: name, value: { kind: 'sealed', mask: '••••' } };
    if (typeof value === 'boolean') return { pointer, label: name, value: { kind: 'boolean', value } };
    return { pointer, label: name, value: value === '' || value === undefined || value === null ? { kind: 'empty' } : { kind: 'text', text: String(value) } };
  });
}
