/**
 * The config renderer: every placeholder filled, values that could rewrite the routing
 * script refused, and the rendered config accepted by the real Kamailio's syntax check.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devTlsFiles, ensureDevTls } from '../../../institution/src/tls/dev-ca.ts';
import { locateLabBinaries } from '../preflight.ts';
import { DEFAULT_GATEWAY_PATTERN, renderKamailioConfig, type KamailioConfigParams } from './render.ts';

let dir: string;
let params: KamailioConfigParams;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'channeldesk-render-'));
  await ensureDevTls(path.join(dir, 'tls'));
  const files = devTlsFiles(path.join(dir, 'tls'));
  params = {
    domain: 'lab.channeldesk.test', udpPort: 15060, wsPort: 15080, wssPort: 15443, rpcPort: 15090, ngPort: 12222,
    secret: 'c2VjcmV0LXNoYXJlZC13aXRoLWluc3RpdHV0aW9u', tlsCertFile: files.serverCert, tlsKeyFile: files.serverKey,
    gateway: '', gatewayPattern: DEFAULT_GATEWAY_PATTERN, queue: '4000', ringMs: 15_000, logLevel: 1,
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderKamailioConfig', () => {
  it('fills every placeholder and listens on 127.0.0.1 only', () => {
    const files = renderKamailioConfig(params);
    for (const text of Object.values(files)) expect(text).not.toMatch(/\{\{[A-Z_]+\}\}/);
    const listens = files['kamailio.cfg'].split('\n').filter((line) => line.startsWith('listen='));
    expect(listens).toEqual(['listen=udp:127.0.0.1:15060', 'listen=tcp:127.0.0.1:15080', 'listen=tls:127.0.0.1:15443', 'listen=tcp:127.0.0.1:15090']);
    expect(files['kamailio.cfg']).toContain('modparam("auth_ephemeral", "secret", "c2VjcmV0LXNoYXJlZC13aXRoLWluc3RpdHV0aW9u")');
    expect(files['queue.cfg']).toContain('$var(q_ring_s) = (15000 + 999) / 1000;');
  });

  it.each([
    ['a secret with a quote', { secret: 'abcdefghijklmnop"; exit; "' }],
    ['a secret with a newline', { secret: 'abcdefghijklmnop\nrequest_route{}' }],
    ['a short secret', { secret: 'short' }],
    ['a certificate path with a quote', { tlsCertFile: '/tmp/x".pem' }],
    ['a key path with a newline', { tlsKeyFile: '/tmp/x\n.pem' }],
    ['a relative certificate path', { tlsCertFile: 'cert.pem' }],
    ['an IP as domain (an IP alias would loop in-dialog requests)', { domain: '127.0.0.1' }],
    ['a gateway pattern with a backslash', { gatewayPattern: '^\\+[0-9]+$' }],
    ['a gateway that is not host:port', { gateway: 'sip:gw' }],
    ['a non-numeric queue', { queue: '4000"' }],
    ['two listeners on one port', { wssPort: 15080 }],
    ['a port out of range', { udpPort: 70_000 }],
    ['an unbounded ring time', { ringMs: 0 }],
  ])('refuses %s', (_label, override) => {
    expect(() => renderKamailioConfig({ ...params, ...override })).toThrow();
  });

  it('passes the real Kamailio syntax check (kamailio -c)', async () => {
    const { kamailio } = locateLabBinaries();
    const files = renderKamailioConfig(params);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const { stdout, stderr } = await promisify(execFile)(kamailio, ['-c', '-f', path.join(dir, 'kamailio.cfg'), '-Y', dir, '-w', dir], { timeout: 15_000 });
    expect(`${stdout}${stderr}`).toContain('config file ok');
  });
});
