import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN_TTL, createSessionStore } from '../auth/sessions.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { openDatabase } from '../db/open-database.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { insertOperator } from '../operators/operator-store.ts';
import { createPushHub } from '../push/push-hub.ts';
import type { PushHub } from '../push/push-hub.ts';
import { createTestClock } from '../testing/harness.ts';
import { attachLiveStream } from './live-stream.ts';
import type { StreamEnd } from './live-stream.ts';

function recordingEnd(): StreamEnd & { chunks: string[]; ended: boolean; closeListeners: (() => void)[] } {
  const end = {
    chunks: [] as string[],
    ended: false,
    closeListeners: [] as (() => void)[],
    sink: {
      write: (chunk: string) => end.chunks.push(chunk),
      end: () => {
        end.ended = true;
      },
    },
    onClose: (listener: () => void) => end.closeListeners.push(listener),
  };
  return end;
}

describe('attachLiveStream', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let sessions: SessionStore;
  let hub: PushHub;
  const snapshot = { type: 'policy', policy: { idleLockSeconds: 300, watermark: true } } as const;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'institution-live-stream-'));
    handle = await openDatabase(join(dir, 'test.sqlite'));
    const now = createTestClock();
    sessions = createSessionStore({ db: handle.db, now, ttl: DEFAULT_TOKEN_TTL });
    hub = createPushHub();
    await insertOperator(handle.db, { id: 'A1', displayName: 'A', passwordHash: 'x', roles: ['agent'], team: null, totpSecret: null }, now());
  });
  afterAll(async () => {
    hub.close();
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the stream of a live session open, and detaches it when the client leaves', async () => {
    const { session } = await sessions.issue('A1', 'WS-1');
    const end = recordingEnd();
    expect(await attachLiveStream({ hub, sessions }, { ...session, source: '127.0.0.1' }, end, undefined, snapshot)).toBe(true);
    expect(end.ended).toBe(false);
    expect(hub.openStreams()).toBe(1);
    expect(end.chunks.join('')).toContain('"type":"policy"');
    for (const listener of end.closeListeners) listener();
    expect(hub.openStreams()).toBe(0);
  });

  it('closes the stream of a session revoked after its request was authenticated', async () => {
    const { session } = await sessions.issue('A1', 'WS-1');
    // Authenticated… then logged out before the stream attached: the hub had nothing to close.
    await sessions.revoke(session.sessionId, 'logout');
    hub.revokeSessions(session.operatorId, [session.sessionId], 'logged-out-remotely');
    const end = recordingEnd();
    expect(await attachLiveStream({ hub, sessions }, { ...session, source: '127.0.0.1' }, end, undefined, snapshot)).toBe(false);
    expect(end.ended).toBe(true);
    expect(hub.openStreams()).toBe(0);
  });

  it('fails closed when the liveness check itself fails', async () => {
    const { session } = await sessions.issue('A1', 'WS-1');
    const broken = { isLive: () => Promise.reject(new Error('database is gone')) };
    const end = recordingEnd();
    expect(await attachLiveStream({ hub, sessions: broken }, { ...session, source: '127.0.0.1' }, end, undefined, snapshot)).toBe(false);
    expect(end.ended).toBe(true);
    expect(hub.openStreams()).toBe(0);
  });
});
