// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createFakeDesk, KB_AUTHOR } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';


let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function openSpaceSettings() {
  const fake = createFakeDesk({ accounts: [KB_AUTHOR], policy: { idleLockSeconds: 300, watermark: false } });
  await fake.desk.session.login({ operatorId: KB_AUTHOR.operator.id, password: KB_AUTHOR.password });
  app = await mountApp(fake);
  await settle();
  fireEvent.click(within(screen.getByRole('navigation', { name: '功能导航' })).getByRole('button', { name: '知识库编辑' }));
  await settle();
  fireEvent.click(screen.getByTestId('kb-space-settings-toggle'));
  await settle();
  return fake;
}

const ticked = (testId: string) =>
  Array.from(screen.getByTestId(testId).querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
    .filter((box) => box.checked)
    .map((box) => box.dataset['role']);
const status = () => screen.getByTestId('kb-space-status').textContent;

describe('space management in the authoring area', () => {
  it("shows the chosen space's read roles and saves a change (the institution's answer replaces the list)", async () => {
    const fake = await openSpaceSettings();
    expect(ticked('kb-space-roles')).toEqual(['agent', 'supervisor', 'qa']);
    const save = screen.getByTestId<HTMLButtonElement>('kb-space-roles-save');
    expect(save.disabled).toBe(true); // nothing changed yet
    fireEvent.click(within(screen.getByTestId('kb-space-roles')).getByLabelText('质检员'));
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await settle();
    expect(status()).toBe('已保存“信用卡”的阅读权限。');
    expect(ticked('kb-space-roles')).toEqual(['agent', 'supervisor']);
    const spaces = await fake.desk.kb.authorSpaces();
    expect(spaces.ok && spaces.value.spaces.find((s) => s.id === 'credit-card')?.readRoles).toEqual(['agent', 'supervisor']);
  });

  it('creates a space (typed, Tab, Space and Enter) and opens it; a bad id or a taken one is explained and nothing is made', async () => {
    const fake = await openSpaceSettings();
    const user = userEvent.setup();
    // A bad id is refused here, before sending.
    await user.click(screen.getByLabelText('空间标识（英文小写）'));
    await user.keyboard('FX Desk');
    await user.click(screen.getByTestId('kb-space-create'));
    await settle();
    expect(status()).toBe('空间标识须以小写字母开头，只含小写字母、数字和连字符，共 2–32 个字符。');

    // Tab through the form, Space ticks a role, Enter submits.
    await user.clear(screen.getByLabelText('空间标识（英文小写）'));
    await user.keyboard('fx-desk');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('中文名称'));
    await user.keyboard(' 外汇业务 ');
    await user.tab();
    await user.keyboard('Foreign exchange');
    await user.tab();
    expect(document.activeElement).toBe(within(screen.getByTestId('kb-space-new-roles')).getByLabelText('坐席'));
    await user.keyboard(' ');
    await user.tab();
    await user.tab();
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('kb-space-create'));
    await user.keyboard('{Enter}');
    await settle();
    expect(status()).toBe('已创建空间“外汇业务”。');
    // The new space is chosen in the picker, empty, and the form is cleared.
    expect(screen.getByTestId<HTMLSelectElement>('kb-author-space').value).toBe('fx-desk');
    expect(screen.getByText('该空间还没有文章。')).toBeTruthy();
    expect(screen.getByTestId<HTMLInputElement>('kb-space-new-id').value).toBe('');
    expect(ticked('kb-space-roles')).toEqual(['agent']);
    const spaces = await fake.desk.kb.authorSpaces();
    expect(spaces.ok && spaces.value.spaces.find((s) => s.id === 'fx-desk')).toEqual({ id: 'fx-desk', nameZh: '外汇业务', nameEn: 'Foreign exchange', readRoles: ['agent'] });

    // The same id again: the institution's kb_space_exists, in words.
    fireEvent.change(screen.getByTestId('kb-space-new-id'), { target: { value: 'fx-desk' } });
    fireEvent.change(screen.getByTestId('kb-space-new-zh'), { target: { value: '另一个' } });
    fireEvent.change(screen.getByTestId('kb-space-new-en'), { target: { value: 'Another' } });
    fireEvent.click(screen.getByTestId('kb-space-create'));
    await settle();
    expect(status()).toBe('已有使用该标识的知识空间，请换一个标识。未做任何更改。');
    expect(screen.getByTestId<HTMLInputElement>('kb-space-new-id').value).toBe('fx-desk'); // kept for correcting
  });

  it('asks for both names before sending', async () => {
    await openSpaceSettings();
    fireEvent.change(screen.getByTestId('kb-space-new-id'), { target: { value: 'ok-id' } });
    fireEvent.change(screen.getByTestId('kb-space-new-zh'), { target: { value: '   ' } });
    fireEvent.change(screen.getByTestId('kb-space-new-en'), { target: { value: 'Name' } });
    fireEvent.click(screen.getByTestId('kb-space-create'));
    await settle();
    expect(status()).toBe('请填写中文名称和英文名称。');
    expect(Array.from(screen.getByTestId<HTMLSelectElement>('kb-author-space').options).map((o) => o.value)).not.toContain('ok-id');
  });
});
