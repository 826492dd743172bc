import { describe, expect, it } from 'vitest';
import { FakeWebContents } from './testing/fake-electron.ts';
import { createWebContentsRegistry } from './window-registry.ts';

describe('webContents registry', () => {
  it('knows its members until they are destroyed', () => {
    const registry = createWebContentsRegistry<FakeWebContents>();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    registry.add(a);
    registry.add(a);
    registry.add(b);
    expect(registry.list()).toEqual([a, b]);
    expect(registry.has(a)).toBe(true);
    expect(registry.has(new FakeWebContents())).toBe(false);
    a.destroy();
    expect(registry.has(a)).toBe(false);
    expect(registry.list()).toEqual([b]);
  });
});
