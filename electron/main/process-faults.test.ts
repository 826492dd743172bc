import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '../core/audit/security-recorder.ts';
import { createFaultSink, EARLY_FAULT_LIMIT, errorType, installProcessFaultHandlers } from './process-faults.ts';

describe('errorType', () => {
  it('names the class and a short code, never the message', () => {
    expect(errorType(new TypeError('card 6222 0200 1234 5678'))).toBe('TypeError');
    expect(errorType(Object.assign(new Error('connect to 10.0.0.1'), { code: 'ECONNRESET' }))).toBe('Error:ECONNRESET');
    expect(errorType(Object.assign(new Error('x'), { code: 'a message with spaces' }))).toBe('Error');
    expect(errorType(Object.assign(new Error('x'), { name: 'customer Zhang San' }))).toBe('Error');
    expect(errorType('a thrown string with data')).toBe('string');
    expect(errorType(null)).toBe('null');
    expect(errorType({ token: 'abc' })).toBe('object');
  });
});

describe('fault sink', () => {
  it('keeps faults from before core exists and delivers them first when it is attached', () => {
    const logs: string[] = [];
    const sink = createFaultSink((l) => logs.push(l));
    const recorded: FaultEvent[] = [];
    for (let i = 0; i < EARLY_FAULT_LIMIT + 5; i += 1) sink.record({ kind: 'uncaught-exception', detail: `E${i}` });
    sink.attach({ recordFault: (e) => recorded.push(e) });
    sink.record({ kind: 'unhandled-rejection', detail: 'late' });
    expect(recorded.map((e) => e.detail)).toEqual([...Array.from({ length: EARLY_FAULT_LIMIT }, (_, i) => `E${i}`), 'late']);
    expect(logs).toHaveLength(EARLY_FAULT_LIMIT + 6);
  });

  it('never throws out of a fault handler, even when auditing fails', () => {
    const logs: string[] = [];
    const sink = createFaultSink((l) => logs.push(l));
    sink.attach({
      recordFault: () => {
        throw new RangeError('disk full at /home/agent');
      },
    });
    const proc = new EventEmitter();
    installProcessFaultHandlers(proc as never, sink);
    expect(() => proc.emit('uncaughtException', new Error('boom'))).not.toThrow();
    expect(logs).toEqual(['channeldesk: fault uncaught-exception Error', 'channeldesk: fault not audited: RangeError']);
  });
});
