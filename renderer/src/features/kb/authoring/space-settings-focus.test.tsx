// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createFakeDesk, KB_AUTHOR } from '../../../test-support/fake-desk.ts';
import { mountApp, settle, type MountedApp } from '../../../test-support/render-app.tsx';

/**
 * 管理知识空间 by keyboard: saving a space's read roles rebuilds the form for the saved roles (its
 * button goes with it), so the focus returns to the settings' summary instead of <body>, with the
 * status line saying what was saved.
 */
let app: MountedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('space settings keep the keyboard user’s place', () => {
  it('after 保存阅读权限 the focus is on 管理知识空间', async () => {
    const fake = createFakeDesk({ accounts: [KB_AUTHOR], policy: { idleLockSeconds: 300, watermark: false } });
    await fake.desk.session.login({ operatorId: KB_AUTHOR.operator.id, password: KB_AUTHOR.password });
    app = await mountApp(fake);
    await settle();
    fireEvent.click(within(screen.getByRole('navigation', { name: '功能导航' })).getByRole('button', { name: '知识库编辑' }));
    await settle();
    fireEvent.click(screen.getByTestId('kb-space-settings-toggle'));
    await settle();
    const user = userEvent.setup();
    within(screen.getByTestId('kb-space-roles')).getByLabelText('质检员').focus();
    await user.keyboard(' ');
    screen.getByTestId('kb-space-roles-save').focus();
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.getByTestId('kb-space-status').textContent).toBe('已保存“信用卡”的阅读权限。');
    expect(document.activeElement).toBe(screen.getByTestId('kb-space-settings-toggle'));
  });
});
