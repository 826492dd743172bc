// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { settle } from '../../../test-support/render-app.tsx';
import { useMountedReader } from './reader-mount-kit.tsx';

const mountReader = useMountedReader();

const input = () => screen.getByTestId<HTMLInputElement>('kb-search-input');
const listedSpaces = () => [...screen.getByTestId('kb-space-list').querySelectorAll('li')].map((li) => li.textContent);

describe('the knowledge-base reader, when the agent loses a space', () => {
  it('closes the open article with the reason said (zh-CN), the typed query still in the box', async () => {
    const { fake } = await mountReader();
    expect(listedSpaces()).toEqual(['信用卡', '理财']);
    fireEvent.change(input(), { target: { value: '分期' } });
    await settle();
    fireEvent.click(screen.getByTestId('kb-result'));
    await settle();
    expect(screen.getByTestId('kb-article-title').textContent).toBe('信用卡分期还款说明');
    expect(screen.queryByTestId('kb-access-closed')).toBeNull();

    await act(async () => {
      fake.kb.setReadRoles('credit-card', ['supervisor']);
      await settle();
    });
    expect(screen.queryByTestId('kb-article')).toBeNull();
    expect(screen.getByTestId('kb-access-closed').textContent).toBe('该知识空间的阅读权限已变更，此文章已关闭。');
    expect(screen.getByTestId('kb-access-closed').getAttribute('role')).toBe('alert');
    expect(input().value).toBe('分期');
    expect(screen.queryAllByTestId('kb-result')).toHaveLength(0);
    expect(listedSpaces()).toEqual(['理财']);

    // Given back: the space is listed again and the results come back; the notice stays until another article opens.
    await act(async () => {
      fake.kb.setReadRoles('credit-card', ['agent', 'supervisor']);
      await settle();
    });
    expect(listedSpaces()).toEqual(['信用卡', '理财']);
    expect(screen.getAllByTestId('kb-result').map((r) => r.getAttribute('title'))).toEqual(['信用卡分期还款说明']);
  });
});
