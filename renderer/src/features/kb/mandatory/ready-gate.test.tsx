// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { PhoneProvider } from '../../phone/phone-context.tsx';
import { PhonePanel } from '../../phone/PhonePanel.tsx';
import { createAppStores } from '../../../state/app-stores.ts';
import { AppStoresProvider } from '../../../state/context.tsx';
import { AGENT, createFakeDesk } from '../../../test-support/fake-desk.ts';
import { settle } from '../../../test-support/render-app.tsx';
import { ScriptedEngine } from '../../../test-support/scripted-engine.ts';
import { MandatoryProvider } from './mandatory-context.tsx';
import { MandatoryQueue } from './MandatoryQueue.tsx';

const disposers: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const dispose of disposers.splice(0)) dispose();
});

/** The phone and the mandatory queue as the workspace mounts them for an agent (kb.read + calls.handle). */
async function mountAgent() {
  const fake = createFakeDesk({ accounts: [AGENT], phone: { sipServers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }] } });
  await fake.desk.session.login({ operatorId: AGENT.operator.id, password: AGENT.password });
  const stores = createAppStores({ desk: fake.desk, root: document.documentElement });
  disposers.push(() => stores.dispose());
  const engine = new ScriptedEngine();
  render(
    <AppStoresProvider stores={stores}>
      <MandatoryProvider>
        <MandatoryQueue />
        <PhoneProvider
          engine={(emit) => {
            engine.emit = (event) => act(() => emit(event));
            return engine;
          }}
        >
          <PhonePanel locked={false} />
        </PhoneProvider>
      </MandatoryProvider>
    </AppStoresProvider>,
  );
  await settle();
  engine.emit({ type: 'registration', registration: { status: 'registered', server: 'wss://127.0.0.1:7443' } });
  await settle();
  return { fake, stores };
}

describe('the Ready gate', () => {
  it('refuses 示闲 while mandatory reads wait (said once, under the choice), points at the queue, and allows it once each is read and acknowledged', async () => {
    const { fake, stores } = await mountAgent();
    expect(screen.getByTestId('kb-mandatory-count').textContent).toBe('待确认 2 篇');
    expect(screen.getByTestId('kb-ready-hold').textContent).toContain('还有 2 篇必读文章待确认，确认后才能示闲。');

    const select = screen.getByTestId<HTMLSelectElement>('phone-agent-state');
    fireEvent.change(select, { target: { value: 'ready' } });
    await settle();
    // Said once: the hold turns into the alert, the phone's problem line stays quiet.
    const hold = screen.getByTestId('kb-ready-hold');
    expect([hold.getAttribute('role'), hold.dataset['refused']]).toEqual(['alert', 'true']);
    expect(screen.queryByTestId('phone-problem')).toBeNull();
    expect(screen.getAllByText(/确认后才能示闲|暂不能示闲/)).toHaveLength(1);
    expect(fake.phone.agentStates.map((r) => r.state)).not.toContain('ready');
    expect(select.value).toBe('unset');

    // The hold's button opens the queue's area.
    fireEvent.click(within(screen.getByTestId('kb-ready-hold')).getByRole('button', { name: '打开必读' }));
    expect(stores.ui.getState().activeArea).toBe('kb-mandatory');

    for (let left = 2; left > 0; left -= 1) {
      // The acknowledge button exists only under an opened, shown article.
      expect(screen.queryByTestId('kb-mandatory-acknowledge')).toBeNull();
      fireEvent.click(within(screen.getAllByTestId('kb-mandatory-item')[0] as HTMLElement).getByRole('button', { name: '阅读' }));
      await settle();
      fireEvent.click(screen.getByTestId('kb-mandatory-acknowledge'));
      await settle();
    }
    expect(fake.kb.acknowledged.map((k) => k.articleId)).toEqual([1, 5]);
    expect(screen.getByTestId('kb-mandatory-empty').textContent).toBe('没有待确认的必读文章。');
    expect(screen.queryByTestId('kb-ready-hold')).toBeNull();
    // The refusal is over with the queue: it does not reappear on the phone's problem line.
    expect(screen.queryByTestId('phone-problem')).toBeNull();

    fireEvent.change(select, { target: { value: 'ready' } });
    await settle();
    expect(fake.phone.agentStates.at(-1)?.state).toBe('ready');
  });

  it('keeps the keyboard with the reading: 打开必读 → the queue heading, 阅读 → the article title, acknowledged → the heading again', async () => {
    await mountAgent();
    fireEvent.click(within(screen.getByTestId('kb-ready-hold')).getByRole('button', { name: '打开必读' }));
    await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    const heading = screen.getByRole('heading', { level: 1 });
    expect(document.activeElement).toBe(heading);

    fireEvent.click(within(screen.getAllByTestId('kb-mandatory-item')[0] as HTMLElement).getByRole('button', { name: '阅读' }));
    await settle();
    expect(document.activeElement).toBe(within(screen.getByTestId('kb-mandatory-reader')).getByRole('heading', { level: 2 }));

    const acknowledge = screen.getByTestId('kb-mandatory-acknowledge');
    acknowledge.focus();
    fireEvent.click(acknowledge);
    await settle();
    expect(screen.queryByTestId('kb-mandatory-reader')).toBeNull();
    expect(document.activeElement).toBe(heading);
  });
});
