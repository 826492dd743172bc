import { useId, type KeyboardEvent } from 'react';
import { useT } from '../../state/context.tsx';
import { DTMF_TONES, isDtmfTone } from './dial.ts';
import { usePhone } from './phone-context.tsx';

/**
 * Number field and dial pad; during an answered call the pad sends DTMF instead. Every key is
 * a button (Tab, Enter/Space); with focus on the pad, typing 0-9 * # presses the key.
 */
export function DialPad() {
  const t = useT();
  const id = useId();
  const number = usePhone((s) => s.number);
  const setNumber = usePhone((s) => s.setNumber);
  const dial = usePhone((s) => s.dial);
  const dtmf = usePhone((s) => s.dtmf);
  const phase = usePhone((s) => s.call?.phase ?? null);
  const registered = usePhone((s) => s.registration.status === 'registered');
  const dtmfMode = phase === 'active';
  const busy = phase !== null && !dtmfMode;

  const press = (tone: string) => (dtmfMode ? dtmf(tone) : setNumber(number + tone));
  const onPadKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.key.length !== 1 || !isDtmfTone(event.key) || /[A-Da-d]/.test(event.key)) return;
    event.preventDefault();
    press(event.key);
  };

  return (
    <section className="phone-dial" aria-label={dtmfMode ? t('phone.dtmfPad') : t('phone.dialpad')}>
      {!dtmfMode && (
        <form
          className="phone-dial__form"
          onSubmit={(event) => {
            event.preventDefault();
            dial();
          }}
        >
          <label className="field__label" htmlFor={id}>
            {t('phone.number')}
          </label>
          <div className="phone-dial__row">
            <input
              id={id}
              className="field__input phone-dial__number"
              data-testid="phone-number"
              inputMode="tel"
              autoComplete="off"
              value={number}
              disabled={busy}
              onChange={(event) => setNumber(event.target.value)}
            />
            <button type="submit" className="button button--primary" data-testid="phone-dial" disabled={busy || !registered}>
              {t('phone.dial')}
            </button>
          </div>
        </form>
      )}
      {dtmfMode && <h3 className="phone-section-title">{t('phone.dtmfPad')}</h3>}
      <div className="phone-dial__pad" role="group" aria-label={dtmfMode ? t('phone.dtmfPad') : t('phone.dialpad')} onKeyDown={onPadKey}>
        {DTMF_TONES.map((tone) => (
          <button key={tone} type="button" className="button phone-dial__key" data-testid={`phone-key-${tone}`} disabled={busy} onClick={() => press(tone)}>
            {tone}
          </button>
        ))}
      </div>
    </section>
  );
}
