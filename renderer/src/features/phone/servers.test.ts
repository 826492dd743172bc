import { describe, expect, it } from 'vitest';
import { failoverWeights, orderServers } from './servers.ts';

describe('orderServers', () => {
  it('puts the highest weight first and keeps the profile order among equals', () => {
    const ordered = orderServers([
      { url: 'wss://b.example:7443', weight: 10 },
      { url: 'wss://a.example:7443', weight: 50 },
      { url: 'wss://c.example:7443', weight: 10 },
    ]);
    expect(ordered.map((s) => s.url)).toEqual(['wss://a.example:7443', 'wss://b.example:7443', 'wss://c.example:7443']);
  });

  it('counts the same URL once, at its highest weight', () => {
    const ordered = orderServers([
      { url: 'wss://a.example:7443', weight: 5 },
      { url: 'wss://b.example:7443', weight: 20 },
      { url: 'wss://a.example:7443', weight: 30 },
    ]);
    expect(ordered).toEqual([
      { url: 'wss://a.example:7443', weight: 30 },
      { url: 'wss://b.example:7443', weight: 20 },
    ]);
  });

  it('gives the stack strictly decreasing weights in that order (no random pick among equals)', () => {
    const weights = failoverWeights(orderServers([
      { url: 'wss://a.example', weight: 10 },
      { url: 'wss://b.example', weight: 10 },
      { url: 'wss://c.example', weight: 10 },
    ]));
    expect(weights).toEqual([
      { url: 'wss://a.example', weight: 3 },
      { url: 'wss://b.example', weight: 2 },
      { url: 'wss://c.example', weight: 1 },
    ]);
  });
});
