// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { createAppStores } from '../../../state/app-stores.ts';
import { AppStoresProvider } from '../../../state/context.tsx';
import { AGENT, createFakeDesk, KB_AUTHOR, type FakeAccount } from '../../../test-support/fake-desk.ts';
import { settle } from '../../../test-support/render-app.tsx';
import { KbMarkdown } from './KbMarkdown.tsx';

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAX+XDSwAAAABJRU5ErkJggg==';
const IMAGE_ID = 'AbCdEfGhIjKlMnOpQrStUv';
/** A console author: kb.edit, no kb.read (as the institution's admin role). */

const disposers: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const dispose of disposers.splice(0)) dispose();
});

/** KbMarkdown as the app mounts it: the stores, a signed-in operator, the fake desk's images. */
async function mount(account: FakeAccount, markdown: string) {
  const fake = createFakeDesk({ accounts: [account], kbImages: { [IMAGE_ID]: { mime: 'image/png', base64: PNG } } });
  await fake.desk.session.login({ operatorId: account.operator.id, password: account.password });
  const stores = createAppStores({ desk: fake.desk, root: document.documentElement });
  disposers.push(() => stores.dispose());
  // As App does at start-up: the session store learns who is signed in (and their permissions).
  disposers.push(stores.session.getState().start());
  await settle();
  disposers.push(() => {
    if (fake.contractViolations.length > 0) throw new Error(fake.contractViolations.join('; '));
  });
  const { container } = render(
    <AppStoresProvider stores={stores}>
      <KbMarkdown markdown={markdown} />
    </AppStoresProvider>,
  );
  await settle();
  await settle();
  return { fake, container };
}

describe('KbMarkdown in the app', () => {
  it('loads an agent’s kb-image through kb.image and shows it from its bytes', async () => {
    const { fake, container } = await mount(AGENT, `![流程图](kb-image:${IMAGE_ID})`);
    expect(container.querySelector('img')?.getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
    expect(fake.calls.filter((c) => c.channel.startsWith('kb.')).map((c) => c.channel)).toEqual(['kb.image']);
  });

  it('loads a console author’s preview image through kb.author-image (no kb.read)', async () => {
    const { fake, container } = await mount(KB_AUTHOR, `![流程图](kb-image:${IMAGE_ID})`);
    expect(container.querySelector('img')?.getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
    expect(fake.calls.filter((c) => c.channel.startsWith('kb.')).map((c) => c.channel)).toEqual(['kb.author-image']);
  });

  it('shows the alt text when the desk has no such image, and never asks for an external one', async () => {
    const { fake, container } = await mount(AGENT, `![丢失](kb-image:${'x'.repeat(22)}) ![外链](https://bank.example/a.png)`);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('［图片无法显示：丢失］');
    expect(container.textContent).toContain('［外部图片不予加载：外链（https://bank.example/a.png）］');
    expect(fake.calls.filter((c) => c.channel.startsWith('kb.')).map((c) => c.payload)).toEqual([{ imageId: 'x'.repeat(22) }]);
  });
});
