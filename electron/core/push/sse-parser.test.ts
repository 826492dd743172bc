import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, SseOverflowError, type SseMessage } from './sse-parser.ts';

function parseAll(chunks: (string | Buffer)[], maxEventSize?: number) {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const ids: string[] = [];
  const parser = createSseParser(
    { onMessage: (m) => messages.push(m), onRetry: (ms) => retries.push(ms), onLastEventId: (id) => ids.push(id) },
    maxEventSize,
  );
  for (const chunk of chunks) parser.push(chunk);
  return { messages, retries, ids };
}

describe('SSE parser', () => {
  it('parses fields, comments, default and named events', () => {
    const { messages } = parseAll([': heartbeat\nid: 1\ndata: {"a":1}\n\nevent: policy\ndata:no-space\n\n']);
    expect(messages).toEqual([
      { event: 'message', data: '{"a":1}', lastEventId: '1' },
      { event: 'policy', data: 'no-space', lastEventId: '1' },
    ]);
  });

  it('joins multi-line data with LF and accepts CRLF, CR and LF line ends', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { messages } = parseAll([`data: first${eol}data: second${eol}data${eol}${eol}`]);
      expect(messages).toEqual([{ event: 'message', data: 'first\nsecond\n', lastEventId: null }]);
    }
  });

  it('treats a CRLF split across chunks as one line end', () => {
    const { messages } = parseAll(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    expect(messages).toEqual([{ event: 'message', data: 'a\nb', lastEventId: null }]);
  });

  it('decodes UTF-8 split inside a character and strips a leading BOM', () => {
    const bytes = Buffer.from('\ufeffdata: 坐席\n\n', 'utf8');
    const { messages } = parseAll([bytes.subarray(0, 9), bytes.subarray(9)]);
    expect(messages).toEqual([{ event: 'message', data: '坐席', lastEventId: null }]);
  });

  it('updates the last id even for events without data, ignores ids with NUL and bad retry values', () => {
    const { messages, ids, retries } = parseAll(['id: 5\n\nid: 6\u0000x\ndata: x\n\nretry: 1500\nretry: soon\nretry: -1\n\n']);
    expect(ids).toEqual(['5']);
    expect(messages).toEqual([{ event: 'message', data: 'x', lastEventId: '5' }]);
    expect(retries).toEqual([1500]);
  });

  it('does not dispatch an unterminated final event', () => {
    expect(parseAll(['data: complete\n\ndata: incomplete\n']).messages).toHaveLength(1);
  });

  it('refuses lines and events beyond the size limit', () => {
    expect(() => parseAll(['data: ' + 'x'.repeat(100)], 64)).toThrow(SseOverflowError);
    expect(() => parseAll(['data: xxxxxxxxxx\n'.repeat(10)], 64)).toThrow(SseOverflowError);
  });

  it('gives the same result however the stream is chunked', () => {
    const stream = ': c\r\nid: 1\r\ndata: {"x":"坐席"}\r\n\r\nevent: e\rdata: a\rdata: b\r\rid: 2\ndata: z\n\n';
    const whole = parseAll([stream]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: Buffer.byteLength(stream) }), { maxLength: 8 }), (cuts) => {
        const bytes = Buffer.from(stream, 'utf8');
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const point of [...points, bytes.length]) {
          chunks.push(bytes.subarray(from, point));
          from = point;
        }
        expect(parseAll(chunks)).toEqual(whole);
      }),
    );
    expect(whole.messages).toHaveLength(3);
  });
});
