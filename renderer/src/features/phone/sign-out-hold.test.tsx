// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { AppStores } from '../../state/app-stores.ts';
import type { FakeDesk } from '../../test-support/fake-desk.ts';
import { mountPhone, unmountPhone } from '../../test-support/phone-panel.tsx';
import { settle } from '../../test-support/render-app.tsx';
import { inboundCall as inbound, ScriptedEngine } from '../../test-support/scripted-engine.ts';
import { StatusBar } from '../status-bar/StatusBar.tsx';
import { PhonePanel } from './PhonePanel.tsx';

/**
 * Sign-out waits for the call and its wrap-up: signing out in a call would cut the customer
 * off, and during wrap-up it would lose the call's record (it goes out with the disposition).
 */
let stores: AppStores | null = null;
afterEach(() => {
  unmountPhone();
  stores = null;
});

async function mount(language: 'zh-CN' | 'en-US'): Promise<{ fake: FakeDesk; engine: ScriptedEngine }> {
  const mounted = await mountPhone({
    language,
    startSession: true,
    children: (
      <>
        <PhonePanel locked={false} />
        <StatusBar />
      </>
    ),
  });
  stores = mounted.stores;
  const { fake, engine } = mounted;
  engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
  fireEvent.change(screen.getByTestId('phone-agent-state'), { target: { value: 'ready' } });
  await settle();
  return { fake, engine };
}

const signedIn = () => stores?.session.getState().session.status !== 'logged-out';

describe('sign-out while the phone is busy', () => {
  it('is refused with the reason during a call and during wrap-up, and goes through once wrap-up is finished', async () => {
    const { engine } = await mount('zh-CN');
    engine.emit({ type: 'call', call: inbound() });
    engine.emit({ type: 'call', call: inbound({ phase: 'active', answeredAt: Date.now() }) });
    await settle();

    fireEvent.click(screen.getByTestId('logout'));
    await settle();
    expect(screen.getByTestId('logout-held').textContent).toBe('通话中不能退出登录：请先结束通话。');
    expect(signedIn()).toBe(true);

    engine.emit({ type: 'call-ended', callId: 'c1@lab', end: 'remote-hangup' });
    await settle();
    // The notice follows the hold: now it is the wrap-up that must be finished.
    expect(screen.getByTestId('logout-held').textContent).toBe('请先选择处理结果、完成话后整理，再退出登录。');
    fireEvent.click(screen.getByTestId('logout'));
    await settle();
    expect(signedIn()).toBe(true);

    const select = screen.getByTestId<HTMLSelectElement>('phone-disposition');
    fireEvent.change(select, { target: { value: 'callback' } });
    fireEvent.keyDown(select, { key: 'Enter' });
    await settle();
    expect(screen.queryByTestId('logout-held')).toBeNull();
    fireEvent.click(screen.getByTestId('logout'));
    await settle();
    expect(signedIn()).toBe(false);
  });

  it('says so in English', async () => {
    const { engine } = await mount('en-US');
    engine.emit({ type: 'call', call: inbound({ phase: 'active', answeredAt: Date.now() }) });
    await settle();
    fireEvent.click(screen.getByTestId('logout'));
    await settle();
    expect(screen.getByTestId('logout-held').textContent).toBe('You cannot sign out during a call: end the call first.');
  });
});
