// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { mountPhone, unmountPhone } from '../../../test-support/phone-panel.tsx';
import { settle } from '../../../test-support/render-app.tsx';
import { AudioDevicesPanel } from './AudioDevicesPanel.tsx';
import type { DeviceInfoLike } from './audio-devices.ts';
import type { DeviceChecker, MediaPort } from './device-check.ts';

/**
 * The panel in the agent's language, with stand-ins for the browser's device list and audio
 * graph (Chromium's real ones: e2e/specs/phone-devices.spec.ts): the choice goes to the desk's
 * settings (the fake desk keeps it like core) and to the engine; hidden names get a button.
 */
afterEach(unmountPhone);

async function mount(devices: DeviceInfoLike[], language: 'zh-CN' | 'en-US' = 'zh-CN') {
  let revealed = 0;
  const media: MediaPort = { enumerate: async () => devices, onChange: () => () => undefined, reveal: async () => void (revealed += 1) };
  const checker: DeviceChecker = { openMicMeter: async () => ({ rms: () => 0.1, stop: () => undefined }), playTone: async () => undefined };
  const { fake, engine } = await mountPhone({ language, devices: { media, checker }, children: <AudioDevicesPanel /> });
  return { fake, engine, revealed: () => revealed };
}

const NAMED: DeviceInfoLike[] = [
  { deviceId: 'mic-a', kind: 'audioinput', label: 'Headset mic' },
  { deviceId: 'out-a', kind: 'audiooutput', label: 'Headset' },
  { deviceId: 'out-b', kind: 'audiooutput', label: 'Speakers' },
];

describe('audio devices panel', () => {
  it('offers the devices, stores the choice (ids only) and hands it to the engine', async () => {
    const { fake, engine } = await mount(NAMED);
    const mic = screen.getByTestId<HTMLSelectElement>('phone-device-microphone');
    expect([...mic.options].map((o) => o.textContent)).toEqual(['系统默认', 'Headset mic']);
    fireEvent.change(mic, { target: { value: 'mic-a' } });
    fireEvent.change(screen.getByTestId('phone-device-ringer'), { target: { value: 'out-b' } });
    await settle();
    expect(fake.savedSettings().audioDevices).toEqual({ microphone: 'mic-a', speaker: null, ringer: 'out-b' });
    expect(engine.calls).toContain('input mic-a');
    expect(screen.getByTestId('phone-mic-status').textContent).toBe('点击“测试麦克风”，然后说话。');
  });

  it('in en-US, hidden device names get a button that asks for the microphone', async () => {
    const { revealed } = await mount([{ deviceId: 'mic-a', kind: 'audioinput', label: '' }], 'en-US');
    expect(screen.getByTestId<HTMLSelectElement>('phone-device-microphone').options[1]?.textContent).toBe('Microphone 1');
    expect(screen.getByTestId('phone-devices-names-hidden').textContent).toContain('Device names are shown once the microphone may be used.');
    fireEvent.click(screen.getByTestId('phone-devices-show-names'));
    await settle();
    expect(revealed()).toBe(1);
    expect(screen.getByTestId('phone-tone-test').textContent).toBe('Play test tone');
  });

  it('播放测试音 by keyboard: disabled while the tone plays (Chromium drops the focus then), it has the focus back once played', async () => {
    let played: () => void = () => undefined;
    const media: MediaPort = { enumerate: async () => NAMED, onChange: () => () => undefined, reveal: async () => undefined };
    const checker: DeviceChecker = { openMicMeter: async () => ({ rms: () => 0.1, stop: () => undefined }), playTone: () => new Promise<void>((resolve) => (played = resolve)) };
    await mountPhone({ devices: { media, checker }, children: <AudioDevicesPanel /> });
    const button = screen.getByTestId<HTMLButtonElement>('phone-tone-test');
    button.focus();
    // What Chromium does to a focused button that becomes disabled (jsdom keeps the focus there).
    button.addEventListener('click', () => button.blur(), { capture: true, once: true });
    fireEvent.click(button);
    await settle();
    expect(button.disabled).toBe(true);
    expect(document.activeElement).toBe(document.body);
    await act(async () => played());
    await settle();
    expect(screen.getByTestId('phone-tone-status').dataset['state']).toBe('played');
    expect(document.activeElement).toBe(button);
  });
});
