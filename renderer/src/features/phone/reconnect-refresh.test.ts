import { describe, expect, it } from 'vitest';
import type { EngineEvent } from './engine.ts';
import { reconnectWatch } from './reconnect-refresh.ts';

const registered: EngineEvent = { type: 'registration', registration: { status: 'registered', server: 'wss://sbc.example/ws' } };
const registering: EngineEvent = { type: 'registration', registration: { status: 'registering', server: 'wss://sbc.example/ws' } };
const networkLost: EngineEvent = { type: 'registration', registration: { status: 'unregistered', problem: 'network' } };
const stopped: EngineEvent = { type: 'registration', registration: { status: 'unregistered', problem: null } };

function run(events: EngineEvent[]): number {
  let back = 0;
  const watch = reconnectWatch(() => {
    back += 1;
  });
  for (const event of events) watch(event);
  return back;
}

describe('reconnectWatch', () => {
  it('fires once when the phone registers again after a network loss', () => {
    expect(run([registered, networkLost, registering, registered, registered])).toBe(1);
  });

  it('does not fire on the first registration or on a renewal', () => {
    expect(run([registering, registered, registered])).toBe(0);
  });

  it('fires again after a second loss', () => {
    expect(run([registered, networkLost, registered, networkLost, networkLost, registered])).toBe(2);
  });

  it('a loss followed by a deliberate stop does not fire on the next start', () => {
    expect(run([registered, networkLost, stopped, registering, registered])).toBe(0);
  });

  it('ignores call and media events', () => {
    expect(run([networkLost, { type: 'problem', problem: 'hold-busy' }, registered])).toBe(1);
  });
});
