/**
 * TEST ONLY — a SIP-over-WebSocket server on 127.0.0.1 that says whatever the test
 * scripts: the RFC 6455 handshake (subprotocol "sip") and unmasked server frames, so tests can
 * feed JsSIP malformed messages a real SBC might send. No `ws` package: the framing is small.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface FakeSipConnection {
  /** A text frame (opcode 1) or, for a Buffer, a frame with `opcode`. */
  send(message: string | Buffer, opcode?: number): void;
  /** Raw bytes on the socket (broken framing). */
  writeRaw(bytes: Buffer): void;
  close(): void;
}

export interface FakeSipServer {
  url: string;
  /** Called with every text message a client sends, and the connection to answer on. */
  onMessage(handler: (text: string, connection: FakeSipConnection) => void): void;
  connections(): number;
  close(): Promise<void>;
}

function frame(payload: Buffer, opcode: number): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Client frames are masked; returns the complete frames in `buffer` and what is left. */
function readFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const opcode = (buffer[offset] ?? 0) & 0x0f;
    const masked = ((buffer[offset + 1] ?? 0) & 0x80) !== 0;
    let length = (buffer[offset + 1] ?? 0) & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    const maskAt = at;
    if (masked) at += 4;
    if (buffer.length < at + length) break;
    const payload = Buffer.from(buffer.subarray(at, at + length));
    if (masked) for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] ?? 0) ^ (buffer[maskAt + (i % 4)] ?? 0);
    frames.push({ opcode, payload });
    offset = at + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export async function startFakeSipServer(): Promise<FakeSipServer> {
  let handler: (text: string, connection: FakeSipConnection) => void = () => undefined;
  const sockets = new Set<Socket>();
  const server = createServer((_request, response) => response.writeHead(426).end());
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    const key = request.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: sip\r\n\r\n`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const connection: FakeSipConnection = {
      send: (message, opcode = 1) => {
        if (!socket.destroyed) socket.write(frame(typeof message === 'string' ? Buffer.from(message) : message, opcode));
      },
      writeRaw: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      close: () => socket.destroy(),
    };
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([buffer, chunk]));
      buffer = rest;
      for (const { opcode, payload } of frames) {
        if (opcode === 8) socket.end(frame(Buffer.alloc(0), 8));
        else if (opcode === 9) connection.send(payload, 10);
        else if (opcode === 1 || opcode === 2) handler(payload.toString('utf8'), connection);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    onMessage: (next) => {
      handler = next;
    },
    connections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
