import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../core/audit/security-recorder.ts';
import { auditInto } from './security-events.ts';

describe('auditInto', () => {
  it('keeps the kind and detail and redacts the URL', () => {
    const recorded: SecurityEvent[] = [];
    auditInto({ recordSecurity: (e) => recorded.push(e) })({ kind: 'navigation-denied', url: 'https://evil.example/p?q=secret', detail: 'will-navigate' });
    expect(recorded).toEqual([{ kind: 'navigation-denied', url: 'https://evil.example/p', detail: 'will-navigate' }]);
  });
});
