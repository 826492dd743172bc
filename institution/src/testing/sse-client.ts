/**
 * TEST SUPPORT ONLY. Reads a Server-Sent Events stream over HTTPS and hands out its
 * messages one by one, each wait bounded by a timeout.
 */
import https from 'node:https';
import type { ClientRequest } from 'node:http';

export interface SseMessage {
  id: string | undefined;
  data: string;
}

export interface SseStream {
  status: number;
  /** The next message; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Resolves when a `:` comment line arrives (heartbeats). */
  nextComment(timeoutMs?: number): Promise<string>;
  /** Resolves when the server ends the stream. */
  ended(timeoutMs?: number): Promise<void>;
  close(): void;
}

function waiter<T>(queue: T[], listeners: (() => void)[], what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const attempt = (): boolean => {
      if (queue.length === 0) return false;
      settled = true;
      resolve(queue.shift() as T);
      return true;
    };
    if (attempt()) return;
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (): void => {
      if (settled) return; // timed out: leave the item for the next waiter
      if (attempt()) clearTimeout(timer);
      else listeners.push(listener);
    };
    listeners.push(listener);
  });
}

export function openEventStream(url: string, caPem: string, token: string, lastEventId?: string): Promise<SseStream> {
  const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const listeners: (() => void)[] = [];
  let isEnded = false;
  const notify = (): void => {
    for (const listener of listeners.splice(0)) listener();
  };

  return new Promise((resolve, reject) => {
    const req: ClientRequest = https.request(url, { method: 'GET', headers, ca: caPem, agent: false, timeout: 10_000 }, (res) => {
      req.setTimeout(0);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) messages.push({ id, data: data.join('\n') });
          boundary = buffer.indexOf('\n\n');
        }
        notify();
      });
      const finish = (): void => {
        isEnded = true;
        notify();
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      resolve({
        status: res.statusCode ?? 0,
        next: (timeoutMs = 5_000) => waiter(messages, listeners, 'event', timeoutMs),
        nextComment: (timeoutMs = 5_000) => waiter(comments, listeners, 'comment', timeoutMs),
        ended: (timeoutMs = 5_000) =>
          new Promise<void>((resolveEnd, rejectEnd) => {
            if (isEnded) return resolveEnd();
            let timedOut = false;
            const timer = setTimeout(() => {
              timedOut = true;
              rejectEnd(new Error(`stream still open after ${timeoutMs} ms`));
            }, timeoutMs);
            const listener = (): void => {
              if (timedOut) return;
              if (!isEnded) return void listeners.push(listener);
              clearTimeout(timer);
              resolveEnd();
            };
            listeners.push(listener);
          }),
        close: () => req.destroy(),
      });
    });
    req.on('timeout', () => req.destroy(new Error('event stream did not answer')));
    req.on('error', reject);
    req.end();
  });
}
