import { useEffect, useId, useRef } from 'react';
import type { AudioDevices } from '../../../../../electron/contract/channels.ts';
import { useT } from '../../../state/context.tsx';
import { focusIfLost } from '../../../ui/focus-if-lost.ts';
import { usePhone } from '../phone-context.tsx';
import { labelsVisible, type DeviceOption, type DeviceRole } from './audio-devices.ts';
import { useDevices } from './device-context.tsx';
import './devices.css';

/**
 * 音频设备与测试: microphone, headset/speaker and ringer, and the pre-call test (a live
 * microphone level meter and a test tone on the chosen speaker). A disclosure of native
 * controls, so every part is reachable with Tab and operated with Enter/Space/arrows.
 * During a call the choices still apply at once (the phone switches without dropping the
 * call); the test is unavailable then, since it would open the microphone a second time.
 */
export function AudioDevicesPanel() {
  const t = useT();
  const listed = useDevices((s) => s.listed);
  const inputs = useDevices((s) => s.inputs);
  const outputs = useDevices((s) => s.outputs);
  const reveal = useDevices((s) => s.reveal);
  const stopMicCheck = useDevices((s) => s.stopMicCheck);
  const revealNames = useDevices((s) => s.revealNames);
  const saveFailed = useDevices((s) => s.saveFailed);
  const chosen = useDevices((s) => s.chosen);
  const effective = useDevices((s) => s.effective);
  const inCall = usePhone((s) => s.call !== null);
  const missing = (Object.keys(chosen) as (keyof AudioDevices)[]).some((role) => chosen[role] !== null && effective[role] === null);
  const namesHidden = listed && !labelsVisible([...inputs, ...outputs]) && inputs.length + outputs.length > 0;

  return (
    // Closing the panel closes the microphone test.
    <details className="phone-devices" data-testid="phone-devices" onToggle={(event) => !event.currentTarget.open && stopMicCheck()}>
      <summary className="phone-devices__summary">{t('phone.devices.heading')}</summary>
      <div className="phone-devices__body">
        <DeviceSelect role="microphone" options={inputs} />
        <DeviceSelect role="speaker" options={outputs} />
        <DeviceSelect role="ringer" options={outputs} />
        {namesHidden && (
          <div className="phone-devices__note" data-testid="phone-devices-names-hidden">
            <span>{reveal === 'asking' ? t('phone.devices.asking') : reveal === 'idle' ? t('phone.devices.namesHidden') : t(`phone.devices.failure.${reveal}`)}</span>
            <button type="button" className="button button--small" onClick={revealNames} disabled={reveal === 'asking'} data-testid="phone-devices-show-names">
              {t('phone.devices.showNames')}
            </button>
          </div>
        )}
        {missing && (
          <p className="phone-devices__note" role="status" data-testid="phone-devices-missing">
            {t('phone.devices.missing')}
          </p>
        )}
        {saveFailed && (
          <p className="phone-devices__note phone-devices__note--warn" role="alert" data-testid="phone-devices-save-failed">
            {t('phone.devices.saveFailed')}
          </p>
        )}
        <PreCallTest inCall={inCall} />
      </div>
    </details>
  );
}

function DeviceSelect({ role, options }: { role: DeviceRole; options: DeviceOption[] }) {
  const t = useT();
  const id = useId();
  const chosen = useDevices((s) => s.chosen[role]);
  const choose = useDevices((s) => s.choose);
  const nameOf = (o: DeviceOption) =>
    o.label ?? (role === 'microphone' ? t('phone.devices.unnamedMicrophone', { n: o.position }) : t('phone.devices.unnamedOutput', { n: o.position }));
  // A stored device that is not plugged in shows as the system default it falls back to.
  const value = chosen !== null && options.some((o) => o.id === chosen) ? chosen : '';
  return (
    <div className="phone-devices__field">
      <label className="field__label" htmlFor={id}>
        {t(`phone.devices.${role}`)}
      </label>
      <select id={id} className="field__input" data-testid={`phone-device-${role}`} value={value} onChange={(event) => choose(role, event.target.value === '' ? null : event.target.value)}>
        <option value="">{t('phone.devices.systemDefault')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {nameOf(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

function PreCallTest({ inCall }: { inCall: boolean }) {
  const t = useT();
  const mic = useDevices((s) => s.mic);
  const tone = useDevices((s) => s.tone);
  const startMicCheck = useDevices((s) => s.startMicCheck);
  const stopMicCheck = useDevices((s) => s.stopMicCheck);
  const playTestTone = useDevices((s) => s.playTestTone);
  // 播放测试音 is disabled while the tone plays, which drops the focus to <body>: played, it gets it back.
  const toneButton = useRef<HTMLButtonElement>(null);
  const tonePlaying = tone.status === 'playing';
  const wasPlaying = useRef(tonePlaying);
  useEffect(() => {
    if (wasPlaying.current && !tonePlaying) focusIfLost(toneButton.current);
    wasPlaying.current = tonePlaying;
  }, [tonePlaying]);
  const micOpen = mic.status === 'running' || mic.status === 'starting';
  // Leaving the workspace closes the microphone.
  useEffect(() => () => stopMicCheck(), [stopMicCheck]);
  const level = mic.status === 'running' ? mic.level : 0;
  return (
    <section className="phone-devices__test" aria-label={t('phone.devices.test')} data-testid="phone-device-test" data-available={inCall ? 'no' : 'yes'}>
      <h3 className="phone-section-title">{t('phone.devices.test')}</h3>
      {inCall && (
        <p className="phone-devices__note" role="status" data-testid="phone-device-test-in-call">
          {t('phone.devices.inCall')}
        </p>
      )}
      <div className="phone-devices__row">
        <button
          type="button"
          className="button button--small"
          data-testid="phone-mic-test"
          aria-pressed={micOpen}
          disabled={inCall}
          onClick={micOpen ? stopMicCheck : startMicCheck}
        >
          {micOpen ? t('phone.devices.micStop') : t('phone.devices.micTest')}
        </button>
        <meter
          className="phone-devices__meter"
          min={0}
          max={100}
          low={10}
          value={level}
          aria-label={t('phone.devices.micLevel')}
          data-testid="phone-mic-level"
          data-level={level}
        />
      </div>
      <p className="phone-devices__status" role="status" data-testid="phone-mic-status" data-state={mic.status}>
        {mic.status === 'failed' ? t(`phone.devices.failure.${mic.failure}`) : t(`phone.devices.mic.${mic.status}`)}
      </p>
      <div className="phone-devices__row">
        <button ref={toneButton} type="button" className="button button--small" data-testid="phone-tone-test" disabled={inCall || tone.status === 'playing'} onClick={playTestTone}>
          {t('phone.devices.toneTest')}
        </button>
      </div>
      <p className="phone-devices__status" role="status" data-testid="phone-tone-status" data-state={tone.status}>
        {tone.status === 'failed' ? t(`phone.devices.failure.${tone.failure}`) : t(`phone.devices.tone.${tone.status}`)}
      </p>
    </section>
  );
}
