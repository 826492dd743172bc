import type { Page } from '@playwright/test';
import { openAndLogin } from '../fixtures/desk.ts';
import { iceRefusalsAudited, startIceListener, type IceListener } from '../fixtures/ice-listeners.ts';
import { test as base, expect } from '../fixtures/lab.ts';

/**
 * WebRTC stays inside the profile. CSP and webRequest do not see ICE, so the desk's
 * main-world guard (electron/contract/webrtc-guard.ts, installed by the test host's bridge
 * exactly as by the preload) is all that stands between page script and a STUN/TURN
 * server of its choosing. Real Chromium, real sockets: the profile names a TURN server on
 * 127.0.0.1 (UDP and TCP); a "foreign" one listens on 127.0.0.2 and counts what arrives.
 */
const test = base.extend<{ allowedIce: IceListener; foreignIce: IceListener }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the pattern
  allowedIce: async ({}, use) => {
    const listener = await startIceListener('127.0.0.1');
    await use(listener);
    await listener.close();
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  foreignIce: async ({}, use) => {
    const listener = await startIceListener('127.0.0.2');
    await use(listener);
    await listener.close();
  },
  turnServers: async ({ allowedIce }, use) => use([{ urls: profileUrls(allowedIce) }]),
});

const profileUrls = (l: IceListener) => [`turn:${l.host}:${l.udpPort}?transport=udp`, `turn:${l.host}:${l.tcpPort}?transport=tcp`];

/** The page's view of WebRTC, typed here (the e2e program has no DOM lib). */
interface PeerConnection {
  createDataChannel(label: string): unknown;
  createOffer(): Promise<unknown>;
  setLocalDescription(description: unknown): Promise<void>;
  setConfiguration(config: unknown): void;
  getConfiguration(): { iceServers: { urls: string[]; username?: string }[]; iceTransportPolicy: string };
  close(): void;
}
type PeerConnectionCtor = new (config?: unknown) => PeerConnection;
interface Frame {
  contentWindow: PageWindow;
  src: string;
  addEventListener(type: 'load', listener: () => void): void;
}
interface PageWindow {
  RTCPeerConnection: PeerConnectionCtor;
  webkitRTCPeerConnection: PeerConnectionCtor;
  open(url?: string): unknown;
  [index: number]: PageWindow;
  document: {
    body: { appendChild(node: unknown): unknown };
    createElement(tag: 'iframe' | 'div'): Frame & { attachShadow(init: { mode: 'closed' }): { appendChild(node: unknown): unknown } };
  };
}

/** The guard refuses everything until the profile's list has reached the page; wait for it. */
async function guardReady(page: Page, allowedUrl: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate((url) => {
        try {
          // TURN needs credentials, or Chromium itself refuses (InvalidAccessError).
          new (globalThis as unknown as PageWindow).RTCPeerConnection({ iceServers: [{ urls: url, username: 'u', credential: 'p' }] }).close();
          return 'ready';
        } catch (error) {
          return (error as Error).name;
        }
      }, allowedUrl),
    )
    .toBe('ready');
}

/** Every way page script has to point a peer connection at 127.0.0.2; each entry: the error name, or what happened. */
function attackFromPage(page: Page, foreign: IceListener, allowed: IceListener) {
  const args = { host: foreign.host, udp: foreign.udpPort, tcp: foreign.tcpPort, allowedUrl: profileUrls(allowed)[0]! };
  return page.evaluate(async ({ host, udp, tcp, allowedUrl }) => {
    const w = globalThis as unknown as PageWindow;
    const stun = `stun:${host}:${udp}`;
    const tcpTurn = { urls: [`turn:${host}:${tcp}?transport=tcp`], username: 'u', credential: 'p' };
    const started: PeerConnection[] = [];
    const gather = async (pc: PeerConnection) => {
      started.push(pc);
      pc.createDataChannel('x');
      await pc.setLocalDescription(await pc.createOffer());
    };
    const attempt = async (run: () => PeerConnection | Promise<unknown>): Promise<string> => {
      try {
        const result = await run();
        return result && typeof (result as PeerConnection).createOffer === 'function' ? (await gather(result as PeerConnection), 'constructed') : String(result);
      } catch (error) {
        return (error as Error).name;
      }
    };
    const frame = w.document.createElement('iframe');
    w.document.body.appendChild(frame);
    const out: Record<string, string> = {
      stun: await attempt(() => new w.RTCPeerConnection({ iceServers: [{ urls: stun }] })),
      turnUdp: await attempt(() => new w.RTCPeerConnection({ iceServers: [{ urls: `turn:${host}:${udp}`, username: 'u', credential: 'p' }] })),
      turnTcp: await attempt(() => new w.RTCPeerConnection({ iceServers: [tcpTurn] })),
      turns: await attempt(() => new w.RTCPeerConnection({ iceServers: [{ urls: `turns:${host}:${tcp}?transport=tcp`, username: 'u', credential: 'p' }] })),
      aliasUpperCase: await attempt(() => new w.webkitRTCPeerConnection({ iceServers: [{ urls: stun.toUpperCase() }] })),
      mixedList: await attempt(() => new w.RTCPeerConnection({ iceServers: [{ urls: allowedUrl, username: 'u', credential: 'p' }, { urls: stun }] })),
      setConfiguration: await attempt(() => new w.RTCPeerConnection().setConfiguration({ iceServers: [tcpTurn] }) as never),
      constructorViaPrototype: await attempt(() => {
        const Ctor = Object.getPrototypeOf(new w.RTCPeerConnection()).constructor as PeerConnectionCtor;
        return new Ctor({ iceServers: [{ urls: stun }] });
      }),
      iframeContentWindow: await attempt(() => new frame.contentWindow.RTCPeerConnection({ iceServers: [{ urls: stun }] })),
      iframeIndexed: await attempt(() => new w[0]!.RTCPeerConnection({ iceServers: [tcpTurn] })),
      iframeNavigated: await attempt(async () => {
        const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve()));
        frame.src = 'about:blank';
        await loaded;
        return new w[0]!.RTCPeerConnection({ iceServers: [{ urls: stun }] });
      }),
      shadowRootFrame: await attempt(() => {
        const shadowHost = w.document.createElement('div');
        w.document.body.appendChild(shadowHost);
        const root = shadowHost.attachShadow({ mode: 'closed' });
        const inner = w.document.createElement('iframe');
        root.appendChild(inner);
        return new inner.contentWindow.RTCPeerConnection({ iceServers: [{ urls: stun }] });
      }),
      // A configuration without prototype, and iceServers planted on Object.prototype: the
      // guard reads none, and what it hands Chromium has no prototype to inherit from either.
      inheritedIceServers: await attempt(async () => {
        Object.defineProperty(Object.prototype, 'iceServers', { get: () => [{ urls: stun }], configurable: true });
        try {
          const pc = new w.RTCPeerConnection(Object.create(null));
          await gather(pc);
          return `servers=${pc.getConfiguration().iceServers.length}`;
        } finally {
          delete (Object.prototype as Record<string, unknown>)['iceServers'];
        }
      }),
      replaceGlobal: await attempt(async () => `${Reflect.set(w, 'RTCPeerConnection', Object)}/${Reflect.deleteProperty(w, 'webkitRTCPeerConnection')}`),
      windowOpen: await attempt(async () => String(w.open('about:blank'))),
    };
    // A canary on the profile's own server, started last: once it is heard, Chromium has
    // been gathering for every connection above.
    await gather(new w.RTCPeerConnection({ iceServers: [{ urls: allowedUrl, username: 'u', credential: 'p' }] }));
    return out;
  }, args);
}

const ALL_REFUSED = {
  stun: 'SecurityError',
  turnUdp: 'SecurityError',
  turnTcp: 'SecurityError',
  turns: 'SecurityError',
  aliasUpperCase: 'SecurityError',
  mixedList: 'SecurityError',
  setConfiguration: 'SecurityError',
  constructorViaPrototype: 'SecurityError',
  iframeContentWindow: 'SecurityError',
  iframeIndexed: 'SecurityError',
  iframeNavigated: 'SecurityError',
  shadowRootFrame: 'SecurityError',
  inheritedIceServers: 'servers=0',
  replaceGlobal: 'false/false',
  windowOpen: 'null',
};

test.describe('WebRTC stays inside the profile (real Chromium, real sockets)', () => {
  test('control: an unguarded page reaches the foreign listeners, so their silence below means something', async ({ page, foreignIce }) => {
    await page.goto('about:blank');
    await page.evaluate(async ({ host, udp, tcp }) => {
      const pc = new (globalThis as unknown as PageWindow).RTCPeerConnection({
        iceServers: [{ urls: `stun:${host}:${udp}` }, { urls: `turn:${host}:${tcp}?transport=tcp`, username: 'u', credential: 'p' }],
      });
      pc.createDataChannel('x');
      await pc.setLocalDescription(await pc.createOffer());
    }, { host: foreignIce.host, udp: foreignIce.udpPort, tcp: foreignIce.tcpPort });
    await expect.poll(() => foreignIce.arrivals().datagrams).toBeGreaterThan(0);
    await expect.poll(() => foreignIce.arrivals().connections).toBeGreaterThan(0);
  });

  test('page script on the desk cannot send one packet to a STUN or TURN server outside the profile; each attempt is audited', async ({ page, lab, allowedIce, foreignIce }) => {
    await page.goto(lab.deskUrl);
    await expect(page.getByTestId('login-operator-id')).toBeVisible();
    await guardReady(page, profileUrls(allowedIce)[0]!);

    expect(await attackFromPage(page, foreignIce, allowedIce)).toEqual(ALL_REFUSED);
    await expect.poll(() => allowedIce.arrivals().datagrams, { message: 'the canary reached the profile server' }).toBeGreaterThan(0);
    expect(foreignIce.arrivals()).toEqual({ datagrams: 0, connections: 0, stun: [] });

    const { host, udpPort, tcpPort } = foreignIce;
    // Delivered through the audit chain to the institution; each origin once (the recorder rate-limits repeats).
    await expect
      .poll(() => iceRefusalsAudited(lab), { timeout: 20_000 })
      .toEqual(
        expect.arrayContaining([
          { origin: `stun://${host}:${udpPort}`, detail: 'not-in-profile' },
          { origin: `turn://${host}:${udpPort}`, detail: 'not-in-profile' },
          { origin: `turn://${host}:${tcpPort}`, detail: 'not-in-profile' },
          { origin: `turns://${host}:${tcpPort}`, detail: 'not-in-profile' },
        ]),
      );
    expect(JSON.stringify(iceRefusalsAudited(lab))).not.toContain('credential');
  });

  test("a peer connection with the profile's own TURN servers still works: Chromium brings the page's credentials to them", async ({ page, lab, allowedIce }) => {
    await page.goto(lab.deskUrl);
    await guardReady(page, profileUrls(allowedIce)[0]!);
    const [udpUrl, tcpUrl] = profileUrls(allowedIce);
    const inUse = await page.evaluate(async ({ urls }) => {
      const pc = new (globalThis as unknown as PageWindow).RTCPeerConnection({
        iceServers: [{ urls, username: 'A1001:1700000000', credential: 'short-lived-secret' }],
        iceTransportPolicy: 'relay',
      });
      pc.createDataChannel('x');
      await pc.setLocalDescription(await pc.createOffer());
      const config = pc.getConfiguration();
      return { policy: config.iceTransportPolicy, servers: config.iceServers.map((s) => ({ urls: s.urls, username: s.username })) };
    }, { urls: [udpUrl!.toUpperCase().replace('?TRANSPORT=UDP', ''), tcpUrl!] });
    // Chromium holds the profile's own strings (the page's spelling never reaches it), with the page's credentials.
    expect(inUse).toEqual({
      policy: 'relay',
      servers: [
        { urls: [udpUrl], username: 'A1001:1700000000' },
        { urls: [tcpUrl], username: 'A1001:1700000000' },
      ],
    });
    // TURN over UDP and over TCP: the authenticated Allocate (after the lab's 401) verifies with the page's credential.
    await expect
      .poll(() => [...new Set(allowedIce.arrivals().stun.filter((m) => m.username === 'A1001:1700000000' && m.integrityWith('short-lived-secret')).map((m) => m.transport))].sort())
      .toEqual(['tcp', 'udp']);
  });

  test('the same holds in the signed-in renderer', async ({ page, lab, allowedIce, foreignIce }) => {
    await openAndLogin(page, lab.deskUrl);
    await guardReady(page, profileUrls(allowedIce)[0]!);
    expect(await attackFromPage(page, foreignIce, allowedIce)).toEqual(ALL_REFUSED);
    await expect.poll(() => allowedIce.arrivals().datagrams).toBeGreaterThan(0);
    expect(foreignIce.arrivals()).toEqual({ datagrams: 0, connections: 0, stun: [] });
  });
});
