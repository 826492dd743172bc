import { describe, expect, it } from 'vitest';
import { auditInto } from './security-events.ts';

describe('auditInto', () => {
  it('records "<kind>:<detail>" with a redacted URL', () => {
    const recorded: Array<[string, string]> = [];
    auditInto({ recordBlocked: (u, r) => recorded.push([u, r]) })({ kind: 'navigation-denied', url: 'https://evil.example/p?q=secret', detail: 'will-navigate' });
    expect(recorded).toEqual([['https://evil.example/p', 'navigation-denied:will-navigate']]);
  });
});
