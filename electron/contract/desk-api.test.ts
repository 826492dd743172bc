import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, invokeChannels, type EventChannel, type InvokeChannel } from './channels.ts';
import { buildDeskApi, deskMemberOf, type DeskTransport } from './desk-api.ts';

/** A transport that notes what reached it, so each member can be traced to its channel. */
function recordingTransport() {
  const invoked: { channel: InvokeChannel; payload: unknown }[] = [];
  const subscribed: EventChannel[] = [];
  const transport: DeskTransport = {
    invoke: async (channel, payload) => {
      invoked.push({ channel, payload });
      return { ok: true, value: null as never };
    },
    subscribe: (channel) => {
      subscribed.push(channel);
      return () => undefined;
    },
  };
  return { transport, invoked, subscribed };
}

describe('window.desk is derived from the channel table', () => {
  it('has exactly one member per channel, named by rule, and nothing else', () => {
    const desk = buildDeskApi(recordingTransport().transport) as unknown as Record<string, Record<string, unknown>>;
    const expected = new Map<string, string[]>();
    for (const c of INVOKE_CHANNELS) {
      const [d, m] = deskMemberOf(c, 'invoke');
      expected.set(d, [...(expected.get(d) ?? []), m]);
    }
    for (const e of EVENT_CHANNELS) {
      const [d, m] = deskMemberOf(e, 'event');
      expected.set(d, [...(expected.get(d) ?? []), m]);
    }
    expect(Object.keys(desk).sort()).toEqual([...expected.keys()].sort());
    for (const [domain, members] of expected) expect(Object.keys(desk[domain] ?? {}).sort()).toEqual([...members].sort());
    expect(Object.isFrozen(desk)).toBe(true);
    for (const domain of Object.values(desk)) expect(Object.isFrozen(domain)).toBe(true);
  });

  it('names members by rule: kebab-case becomes camelCase, events get `on`', () => {
    expect(deskMemberOf('session.login', 'invoke')).toEqual(['session', 'login']);
    expect(deskMemberOf('audit.status-changed', 'event')).toEqual(['audit', 'onStatusChanged']);
    expect(deskMemberOf('connection.changed', 'event')).toEqual(['connection', 'onChanged']);
  });

  it('each invoke member calls its own channel with its one argument; each event member subscribes to its own', async () => {
    const { transport, invoked, subscribed } = recordingTransport();
    const desk = buildDeskApi(transport) as unknown as Record<string, Record<string, (arg?: unknown) => unknown>>;
    for (const c of INVOKE_CHANNELS) {
      const [d, m] = deskMemberOf(c, 'invoke');
      await desk[d]![m]!({ marker: c });
    }
    expect(invoked).toEqual(INVOKE_CHANNELS.map((channel) => ({ channel, payload: { marker: channel } })));
    for (const e of EVENT_CHANNELS) {
      const [d, m] = deskMemberOf(e, 'event');
      desk[d]![m]!(() => undefined);
    }
    expect(subscribed).toEqual([...EVENT_CHANNELS]);
  });

  it('every channel declares an owner and an access rule', () => {
    for (const c of INVOKE_CHANNELS) {
      expect(['core', 'main']).toContain(invokeChannels[c].owner);
      expect(['public', 'signed-in', 'unlocked', 'permission']).toContain(invokeChannels[c].access.kind);
    }
    expect(INVOKE_CHANNELS.some((c) => invokeChannels[c].owner === 'main')).toBe(true);
  });
});
