import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openField } from '../../../../../institution/contract/ticket-crypto.ts';
import { AUTOSAVE_DELAY_MS } from './draft-autosave.ts';
import { createTicketFormStore } from './form-store.ts';
import { CARD_LOSS, createTestBridge, createTestTicketKey, LUHN_BAD_CARD, VALID_CARD, VALID_ID, type TestTicketKey } from './form-test-kit.ts';

let key: TestTicketKey;
beforeAll(async () => {
  key = await createTestTicketKey();
});
afterEach(() => {
  vi.useRealTimers();
});

async function openCardLoss(bridge = createTestBridge({ key: key.key })) {
  const store = createTicketFormStore({ bridge, now: () => Date.now(), call: { callId: 'call-1', callerMasked: '*******8000' } });
  await store.getState().open({ typeId: 'bank-card-loss' });
  return { store, bridge };
}

async function fillValid(store: Awaited<ReturnType<typeof openCardLoss>>['store']) {
  const s = store.getState();
  s.edit('/cardNumber', '6222 0212 3456 7890 128');
  await s.leave('/cardNumber');
  s.edit('/holderName', '王小明');
  s.edit('/idNumber', VALID_ID);
  await s.leave('/idNumber');
  s.edit('/mobile', '13800138000');
  await s.leave('/mobile');
}

const plaintextIn = (value: unknown) => {
  const json = JSON.stringify(value);
  return json.includes(VALID_CARD.slice(0, 15)) || json.includes(VALID_ID.slice(0, 14));
};

describe('ticket form state', () => {
  it('autosaves once the agent pauses (300 ms), with the last text, and at once on leaving a field', async () => {
    vi.useFakeTimers();
    const { store, bridge } = await openCardLoss();
    store.getState().edit('/holderName', '王');
    store.getState().edit('/holderName', '王小');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 50);
    store.getState().edit('/holderName', '王小明');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 50);
    expect(bridge.saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60);
    expect(bridge.saves.map((d) => d.values)).toEqual([{ holderName: '王小明', freezeNow: false }]);
    expect(bridge.saves[0]).toMatchObject({ typeId: 'bank-card-loss', typeVersion: 1, call: { callId: 'call-1' } });
    store.getState().edit('/notes', '客户来电');
    await store.getState().leave('/notes');
    expect(bridge.saves).toHaveLength(2);
    expect(store.getState().draft.state).toBe('saved');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(bridge.saves).toHaveLength(2);
  });

  it('keeps a draft’s complaint subject and call through autosave and filing, and shows every problem at once when asked (a refill)', async () => {
    const bridge = createTestBridge({ key: key.key });
    const store = createTicketFormStore({ bridge, now: () => Date.now() });
    const draft = { draftId: '2b1f0c6e-3d4a-4b5c-8d9e-0f1a2b3c4d5e', typeId: 'bank-card-loss', typeVersion: 1, values: { mobile: '12345' }, call: { callId: 'call-7' }, aboutOperatorId: 'S2001', updatedAt: '2026-11-30T09:00:00.000Z' };
    await store.getState().open({ draft, showProblems: true });
    expect(store.getState().attempted).toBe(true);
    store.getState().edit('/holderName', '王小明');
    await store.getState().leave('/holderName');
    expect(bridge.saves.at(-1)).toMatchObject({ draftId: draft.draftId, aboutOperatorId: 'S2001', call: { callId: 'call-7' } });
    await fillValid(store);
    expect(await store.getState().submit()).toMatchObject({ localId: expect.any(String) });
    expect(bridge.submissions[0]).toMatchObject({ draftId: draft.draftId, aboutOperatorId: 'S2001', call: { callId: 'call-7' } });
    expect(store.getState().newerVersion).toBeNull();
    // A draft opened the usual way shows a problem only once its field was left.
    const plain = createTicketFormStore({ bridge, now: () => Date.now() });
    await plain.getState().open({ draft: { ...draft, draftId: '3c2f0c6e-3d4a-4b5c-8d9e-0f1a2b3c4d5e' } });
    expect(plain.getState().attempted).toBe(false);
  });

  it('a refill keeps its type version and says when the type has a newer one', async () => {
    const bridge = createTestBridge({ key: key.key, types: [{ ...CARD_LOSS, version: 2 }, CARD_LOSS] });
    const store = createTicketFormStore({ bridge, now: () => Date.now() });
    await store.getState().open({ draft: { draftId: '4d3f0c6e-3d4a-4b5c-8d9e-0f1a2b3c4d5e', typeId: 'bank-card-loss', typeVersion: 1, values: { holderName: '王小明' }, updatedAt: '2026-11-30T09:00:00.000Z' }, showProblems: true });
    expect(store.getState().type?.version).toBe(1);
    expect(store.getState().newerVersion).toBe(2);
  });

  it('saves no draft while nothing is typed', async () => {
    const { store, bridge } = await openCardLoss();
    await store.getState().leave('/holderName');
    expect(bridge.saves).toHaveLength(0);
  });

  it('seals a valid card as the agent leaves it: plaintext gone from state and drafts, the envelope opens at the institution', async () => {
    const { store, bridge } = await openCardLoss();
    store.getState().edit('/cardNumber', '6222 0212 3456 7890 128');
    await store.getState().leave('/cardNumber');
    const state = store.getState();
    expect(state.raw['/cardNumber']).toBeUndefined();
    const envelope = state.sealed['/cardNumber'];
    expect(envelope?.hint).toBe('0128');
    if (envelope === undefined) throw new Error('not sealed');
    expect(await openField(envelope, { kid: key.kid, privateKey: key.privateKey }, { typeId: 'bank-card-loss', typeVersion: 1, pointer: '/cardNumber' })).toBe(VALID_CARD);
    expect(plaintextIn(state)).toBe(false);
    expect(bridge.saves.at(-1)?.values.cardNumber).toEqual(envelope);
    expect(bridge.saves.some(plaintextIn)).toBe(false);
  });

  it('does not seal an invalid card: the problem shows, the text stays for correcting, the draft leaves it out', async () => {
    const { store, bridge } = await openCardLoss();
    store.getState().edit('/cardNumber', LUHN_BAD_CARD);
    await store.getState().leave('/cardNumber');
    const state = store.getState();
    expect(state.sealed['/cardNumber']).toBeUndefined();
    expect(state.raw['/cardNumber']).toBe(LUHN_BAD_CARD);
    expect(state.touched['/cardNumber']).toBe(true);
    expect(bridge.saves.some((d) => 'cardNumber' in d.values)).toBe(false);
  });

  it('typing into a sealed field replaces it: the old envelope goes at once', async () => {
    const { store } = await openCardLoss();
    store.getState().edit('/cardNumber', VALID_CARD);
    await store.getState().leave('/cardNumber');
    expect(store.getState().sealed['/cardNumber']).toBeDefined();
    store.getState().edit('/cardNumber', '4');
    expect(store.getState().sealed['/cardNumber']).toBeUndefined();
    // Focusing and leaving without typing keeps the envelope.
    store.getState().edit('/cardNumber', VALID_CARD);
    await store.getState().leave('/cardNumber');
    const before = store.getState().sealed['/cardNumber'];
    await store.getState().leave('/cardNumber');
    expect(store.getState().sealed['/cardNumber']).toBe(before);
  });

  it('restores a saved draft: typed values, sealed fields (as masks), the call; problems of restored text show', async () => {
    const first = await openCardLoss();
    await fillValid(first.store);
    first.store.getState().edit('/mobile', '1380013800');
    await first.store.getState().leave('/mobile');
    const draft = first.bridge.stored.get(first.store.getState().draftId);
    if (draft === undefined) throw new Error('no draft');
    const again = createTicketFormStore({ bridge: first.bridge, now: () => Date.now() });
    await again.getState().open({ draft });
    const state = again.getState();
    expect(state.draftId).toBe(draft.draftId);
    expect(state.raw).toMatchObject({ '/holderName': '王小明', '/mobile': '1380013800', '/freezeNow': false });
    expect(state.sealed['/cardNumber']?.hint).toBe('0128');
    expect(state.sealed['/idNumber']?.hint).toBe('002X');
    expect(state.touched['/mobile']).toBe(true);
  });

  it('refuses to submit while a field is wrong (answers the first to fix); files envelopes only, with the draft id', async () => {
    const { store, bridge } = await openCardLoss();
    store.getState().edit('/cardNumber', LUHN_BAD_CARD);
    await store.getState().leave('/cardNumber');
    expect(await store.getState().submit()).toEqual({ fix: '/cardNumber' });
    expect(store.getState().attempted).toBe(true);
    expect(bridge.submissions).toHaveLength(0);
    await fillValid(store);
    const result = await store.getState().submit();
    expect(result).toMatchObject({ localId: expect.any(String) });
    const [filed] = bridge.submissions;
    expect(filed).toMatchObject({ typeId: 'bank-card-loss', typeVersion: 1, draftId: store.getState().draftId, call: { callId: 'call-1' } });
    expect(filed?.data).toMatchObject({ holderName: '王小明', mobile: '13800138000', freezeNow: false, cardNumber: { hint: '0128' }, idNumber: { hint: '002X' } });
    expect(plaintextIn(filed)).toBe(false);
    expect(store.getState().status).toBe('submitted');
    // The draft went with the filing; nothing saves it back afterwards.
    expect(bridge.stored.size).toBe(0);
  });

  it('seals a valid sensitive value still being typed when Enter submits', async () => {
    const { store, bridge } = await openCardLoss();
    await fillValid(store);
    store.getState().edit('/cardNumber', VALID_CARD);
    expect(await store.getState().submit()).toMatchObject({ localId: expect.any(String) });
    expect(bridge.submissions[0]?.data.cardNumber).toMatchObject({ hint: '0128' });
  });

  it('keeps every value when filing fails and says why', async () => {
    const { store, bridge } = await openCardLoss();
    await fillValid(store);
    bridge.failNextSubmit = { code: 'ticket_drafts_full' };
    expect(await store.getState().submit()).toBeNull();
    const state = store.getState();
    expect(state.status).toBe('ready');
    expect(state.submitError).toEqual({ code: 'ticket_drafts_full' });
    expect(state.raw['/holderName']).toBe('王小明');
    expect(state.sealed['/cardNumber']).toBeDefined();
    expect(await store.getState().submit()).toMatchObject({ localId: expect.any(String) });
  });

  it('says so when the profile names no ticket key (nothing sensitive can be sealed)', async () => {
    const { store } = await openCardLoss(createTestBridge({ key: null }));
    expect(store.getState().keyMissing).toBe(true);
    store.getState().edit('/cardNumber', VALID_CARD);
    await store.getState().leave('/cardNumber');
    expect(store.getState().sealed['/cardNumber']).toBeUndefined();
  });

  it('discarding deletes the saved draft', async () => {
    const { store, bridge } = await openCardLoss();
    store.getState().edit('/holderName', '王');
    await store.getState().leave('/holderName');
    expect(bridge.stored.size).toBe(1);
    await store.getState().discard();
    expect(bridge.stored.size).toBe(0);
  });
});
