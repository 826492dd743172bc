import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../electron/contract/schemas.ts';
import { reconnectedFrom } from './reconnected.ts';

function channel() {
  const listeners = new Set<(s: ConnectionState) => void>();
  return {
    onChanged: (l: (s: ConnectionState) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (s: ConnectionState) => listeners.forEach((l) => l(s)),
    count: () => listeners.size,
  };
}

describe('reconnectedFrom', () => {
  it('fires once per break: online after connecting or offline, not the first online nor a repeated one', () => {
    const c = channel();
    let fired = 0;
    reconnectedFrom(c.onChanged)(() => (fired += 1));
    c.emit('online');
    c.emit('online');
    expect(fired).toBe(0);
    c.emit('offline');
    c.emit('connecting');
    expect(fired).toBe(0);
    c.emit('online');
    expect(fired).toBe(1);
    c.emit('online');
    expect(fired).toBe(1);
    c.emit('connecting');
    c.emit('online');
    expect(fired).toBe(2);
  });

  it('unsubscribes from the connection', () => {
    const c = channel();
    const off = reconnectedFrom(c.onChanged)(() => undefined);
    expect(c.count()).toBe(1);
    off();
    expect(c.count()).toBe(0);
  });
});
