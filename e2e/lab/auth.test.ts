/**
 * Ephemeral auth in front of the registrar and the proxy (real Kamailio on loopback):
 * valid credentials register over WS and WSS; missing ones are challenged; expired, wrong
 * HMAC, someone else's identity and the trunk side are refused.
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { mintSipCredentials } from './credentials.ts';
import { agent, operatorId, TEST_SECRET, useTestLab } from './testing/fixture.ts';
import { header } from './testing/sip-message.ts';
import { webrtcSdp } from './testing/sdp.ts';
import { RawWebSocket } from './testing/ws-transport.ts';
import { ensureDevTls } from '../../institution/src/tls/dev-ca.ts';
import path from 'node:path';

const env = useTestLab();

async function registered(id: string): Promise<boolean> {
  const dump = JSON.stringify(await env.lab.rpc('ul.dump'));
  return dump.includes(`"AoR":"${id}"`);
}

describe('REGISTER with ephemeral credentials', () => {
  it('accepts valid credentials over WS (the standard WebSocket client) and stores the contact', async () => {
    const id = operatorId();
    const ua = await agent(env.lab, id, { register: false });
    const transaction = ua.register();
    const response = await transaction.final;
    expect(transaction.responses.map((r) => r.status)).toEqual([401, 200]);
    expect(response.status).toBe(200);
    expect(await registered(id)).toBe(true);
  });

  it("accepts JsSIP's REGISTER (outbound reg-id, +sip.instance, Supported: path,gruu,outbound) without handing out a GRUU", async () => {
    const id = operatorId();
    const ua = await agent(env.lab, id, { url: env.lab.wssUrl, register: false });
    ua.contact = `${ua.contact};+sip.ice;reg-id=1;+sip.instance="<urn:uuid:2b8a6b2e-6c3a-4f0e-9a53-1f2a3b4c5d6e>"`;
    const response = await ua.send('REGISTER', `sip:${env.lab.domain}`, { to: ua.aor, headers: [['Expires', '600'], ['Supported', 'path,gruu,outbound']] }).final;
    expect(response.status).toBe(200);
    expect(header(response, 'contact')).not.toMatch(/gruu/);
    expect(await registered(id)).toBe(true);
  });

  it('accepts valid credentials over WSS with the dev CA the harness was given', async () => {
    const id = operatorId();
    await agent(env.lab, id, { url: env.lab.wssUrl });
    expect(await registered(id)).toBe(true);
  });

  it('WSS presents a certificate from the lab CA only: another CA is refused by the client', async () => {
    const other = await ensureDevTls(path.join(env.lab.tmp, 'other-ca'));
    await expect(RawWebSocket.connect(env.lab.wssUrl, { caCertPem: other.caCertPem, timeoutMs: 3000 })).rejects.toThrow();
  });

  it('challenges a REGISTER without credentials (401 with the realm and qop=auth)', async () => {
    const ua = await agent(env.lab, operatorId(), { register: false, credentials: null });
    const response = await ua.register().final;
    expect(response.status).toBe(401);
    const challenge = header(response, 'www-authenticate') ?? '';
    expect(challenge).toContain(`realm="${env.lab.domain}"`);
    expect(challenge).toMatch(/qop="auth/);
  });

  it.each([
    ['expired', (id: string) => mintSipCredentials(TEST_SECRET, id, -5)],
    ['signed with another secret', (id: string) => mintSipCredentials('another-secret-0123456789', id, 600)],
    ['without an expiry', (id: string) => ({ username: id, password: 'x' })],
    ["issued for another operator", (_id: string) => mintSipCredentials(TEST_SECRET, operatorId('other'), 600)],
  ])('refuses credentials %s with 403 and registers nothing', async (_label, mint) => {
    const id = operatorId();
    const ua = await agent(env.lab, id, { register: false, credentials: mint(id) });
    const transaction = ua.register();
    const response = await transaction.final;
    expect(transaction.responses.map((r) => r.status)).toEqual([401, 403]);
    expect(response.status).toBe(403);
    expect(await registered(id)).toBe(false);
  });

  it("refuses registering someone else's address with one's own valid credentials (To mismatch)", async () => {
    const id = operatorId();
    const victim = operatorId('victim');
    const ua = await agent(env.lab, id, { register: false });
    const response = await ua.send('REGISTER', `sip:${env.lab.domain}`, { to: `sip:${victim}@${env.lab.domain}` }).final;
    expect(response.status).toBe(403);
    expect(await registered(victim)).toBe(false);
  });
});

describe('INVITE from WebSocket clients', () => {
  it('is challenged with 407 and, with the credentials of another operator, refused with 403', async () => {
    const callee = operatorId('callee');
    await agent(env.lab, callee);
    const impostor = await agent(env.lab, operatorId(), { register: false, credentials: mintSipCredentials(TEST_SECRET, operatorId('other'), 600) });
    const transaction = impostor.invite(`sip:${callee}@${env.lab.domain}`, webrtcSdp('offer'));
    const response = await transaction.final;
    expect(transaction.responses.map((r) => r.status)).toEqual([407, 403]);
    expect(response.status).toBe(403);
  });

  it('refuses to relay to a foreign domain (no open relay)', async () => {
    const ua = await agent(env.lab, operatorId());
    const response = await ua.invite('sip:someone@example.com', webrtcSdp('offer')).final;
    expect(response.status).toBe(403);
  });
});

describe('the trunk side (UDP)', () => {
  it('refuses REGISTER: agents register over WebSocket only', async () => {
    const socket = createSocket('udp4');
    try {
      const answer = new Promise<string>((resolve) => socket.once('message', (message) => resolve(message.toString('utf8'))));
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      const { port } = socket.address();
      const id = operatorId();
      socket.send([`REGISTER sip:${env.lab.domain} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKudp${port};rport`, 'Max-Forwards: 70',
        `From: <sip:${id}@${env.lab.domain}>;tag=1`, `To: <sip:${id}@${env.lab.domain}>`, `Call-ID: udp-${port}`, 'CSeq: 1 REGISTER',
        `Contact: <sip:${id}@127.0.0.1:${port}>`, 'Content-Length: 0', '', ''].join('\r\n'), env.lab.udpPort, '127.0.0.1');
      const text = await Promise.race([answer, new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 5000))]);
      expect(text.split('\r\n')[0]).toBe('SIP/2.0 403 Forbidden');
      expect(await registered(id)).toBe(false);
    } finally {
      socket.close();
    }
  });
});
