// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { AGENT, createFakeDesk, SUPERVISOR_WITH_TOTP, type FakeAccount } from '../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../test-support/render-app.tsx';
import { AREAS, areasFor } from './areas.ts';

let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function signedInAs(account: FakeAccount) {
  const fake = createFakeDesk({ accounts: [account], policy: { idleLockSeconds: 300, watermark: true } });
  await fake.desk.session.login({ operatorId: account.operator.id, password: account.password, ...(account.totp ? { totp: account.totp } : {}) });
  app = await mountApp(fake);
  await settle();
  return fake;
}

describe('workspace', () => {
  it('shows the institution, the operator and localized roles in the header', async () => {
    await signedInAs(SUPERVISOR_WITH_TOTP);
    const header = screen.getByRole('banner');
    expect(within(header).getByText('示例银行信用卡中心')).toBeTruthy();
    expect(screen.getByTestId('operator-name').textContent).toBe('王强（S2001）');
    expect(within(within(header).getByRole('list', { name: '角色' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['班长', '坐席']);
  });

  it('navigates only to implemented areas and audits the opening once', async () => {
    const fake = await signedInAs(AGENT);
    const nav = screen.getByRole('navigation', { name: '功能导航' });
    const items = within(nav).getAllByRole('button');
    // The count of mandatory reads (the fake desk's two) rides on 必读.
    expect(items.map((b) => b.textContent)).toEqual(['会话与安全', '知识库', '必读2', '工单']);
    expect(items[0]?.getAttribute('aria-current')).toBe('page');
    expect(fake.recorded).toEqual([{ action: 'area-opened', detail: 'session-security' }]);
    items[0]?.click();
    await settle();
    expect(fake.recorded).toHaveLength(1);
  });

  it('gives every role the session & security area; the KB and ticket areas follow the permissions', () => {
    for (const role of ['agent', 'supervisor', 'admin', 'qa'] as const) {
      expect(areasFor([role]).map((a) => a.id)).toEqual(['session-security']);
    }
    expect(areasFor(['agent'], ['kb.read']).map((a) => a.id)).toEqual(['session-security', 'kb', 'kb-mandatory']);
    expect(areasFor(['admin'], ['kb.edit']).map((a) => a.id)).toEqual(['session-security', 'kb-authoring']);
    // Tickets: filers (tickets.create) and processors (tickets.process) alike; neither, no door.
    expect(areasFor(['agent'], ['tickets.create']).map((a) => a.id)).toEqual(['session-security', 'tickets']);
    expect(areasFor(['admin'], ['tickets.process', 'tickets.reveal']).map((a) => a.id)).toEqual(['session-security', 'tickets']);
    expect(areasFor(['qa'], ['reports.read']).map((a) => a.id)).toEqual(['session-security']);
    expect(AREAS.map((a) => a.id)).toEqual(['session-security', 'kb', 'kb-mandatory', 'kb-authoring', 'tickets']);
  });

  it('shows the session overview with localized permissions, team, workstation and policy', async () => {
    await signedInAs(AGENT);
    const main = screen.getByRole('main');
    const text = main.textContent ?? '';
    for (const expected of ['李娜', 'A1001', '坐席', 'Card-Team-3', '接听与外呼', '查阅知识库', '新建工单', 'WS-SH-0042', '在线', '无操作 300 秒后自动锁屏', '开启']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('calls.handle');
  });

  it('names the team by the name the institution gives it, not by its id', async () => {
    await signedInAs({ ...AGENT, operator: { ...AGENT.operator, team: 'team-1', teamName: '信用卡客服一组' } });
    const row = teamRow();
    expect(row).toBe('班组信用卡客服一组');
  });

  it('falls back to the team id only when the institution sends no name, and says when there is no team', async () => {
    await signedInAs({ ...AGENT, operator: { ...AGENT.operator, team: 'team-1' } });
    expect(teamRow()).toBe('班组team-1');
    app?.unmount();
    app = null;
    await signedInAs({ ...AGENT, operator: { ...AGENT.operator, team: null, teamName: null } });
    expect(teamRow()).toBe('班组未分配');
  });
});

function teamRow(): string | null {
  const label = within(screen.getByRole('main')).getByText('班组');
  return label.closest('.card__row')?.textContent ?? null;
}
