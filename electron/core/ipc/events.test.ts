import { describe, expect, it } from 'vitest';
import type { EventChannel } from '../../contract/channels.ts';
import { createDeskEvents } from './events.ts';

describe('desk events', () => {
  it('delivers valid payloads to the subscribers of that channel until they unsubscribe', () => {
    const events = createDeskEvents();
    const got: unknown[] = [];
    const off = events.subscribe('connection.changed', (c) => got.push(c));
    events.subscribe('policy.changed', () => got.push('wrong channel'));
    events.emit('connection.changed', 'online');
    off();
    events.emit('connection.changed', 'offline');
    expect(got).toEqual(['online']);
  });

  it('drops a payload that breaks the contract, and says so without echoing it', () => {
    const logs: string[] = [];
    const events = createDeskEvents({ log: (m) => logs.push(m) });
    const got: unknown[] = [];
    events.subscribe('audit.status-changed', (p) => got.push(p));
    events.emit('audit.status-changed', { backlog: -5 });
    events.emit('audit.status-changed', { backlog: 1, secret: 'x' } as { backlog: number });
    expect(got).toEqual([]);
    expect(logs).toHaveLength(2);
    expect(logs.join()).not.toContain('secret');
  });

  it('keeps notifying the other listeners when one throws', () => {
    const logs: string[] = [];
    const events = createDeskEvents({ log: (m) => logs.push(m) });
    const got: string[] = [];
    events.subscribe('connection.changed', () => {
      throw new Error('renderer gone');
    });
    events.subscribe('connection.changed', (c) => got.push(c));
    events.emit('connection.changed', 'connecting');
    expect(got).toEqual(['connecting']);
    expect(logs).toEqual(['desk event connection.changed: listener failed with Error']);
  });

  it('refuses to subscribe to a channel that does not exist', () => {
    expect(() => createDeskEvents().subscribe('nope' as EventChannel, () => undefined)).toThrow(TypeError);
  });
});
