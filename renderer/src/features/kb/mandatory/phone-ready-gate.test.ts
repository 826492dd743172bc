import { describe, expect, it } from 'vitest';
import type { AgentStateReport } from '../../../../../electron/contract/phone.ts';
import { ScriptedEngine } from '../../../test-support/scripted-engine.ts';
import { createPhoneStore } from '../../phone/phone-store.ts';

/** The phone store's two halves of the Ready gate: the desk's own (readyGate) and the institution's 409. */

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

async function phone(o: { held: () => boolean; institutionRefuses: () => boolean }) {
  const sent: string[] = [];
  let engine: ScriptedEngine | null = null;
  const store = createPhoneStore({
    bridge: {
      credentials: () =>
        Promise.resolve({ ok: true, value: { username: '1900000000:A1001', password: 'pw', expiresAt: Date.now() + 600_000, uri: 'sip:A1001@lab.channeldesk.test', servers: [{ url: 'wss://127.0.0.1:7443', weight: 10 }] } }),
      reportState: (report: AgentStateReport) => {
        const refused = report.state === 'ready' && o.institutionRefuses();
        sent.push(`${report.state}${refused ? ' (refused)' : ''}`);
        return Promise.resolve(refused ? { ok: false, error: { code: 'kb_mandatory_pending' } } : { ok: true, value: null });
      },
      codes: () => Promise.resolve({ ok: true, value: { notReadyReasons: [{ code: 'break', label: { 'zh-CN': '小休', 'en-US': 'Break' } }], dispositions: [], wrapUpSeconds: 30 } }),
    },
    engine: (emit) => (engine = new ScriptedEngine(emit)),
    readyGate: o.held,
  });
  store.getState().start();
  await flush();
  (engine as unknown as ScriptedEngine).emit({ type: 'registration', registration: { status: 'registered', server: 's' } });
  await flush();
  return { store, sent };
}

describe('the phone’s Ready gate', () => {
  it('refuses Ready while the desk’s queue holds it, and says why; not-ready choices are not held', async () => {
    let held = true;
    const { store, sent } = await phone({ held: () => held, institutionRefuses: () => false });
    store.getState().setAvailability({ kind: 'ready' });
    await flush();
    expect(store.getState().availability).toEqual({ kind: 'unset' });
    expect(store.getState().problem).toBe('kb-mandatory-pending');
    store.getState().setAvailability({ kind: 'not-ready', reasonCode: 'break' });
    await flush();
    held = false;
    store.getState().setAvailability({ kind: 'ready' });
    await flush();
    expect(sent).toEqual(['offline', 'not-ready', 'ready']);
  });

  it('when the institution refuses a Ready report (409 kb_mandatory_pending), the choice is undone and reported', async () => {
    let refuses = true;
    const { store, sent } = await phone({ held: () => false, institutionRefuses: () => refuses });
    store.getState().setAvailability({ kind: 'ready' });
    await flush();
    expect(sent).toEqual(['offline', 'ready (refused)', 'offline']);
    expect(store.getState().availability).toEqual({ kind: 'unset' });
    expect(store.getState().problem).toBe('kb-mandatory-pending');
    expect(store.getState().reported?.state).toBe('offline');
    refuses = false;
    store.getState().setAvailability({ kind: 'ready' });
    await flush();
    expect(sent.at(-1)).toBe('ready');
    expect(store.getState().reported?.state).toBe('ready');
  });
});
