import { randomBytes } from 'node:crypto';
import type { Permission, PushEvent, Role } from '../../contract/api.ts';

/** Where a stream's bytes go (the raw HTTP response in production). */
export interface PushSink {
  write(chunk: string): void;
  end(): void;
}

export interface StreamOwner {
  sessionId: string;
  operatorId: string;
  /** The client's address, for the per-source cap. */
  source: string;
  /**
   * What the session may see, as its requests would (roles and permissions of the session:
   * a console session only its console roles). Events with an audience (e.g. `kb-changed`,
   * per space) go only to streams it admits; a stream without this sees none of them.
   */
  access?: StreamAccess;
}

export interface StreamAccess {
  roles: readonly Role[];
  permissions: readonly Permission[];
}

/** Decides whether an event reaches a stream (and is replayed to it on a resume); `operatorId` is the stream's operator. */
export type Audience = (access: StreamAccess, operatorId: string) => boolean;

interface Stream extends StreamOwner {
  sink: PushSink;
}

interface RingEntry {
  seq: number;
  event: PushEvent;
  /** Only these sessions see the entry; null = every session of the operator. */
  sessionIds: ReadonlySet<string> | null;
  /** Only streams it admits see the entry; null = every stream. */
  audience: Audience | null;
}

function admits(entry: Pick<RingEntry, 'audience'>, owner: StreamOwner): boolean {
  return entry.audience === null || (owner.access !== undefined && entry.audience(owner.access, owner.operatorId));
}

export interface PushHubOptions {
  /** Events kept per operator for `Last-Event-ID` replay. */
  ringSize?: number;
  heartbeatMs?: number;
  /**
   * Open streams per session. A desktop needs one; the second allows a reconnect while the
   * server still holds the dropped connection. Opening one more closes the oldest.
   */
  maxStreamsPerSession?: number;
}

export const DEFAULT_MAX_STREAMS_PER_SESSION = 2;

/**
 * Server-Sent Events fan-out. Every event gets a global sequence; event ids are
 * `<boot>-<seq>`, so an id from before a restart is recognised as unknown (the client
 * then gets only the current snapshot) instead of being compared with a fresh counter.
 */
export function createPushHub(options: PushHubOptions = {}) {
  const ringSize = options.ringSize ?? 100;
  const maxPerSession = Math.max(1, options.maxStreamsPerSession ?? DEFAULT_MAX_STREAMS_PER_SESSION);
  const boot = randomBytes(4).toString('hex');
  const rings = new Map<string, RingEntry[]>();
  const streams = new Set<Stream>();
  let lastSeq = 0;

  const frame = (seq: number, event: PushEvent): string => `id: ${boot}-${seq}\ndata: ${JSON.stringify(event)}\n\n`;

  function ringOf(operatorId: string): RingEntry[] {
    let ring = rings.get(operatorId);
    if (ring === undefined) {
      ring = [];
      rings.set(operatorId, ring);
    }
    return ring;
  }

  function remember(operatorId: string, entry: RingEntry): void {
    const ring = ringOf(operatorId);
    ring.push(entry);
    if (ring.length > ringSize) ring.splice(0, ring.length - ringSize);
  }

  function parseLastEventId(lastEventId: string | undefined): number | null {
    const match = lastEventId === undefined ? null : /^([0-9a-f]{8})-(\d{1,15})$/.exec(lastEventId);
    return match !== null && match[1] === boot ? Number(match[2]) : null;
  }

  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.sink.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    /**
     * Starts a stream: replays what the operator missed after `lastEventId`, then sends
     * `snapshot` (the current state). Returns the detach function for when the client leaves.
     */
    attach(owner: StreamOwner, sink: PushSink, lastEventId: string | undefined, snapshot: PushEvent): () => void {
      const stream: Stream = { ...owner, sink };
      sink.write('retry: 3000\n\n');
      const after = parseLastEventId(lastEventId);
      if (after !== null) {
        for (const entry of ringOf(owner.operatorId)) {
          if (entry.seq > after && (entry.sessionIds === null || entry.sessionIds.has(owner.sessionId)) && admits(entry, owner)) sink.write(frame(entry.seq, entry.event));
        }
      }
      ringOf(owner.operatorId);
      sink.write(frame(lastSeq, snapshot));
      // Oldest first (a Set keeps insertion order): the session's stale connections go first.
      const same = [...streams].filter((s) => s.sessionId === owner.sessionId);
      for (const old of same.slice(0, Math.max(0, same.length - maxPerSession + 1))) {
        // No id: this is about that connection only, nothing to replay on a resume.
        old.sink.write(`data: ${JSON.stringify({ type: 'stream-closed', reason: 'stream-limit' } satisfies PushEvent)}\n\n`);
        old.sink.end();
        streams.delete(old);
      }
      streams.add(stream);
      return () => {
        streams.delete(stream);
      };
    },

    /**
     * Sends to every open stream the audience admits (all when none is given) and remembers
     * it for every known operator; a resume replays it only to streams the audience admits.
     * Returns how many streams it was written to.
     */
    broadcast(event: PushEvent, audience: Audience | null = null): number {
      lastSeq += 1;
      const entry: RingEntry = { seq: lastSeq, event, sessionIds: null, audience };
      for (const operatorId of rings.keys()) remember(operatorId, entry);
      // One serialisation for every stream (1,000 desks get the same bytes).
      const bytes = frame(entry.seq, event);
      let sent = 0;
      for (const stream of streams) {
        if (!admits(entry, stream)) continue;
        stream.sink.write(bytes);
        sent += 1;
      }
      return sent;
    },

    /** Tells these sessions they are revoked, then closes their streams. */
    revokeSessions(operatorId: string, sessionIds: readonly string[], reason: 'operator-disabled' | 'logged-out-remotely'): void {
      lastSeq += 1;
      const event: PushEvent = { type: 'session-revoked', reason };
      const entry: RingEntry = { seq: lastSeq, event, sessionIds: new Set(sessionIds), audience: null };
      remember(operatorId, entry);
      for (const stream of [...streams]) {
        if (stream.operatorId === operatorId && entry.sessionIds?.has(stream.sessionId) === true) {
          stream.sink.write(frame(entry.seq, event));
          stream.sink.end();
          streams.delete(stream);
        }
      }
    },

    openStreams(): number {
      return streams.size;
    },

    /** Open streams from one address (the events route refuses more than its cap). */
    streamsFrom(source: string): number {
      let count = 0;
      for (const stream of streams) if (stream.source === source) count += 1;
      return count;
    },

    /** Ends every stream (server shutdown). */
    close(): void {
      clearInterval(heartbeat);
      for (const stream of streams) stream.sink.end();
      streams.clear();
    },
  };
}

export type PushHub = ReturnType<typeof createPushHub>;
