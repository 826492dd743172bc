import { describe, expect, it } from 'vitest';
import type { DeskCore } from '../desk-core.ts';
import { eventually } from '../desk-core.harness.ts';
import { useTestInstitution } from '../desk-core.hooks.ts';

/** kb.create-space / kb.set-space-roles through the whole core against the real institution (HTTPS with pins, SQLite). */
const env = useTestInstitution({}, { admin: true });

let wsCounter = 0;
async function signedIn(operatorId: string, password: string): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId: `WS-KB-SP-${++wsCounter}`, register: true, log: () => undefined });
  await eventually(async () => {
    const info = await core.dispatch('session.info', undefined);
    return info.ok && (info.value as { enrollment: string }).enrollment === 'enrolled' ? true : undefined;
  }, 'workstation enrolled');
  const login = await core.dispatch('session.login', { operatorId, password });
  expect(login.ok, JSON.stringify(login)).toBe(true);
  return core;
}

describe('knowledge-base spaces through core (real institution)', () => {
  it('an author creates a space and sets who reads it; an agent sees it only once their role is listed', async () => {
    const author = await signedIn('ADM01', 'Admin#2026');
    const agent = await signedIn('A1001', 'Agent#2026');
    const readable = async () => {
      const result = await agent.dispatch('kb.spaces', undefined);
      return result.ok ? (result.value as { spaces: { id: string }[] }).spaces.map((s) => s.id) : result.error.code;
    };
    expect(await author.dispatch('kb.create-space', { id: 'fx-desk', nameZh: ' 外汇业务 ', nameEn: 'Foreign exchange', readRoles: ['supervisor'] })).toEqual({
      ok: true,
      value: { id: 'fx-desk', nameZh: '外汇业务', nameEn: 'Foreign exchange', readRoles: ['supervisor'] },
    });
    expect(await readable()).not.toContain('fx-desk');
    expect(await author.dispatch('kb.set-space-roles', { spaceId: 'fx-desk', readRoles: ['agent', 'supervisor'] })).toMatchObject({ ok: true, value: { readRoles: ['agent', 'supervisor'] } });
    expect(await readable()).toContain('fx-desk');
  });

  it('says kb_space_exists for a taken id, kb_not_found for an unknown space, bad_request for a bad payload', async () => {
    const author = await signedIn('ADM01', 'Admin#2026');
    expect(await author.dispatch('kb.create-space', { id: 'credit-card', nameZh: '重复', nameEn: 'Again', readRoles: [] })).toEqual({ ok: false, error: { code: 'kb_space_exists' } });
    expect(await author.dispatch('kb.set-space-roles', { spaceId: 'no-such-space', readRoles: [] })).toEqual({ ok: false, error: { code: 'kb_not_found' } });
    for (const payload of [{ id: 'X', nameZh: '名', nameEn: 'N', readRoles: [] }, { id: 'ok-id', nameZh: '名', nameEn: 'N', readRoles: ['agent', 'agent'] }, { id: 'ok-id', nameZh: '\u0000', nameEn: 'N', readRoles: [] }]) {
      expect(await author.dispatch('kb.create-space', payload), JSON.stringify(payload)).toEqual({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await author.dispatch('kb.set-space-roles', { spaceId: 'credit-card', readRoles: ['root'] })).toEqual({ ok: false, error: { code: 'bad_request' } });
  });

  it('an agent without kb.edit is refused by the dispatcher (permission_denied), nothing reaches the institution', async () => {
    const agent = await signedIn('A1001', 'Agent#2026');
    expect(await agent.dispatch('kb.create-space', { id: 'agent-space', nameZh: '坐席', nameEn: 'Agents', readRoles: ['agent'] })).toEqual({ ok: false, error: { code: 'permission_denied' } });
    expect(await agent.dispatch('kb.set-space-roles', { spaceId: 'claims', readRoles: ['agent'] })).toEqual({ ok: false, error: { code: 'permission_denied' } });
    const spaces = await agent.dispatch('kb.spaces', undefined);
    expect(spaces.ok && (spaces.value as { spaces: { id: string }[] }).spaces.map((s) => s.id)).not.toContain('claims');
  });
});
