import { afterEach, describe, expect, it } from 'vitest';
import { PushEvent } from '../../contract/api.ts';
import { createPushHub } from './push-hub.ts';
import type { PushHub } from './push-hub.ts';

interface Recorded {
  frames: { id: string | undefined; event: PushEvent }[];
  comments: string[];
  ended: boolean;
}

function recordingSink(): Recorded & { write(chunk: string): void; end(): void } {
  const recorded: Recorded = { frames: [], comments: [], ended: false };
  return {
    ...recorded,
    write(chunk) {
      for (const block of chunk.split('\n\n').filter((b) => b.length > 0)) {
        if (block.startsWith(':')) this.comments.push(block);
        const id = /^id: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (data !== undefined) this.frames.push({ id, event: PushEvent.parse(JSON.parse(data)) });
      }
    },
    end() {
      this.ended = true;
    },
  };
}

const policy = (idleLockSeconds: number): PushEvent => ({ type: 'policy', policy: { idleLockSeconds, watermark: true } });

describe('push hub', () => {
  let hub: PushHub;
  afterEach(() => hub.close());

  it('sends the snapshot first, then broadcasts, each with a distinct id', () => {
    hub = createPushHub();
    const sink = recordingSink();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, sink, undefined, policy(300));
    hub.broadcast(policy(60));
    hub.broadcast(policy(30));
    expect(sink.frames.map((f) => f.event)).toEqual([policy(300), policy(60), policy(30)]);
    expect(new Set(sink.frames.map((f) => f.id)).size).toBe(3);
  });

  it('replays only what came after Last-Event-ID, then the snapshot', () => {
    hub = createPushHub();
    const first = recordingSink();
    const detach = hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, first, undefined, policy(300));
    hub.broadcast(policy(60));
    const seen = first.frames.at(-1)?.id;
    detach();
    hub.broadcast(policy(30));
    hub.broadcast(policy(20));
    const second = recordingSink();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, second, seen, policy(20));
    expect(second.frames.map((f) => f.event)).toEqual([policy(30), policy(20), policy(20)]);
  });

  it('treats an unknown or foreign Last-Event-ID as nothing to replay', () => {
    hub = createPushHub();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, recordingSink(), undefined, policy(1));
    hub.broadcast(policy(60));
    for (const id of ['deadbeef-0', 'garbage', '']) {
      const sink = recordingSink();
      hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, sink, id, policy(60));
      expect(sink.frames).toHaveLength(1);
    }
  });

  it('keeps a bounded ring per operator', () => {
    hub = createPushHub({ ringSize: 3 });
    const first = recordingSink();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, first, undefined, policy(1));
    const start = first.frames[0]?.id;
    for (let i = 2; i <= 10; i += 1) hub.broadcast(policy(i));
    const sink = recordingSink();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, sink, start, policy(10));
    expect(sink.frames.map((f) => f.event)).toEqual([policy(8), policy(9), policy(10), policy(10)]);
  });

  it('revokes only the named sessions and ends their streams', () => {
    hub = createPushHub();
    const target = recordingSink();
    const sameOperatorOtherSession = recordingSink();
    const otherOperator = recordingSink();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, target, undefined, policy(1));
    hub.attach({ sessionId: 's2', operatorId: 'A', source: '127.0.0.1' }, sameOperatorOtherSession, undefined, policy(1));
    hub.attach({ sessionId: 's3', operatorId: 'B', source: '127.0.0.1' }, otherOperator, undefined, policy(1));
    hub.revokeSessions('A', ['s1'], 'operator-disabled');
    expect(target.frames.at(-1)?.event).toEqual({ type: 'session-revoked', reason: 'operator-disabled' });
    expect(target.ended).toBe(true);
    expect(sameOperatorOtherSession.ended).toBe(false);
    expect(sameOperatorOtherSession.frames).toHaveLength(1);
    expect(otherOperator.frames).toHaveLength(1);
    expect(hub.openStreams()).toBe(2);
  });

  it('sends an event with an audience only to the streams it admits, live and on a resume', () => {
    hub = createPushHub();
    const agent = { roles: ['agent'], permissions: ['kb.read'] } as const;
    const supervisor = { roles: ['supervisor'], permissions: ['kb.read'] } as const;
    const agentSink = recordingSink();
    const supervisorSink = recordingSink();
    const noAccessSink = recordingSink();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1', access: agent }, agentSink, undefined, policy(1));
    hub.attach({ sessionId: 's2', operatorId: 'S', source: '127.0.0.1', access: supervisor }, supervisorSink, undefined, policy(1));
    hub.attach({ sessionId: 's3', operatorId: 'X', source: '127.0.0.1' }, noAccessSink, undefined, policy(1));
    const start = agentSink.frames[0]?.id;
    const event: PushEvent = { type: 'kb-changed', change: 'published', articleId: 7, spaceId: 'claims', version: 2, mandatory: false };
    expect(hub.broadcast(event, (access) => access.roles.includes('supervisor'))).toBe(1);
    expect(supervisorSink.frames.at(-1)?.event).toEqual(event);
    expect(agentSink.frames).toHaveLength(1);
    expect(noAccessSink.frames).toHaveLength(1);
    // Without an audience it still reaches every stream.
    expect(hub.broadcast(policy(5))).toBe(3);
    // The agent resumes from before both: the policy is replayed, the supervisors' event is not.
    const resumed = recordingSink();
    hub.attach({ sessionId: 's4', operatorId: 'A', source: '127.0.0.1', access: agent }, resumed, start, policy(5));
    expect(resumed.frames.map((f) => f.event.type)).toEqual(['policy', 'policy']);
    const supervisorResumed = recordingSink();
    hub.attach({ sessionId: 's5', operatorId: 'S', source: '127.0.0.1', access: supervisor }, supervisorResumed, start, policy(5));
    expect(supervisorResumed.frames.map((f) => f.event.type)).toEqual(['kb-changed', 'policy', 'policy']);
  });

  it('writes heartbeat comments to open streams', async () => {
    hub = createPushHub({ heartbeatMs: 5 });
    const sink = recordingSink();
    hub.attach({ sessionId: 's1', operatorId: 'A', source: '127.0.0.1' }, sink, undefined, policy(1));
    for (let i = 0; i < 200 && sink.comments.length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(sink.comments[0]).toBe(': heartbeat');
  });
});
