import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '../core/audit/security-recorder.ts';
import { recoverFromProcessLoss, type RecoveryOptions } from './renderer-recovery.ts';

/** The decisions around a reload, with a scripted clock; the boot-world test covers the real core. */
class Contents {
  destroyed = false;
  loads: string[] = [];
  failLoad = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async loadURL(url: string): Promise<void> {
    this.loads.push(url);
    if (this.failLoad) throw new Error('ERR_ABORTED /secret/path');
  }
}

function setup(overrides: Partial<RecoveryOptions<Contents>> = {}) {
  const app = new EventEmitter();
  const steps: string[] = [];
  const logs: string[] = [];
  let t = 0;
  const own = new Contents();
  const options: RecoveryOptions<Contents> = {
    core: {
      lockNow: (cause) => steps.push(`lock:${cause}`),
      recordFault: (e: FaultEvent) => steps.push(`fault:${e.kind}:${e.detail}`),
    },
    isOwn: (c) => c === own,
    quitting: () => false,
    log: (line) => logs.push(line),
    now: () => t,
    maxReloads: 2,
    windowMs: 1_000,
    ...overrides,
  };
  recoverFromProcessLoss(app as never, options);
  const gone = (contents: Contents, reason = 'crashed') => app.emit('render-process-gone', {}, contents, { reason, exitCode: 1 });
  return { app, steps, logs, own, gone, advance: (ms: number) => (t += ms) };
}

describe('renderer recovery', () => {
  it('locks and audits before it reloads our window', () => {
    const { steps, own, gone } = setup();
    gone(own);
    expect(steps).toEqual(['lock:renderer-gone', 'fault:renderer-gone:crashed']);
    expect(own.loads).toEqual(['app://desk/index.html']);
  });

  it('locks for a stranger renderer too, but reloads only ours', () => {
    const { steps, gone } = setup();
    const stranger = new Contents();
    gone(stranger, 'killed');
    expect(steps).toEqual(['lock:renderer-gone', 'fault:renderer-gone:killed']);
    expect(stranger.loads).toEqual([]);
  });

  it('does not reload a destroyed window or while quitting', () => {
    const destroyed = setup();
    destroyed.own.destroyed = true;
    destroyed.gone(destroyed.own, 'clean-exit');
    expect(destroyed.own.loads).toEqual([]);
    const quitting = setup({ quitting: () => true });
    quitting.gone(quitting.own, 'clean-exit');
    expect(quitting.own.loads).toEqual([]);
    expect(quitting.steps).toContain('lock:renderer-gone');
  });

  it('stops reloading a renderer that dies at every load, and starts again later', () => {
    const { own, gone, logs, advance } = setup();
    gone(own);
    gone(own);
    gone(own);
    expect(own.loads).toHaveLength(2);
    expect(logs.at(-1)).toMatch(/not reloading/);
    advance(1_000);
    gone(own);
    expect(own.loads).toHaveLength(3);
  });

  it('logs a failed reload by type only', async () => {
    const { own, gone, logs } = setup();
    own.failLoad = true;
    gone(own);
    await expect.poll(() => logs).toEqual(['channeldesk: reload after renderer loss failed: Error']);
  });

  it('audits a lost child process with its type and reason', () => {
    const { app, steps } = setup();
    app.emit('child-process-gone', {}, { type: 'Utility', reason: 'oom', exitCode: 1, serviceName: 'network.mojom.NetworkService' });
    expect(steps).toEqual(['fault:child-process-gone:Utility:oom']);
  });
});
