/**
 * TEST ONLY — a minimal SIP user agent over a SipTransport: REGISTER and INVITE with digest
 * auth (ephemeral credentials), dialogs with route sets, ACK/BYE, and answering incoming
 * requests. Not a softphone: no retransmissions (WebSocket is reliable), no timers beyond
 * bounded waits, one challenge retry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { header, headerValues, parseSip, tagOf, uriOf, type SipMessage } from './sip-message.ts';
import { withTimeout, type SipTransport } from './ws-transport.ts';

export interface Dialog {
  callId: string;
  localUri: string;
  localTag: string;
  remoteUri: string;
  remoteTag: string;
  remoteTarget: string;
  routeSet: string[];
  cseq: number;
  inviteCseq: number;
}

export interface SendOptions {
  to?: string;
  headers?: [string, string][];
  body?: string;
  contentType?: string;
  dialog?: Dialog;
  cseq?: number;
  callId?: string;
  fromTag?: string;
  /** Only for CANCEL, which reuses the INVITE's branch. */
  branch?: string;
}

export interface Transaction {
  request: string;
  responses: SipMessage[];
  /** The latest attempt on the wire (a challenge retry is a new one), for CANCEL. */
  sent?: { requestUri: string; branch: string; callId: string; fromTag: string; cseq: number; to: string };
  /** The first final response; rejects after timeoutMs. */
  final: Promise<SipMessage>;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const token = (bytes = 8): string => randomBytes(bytes).toString('hex');

export class SipUa {
  readonly aor: string;
  /** The Contact header value; tests may append JsSIP's params (reg-id, +sip.instance). */
  contact: string;
  // One sent-by host per UA: the proxy matches a CANCEL to its INVITE by branch AND Via host.
  private readonly viaHost = `${token(4)}.invalid`;
  private readonly pending = new Map<string, { responses: SipMessage[]; resolve: (message: SipMessage) => void }>();
  private readonly inbox: SipMessage[] = [];
  private readonly waiters: { method: string; resolve: (message: SipMessage) => void }[] = [];
  private readonly toTags = new Map<string, string>();
  private cseqCounter = 1;
  private readonly transport: SipTransport;
  private readonly credentials: { username: string; password: string } | undefined;
  private readonly timeoutMs: number;
  readonly operatorId: string;
  readonly domain: string;

  constructor(transport: SipTransport, operatorId: string, domain: string, credentials?: { username: string; password: string }, timeoutMs = 8000) {
    this.transport = transport;
    this.operatorId = operatorId;
    this.domain = domain;
    this.credentials = credentials;
    this.timeoutMs = timeoutMs;
    this.aor = `sip:${operatorId}@${domain}`;
    // Like JsSIP: an unroutable .invalid contact host the proxy must alias.
    this.contact = `<sip:${token(4)}@${token(4)}.invalid;transport=ws>`;
    transport.onMessage((text) => this.receive(text));
  }

  private receive(text: string): void {
    let message: SipMessage;
    try {
      message = parseSip(text);
    } catch {
      return;
    }
    if (message.isRequest) {
      const index = this.waiters.findIndex((waiter) => waiter.method === message.method);
      if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve(message);
      else this.inbox.push(message);
      return;
    }
    const branch = /branch=([^;\s]+)/.exec(header(message, 'via') ?? '')?.[1] ?? '';
    const method = (header(message, 'cseq') ?? '').split(' ')[1] ?? '';
    const entry = this.pending.get(`${branch} ${method}`);
    if (entry === undefined) return;
    entry.responses.push(message);
    if (message.status >= 200) entry.resolve(message);
  }

  /** Sends a request; INVITE and other methods retry once with credentials on 401/407. */
  send(method: string, requestUri: string, options: SendOptions = {}): Transaction {
    const transaction: Transaction = { request: method, responses: [], final: Promise.resolve(undefined as never) };
    transaction.final = this.transact(method, requestUri, options, transaction, true);
    transaction.final.catch(() => undefined);
    return transaction;
  }

  /** CANCEL for a pending INVITE: same branch, Call-ID, From tag and CSeq number. */
  cancel(invite: Transaction): Transaction {
    const sent = invite.sent;
    if (sent === undefined) throw new Error('nothing to cancel');
    return this.send('CANCEL', sent.requestUri, { to: sent.to, callId: sent.callId, fromTag: sent.fromTag, cseq: sent.cseq, branch: sent.branch });
  }

  private async transact(method: string, requestUri: string, options: SendOptions, transaction: Transaction, mayAuth: boolean, auth?: [string, string]): Promise<SipMessage> {
    const responses = transaction.responses;
    const dialog = options.dialog;
    const branch = options.branch ?? `z9hG4bK${token()}`;
    const callId = dialog?.callId ?? options.callId ?? `${token()}@lab.test`;
    const fromTag = dialog?.localTag ?? options.fromTag ?? token(4);
    const cseq = options.cseq ?? (dialog !== undefined ? (dialog.cseq += 1) : (this.cseqCounter += 1));
    const to = dialog !== undefined ? `<${dialog.remoteUri}>;tag=${dialog.remoteTag}` : `<${options.to ?? requestUri}>`;
    const lines = [
      `${method} ${requestUri} SIP/2.0`,
      `Via: SIP/2.0/${this.transport.name} ${this.viaHost};branch=${branch};rport`,
      'Max-Forwards: 70',
      ...(dialog?.routeSet ?? []).map((route) => `Route: ${route}`),
      `From: <${dialog?.localUri ?? this.aor}>;tag=${fromTag}`,
      `To: ${to}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: ${this.contact}${method === 'REGISTER' ? ';expires=300' : ''}`,
      ...(auth === undefined ? [] : [`${auth[0]}: ${auth[1]}`]),
      ...(options.headers ?? []).map(([name, value]) => `${name}: ${value}`),
      ...(options.body === undefined ? [] : [`Content-Type: ${options.contentType ?? 'application/sdp'}`]),
      `Content-Length: ${Buffer.byteLength(options.body ?? '')}`,
    ];
    transaction.sent = { requestUri, branch, callId, fromTag, cseq, to: options.to ?? requestUri };
    const key = `${branch} ${method}`;
    const result = new Promise<SipMessage>((resolve) => {
      this.pending.set(key, {
        responses,
        resolve: (message) => resolve(message),
      });
    });
    this.transport.send(`${lines.join('\r\n')}\r\n\r\n${options.body ?? ''}`);
    const response = await withTimeout(result, this.timeoutMs, `${method} ${requestUri} (got ${responses.map((r) => r.status).join(',') || 'nothing'})`);
    this.pending.delete(key);
    if ((response.status === 401 || response.status === 407) && mayAuth && this.credentials !== undefined) {
      if (method === 'INVITE') this.ackNon2xx(requestUri, response, branch);
      const challenge = header(response, response.status === 401 ? 'www-authenticate' : 'proxy-authenticate') ?? '';
      const name = response.status === 401 ? 'Authorization' : 'Proxy-Authorization';
      return this.transact(method, requestUri, { ...options, callId, fromTag, cseq: cseq + 1 }, transaction, false, [name, this.digest(method, requestUri, challenge)]);
    }
    return response;
  }

  private digest(method: string, uri: string, challenge: string): string {
    const param = (name: string): string => new RegExp(`${name}="?([^",]*)"?`).exec(challenge)?.[1] ?? '';
    const { username, password } = this.credentials ?? { username: '', password: '' };
    const realm = param('realm');
    const nonce = param('nonce');
    const cnonce = token();
    const ha1 = md5(`${username}:${realm}:${password}`);
    const ha2 = md5(`${method}:${uri}`);
    const qop = /qop="?[^"]*auth/.test(challenge);
    const response = qop ? md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5` +
      (qop ? `, cnonce="${cnonce}", nc=00000001, qop=auth` : '');
  }

  private ackNon2xx(requestUri: string, response: SipMessage, branch: string): void {
    const cseq = (header(response, 'cseq') ?? '').split(' ')[0] ?? '1';
    this.transport.send([`ACK ${requestUri} SIP/2.0`, `Via: ${header(response, 'via') ?? `SIP/2.0/WS x.invalid;branch=${branch}`}`, 'Max-Forwards: 70',
      `From: ${header(response, 'from') ?? ''}`, `To: ${header(response, 'to') ?? ''}`, `Call-ID: ${header(response, 'call-id') ?? ''}`,
      `CSeq: ${cseq} ACK`, 'Content-Length: 0', '', ''].join('\r\n'));
  }

  register(expires = 300): Transaction {
    return this.send('REGISTER', `sip:${this.domain}`, { to: this.aor, headers: [['Expires', String(expires)]] });
  }

  /** INVITE; once final, a dialog is available from dialogFromResponse. */
  invite(target: string, sdp: string): Transaction {
    return this.send('INVITE', target, { to: target, body: sdp });
  }

  /** The UAC's dialog from a 2xx to its INVITE (route set = Record-Route reversed). */
  dialogFromResponse(response: SipMessage): Dialog {
    const to = header(response, 'to') ?? '';
    const cseq = Number((header(response, 'cseq') ?? '1').split(' ')[0]);
    return {
      callId: header(response, 'call-id') ?? '',
      localUri: this.aor,
      localTag: tagOf(header(response, 'from') ?? '') ?? '',
      remoteUri: uriOf(to),
      remoteTag: tagOf(to) ?? '',
      remoteTarget: uriOf(header(response, 'contact') ?? ''),
      routeSet: headerValues(response, 'record-route').reverse(),
      cseq,
      inviteCseq: cseq,
    };
  }

  /** ACK for a 2xx: a new transaction, sent along the route set, no response. */
  ack(dialog: Dialog): void {
    const lines = [`ACK ${dialog.remoteTarget} SIP/2.0`, `Via: SIP/2.0/${this.transport.name} ${this.viaHost};branch=z9hG4bK${token()};rport`,
      'Max-Forwards: 70', ...dialog.routeSet.map((route) => `Route: ${route}`), `From: <${dialog.localUri}>;tag=${dialog.localTag}`,
      `To: <${dialog.remoteUri}>;tag=${dialog.remoteTag}`, `Call-ID: ${dialog.callId}`, `CSeq: ${dialog.inviteCseq} ACK`, 'Content-Length: 0', '', ''];
    this.transport.send(lines.join('\r\n'));
  }

  bye(dialog: Dialog): Transaction {
    return this.send('BYE', dialog.remoteTarget, { dialog });
  }

  async waitForRequest(method: string, timeoutMs = this.timeoutMs): Promise<SipMessage> {
    const index = this.inbox.findIndex((message) => message.method === method);
    if (index >= 0) return this.inbox.splice(index, 1)[0] as SipMessage;
    return withTimeout(new Promise<SipMessage>((resolve) => this.waiters.push({ method, resolve })), timeoutMs, `waiting for ${method} at ${this.operatorId}`);
  }

  /** Answers a received request; returns the UAS dialog for 2xx to INVITE. */
  reply(request: SipMessage, status: number, reason: string, body?: string): Dialog {
    const via = headerValues(request, 'via');
    const callId = header(request, 'call-id') ?? '';
    const branch = /branch=([^;\s]+)/.exec(via[0] ?? '')?.[1] ?? callId;
    const toTag = tagOf(header(request, 'to') ?? '') ?? this.toTags.get(branch) ?? token(4);
    this.toTags.set(branch, toTag);
    const withTag = tagOf(header(request, 'to') ?? '') === undefined ? `${header(request, 'to') ?? ''};tag=${toTag}` : header(request, 'to') ?? '';
    const dialogForming = request.method === 'INVITE' && status > 100 && status < 300;
    const recordRoutes = dialogForming ? headerValues(request, 'record-route') : [];
    const lines = [`SIP/2.0 ${status} ${reason}`, ...via.map((value) => `Via: ${value}`), ...recordRoutes.map((value) => `Record-Route: ${value}`),
      `From: ${header(request, 'from') ?? ''}`, `To: ${withTag}`, `Call-ID: ${callId}`, `CSeq: ${header(request, 'cseq') ?? ''}`,
      ...(dialogForming ? [`Contact: ${this.contact}`] : []), ...(body === undefined ? [] : ['Content-Type: application/sdp']),
      `Content-Length: ${Buffer.byteLength(body ?? '')}`];
    this.transport.send(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
    return {
      callId,
      localUri: uriOf(header(request, 'to') ?? ''),
      localTag: toTag,
      remoteUri: uriOf(header(request, 'from') ?? ''),
      remoteTag: tagOf(header(request, 'from') ?? '') ?? '',
      remoteTarget: uriOf(header(request, 'contact') ?? ''),
      routeSet: recordRoutes,
      cseq: 100,
      inviteCseq: 0,
    };
  }

  /** True once the transport has closed (e.g. the proxy died), false after timeoutMs. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.transport.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  close(): void {
    this.transport.close();
  }
}
