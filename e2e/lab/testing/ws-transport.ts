/**
 * TEST ONLY — SIP over WebSocket (RFC 7118, subprotocol "sip") for the lab's tests.
 * ws:// uses Node's global WebSocket (the standard client). wss:// uses RawWebSocket over
 * node:tls, because the global WebSocket cannot be given the lab's dev CA; RawWebSocket can
 * also write malformed frames and bytes, which the robustness tests need.
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface SipTransport {
  /** "WS" or "WSS", for the Via header. */
  readonly name: 'WS' | 'WSS';
  send(text: string): void;
  onMessage(handler: (text: string) => void): void;
  close(): void;
  readonly closed: Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export class RawWebSocket implements SipTransport {
  readonly name: 'WS' | 'WSS';
  readonly closed: Promise<void>;
  private buffer = Buffer.alloc(0);
  private handlers: ((text: string) => void)[] = [];
  private readonly socket: Socket;

  private constructor(socket: Socket, secure: boolean) {
    this.socket = socket;
    this.name = secure ? 'WSS' : 'WS';
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
  }

  /** Opens a TCP/TLS connection and, unless `handshake` is false, does the WebSocket upgrade. */
  static async connect(url: string, options: { caCertPem?: string; timeoutMs?: number; handshake?: boolean; protocol?: string } = {}): Promise<RawWebSocket> {
    const { hostname, port, protocol, pathname } = new URL(url);
    const secure = protocol === 'wss:';
    const socket = secure
      ? tlsConnect({ host: hostname, port: Number(port), ...(options.caCertPem === undefined ? {} : { ca: options.caCertPem }) })
      : netConnect({ host: hostname, port: Number(port) });
    const ws = new RawWebSocket(socket, secure);
    const timeoutMs = options.timeoutMs ?? 5000;
    await withTimeout(new Promise<void>((resolve, reject) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    }), timeoutMs, `connect ${url}`);
    if (options.handshake === false) return ws;
    const key = randomBytes(16).toString('base64');
    socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${options.protocol ?? 'sip'}\r\n\r\n`);
    const head = await withTimeout(new Promise<string>((resolve, reject) => {
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        ws.buffer = received.subarray(end + 4);
        resolve(received.subarray(0, end).toString('latin1'));
      };
      socket.on('data', onData);
      socket.once('close', () => reject(new Error('closed during the WebSocket handshake')));
    }), timeoutMs, 'WebSocket handshake');
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    if (!/^HTTP\/1\.1 101 /.test(head) || !head.includes(`Sec-WebSocket-Accept: ${accept}`) || !/Sec-WebSocket-Protocol: sip/i.test(head)) {
      socket.destroy();
      throw new Error(`WebSocket upgrade refused: ${head.split('\r\n')[0] ?? ''}`);
    }
    socket.on('data', (chunk: Buffer) => ws.onData(chunk));
    ws.onData(Buffer.alloc(0));
    return ws;
  }

  onMessage(handler: (text: string) => void): void {
    this.handlers.push(handler);
  }

  send(text: string): void {
    this.sendFrame(1, Buffer.from(text, 'utf8'));
  }

  /** A client frame; `mask: false` breaks RFC 6455 on purpose. */
  sendFrame(opcode: number, payload: Buffer, options: { mask?: boolean; fin?: boolean } = {}): void {
    const mask = options.mask ?? true;
    const length = payload.length;
    const head = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
    head[0] = ((options.fin ?? true) ? 0x80 : 0) | (opcode & 0x0f);
    if (length < 126) head[1] = length;
    else if (length < 65_536) {
      head[1] = 126;
      head.writeUInt16BE(length, 2);
    } else {
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(length), 2);
    }
    if (!mask) {
      this.writeRaw(Buffer.concat([head, payload]));
      return;
    }
    head[1] = (head[1] ?? 0) | 0x80;
    const key = randomBytes(4);
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i += 1) body[i] = (body[i] ?? 0) ^ (key[i % 4] ?? 0);
    this.writeRaw(Buffer.concat([head, key, body]));
  }

  writeRaw(bytes: Buffer | string): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    // Server frames are unmasked; Kamailio sends each SIP message as one text frame.
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = (this.buffer[0] ?? 0) & 0x0f;
      let length = (this.buffer[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 1) for (const handler of this.handlers) handler(payload.toString('utf8'));
      else if (opcode === 9) this.sendFrame(10, Buffer.from(payload));
      else if (opcode === 8) this.close();
    }
  }
}

/** The standard client (Node's global WebSocket) for ws:// URLs. */
async function openGlobalWebSocket(url: string, timeoutMs: number): Promise<SipTransport> {
  const ws = new WebSocket(url, 'sip');
  await withTimeout(new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error(`WebSocket ${url} failed`)));
  }), timeoutMs, `open ${url}`);
  if (ws.protocol !== 'sip') throw new Error(`server chose subprotocol "${ws.protocol}"`);
  const closed = new Promise<void>((resolve) => ws.addEventListener('close', () => resolve()));
  return {
    name: 'WS',
    closed,
    send: (text) => ws.send(text),
    onMessage: (handler) => ws.addEventListener('message', (event) => handler(String(event.data))),
    close: () => ws.close(),
  };
}

export async function openSipTransport(url: string, options: { caCertPem?: string; timeoutMs?: number } = {}): Promise<SipTransport> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return url.startsWith('wss:') ? RawWebSocket.connect(url, { ...options, timeoutMs }) : openGlobalWebSocket(url, timeoutMs);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
