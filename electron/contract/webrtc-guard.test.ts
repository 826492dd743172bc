import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { decideIceServers, type IceRequest } from './ice-policy.ts';
import type { IceRefusal } from './schemas.ts';
import { installWebRtcGuard } from './webrtc-guard.ts';

/**
 * The guard against a stand-in realm (Node has no RTCPeerConnection): a recording
 * "native" constructor, EventTarget, Node and Document. Real Chromium behaviour — no
 * packet leaves, frames, aliases — is proven in e2e/specs/webrtc-guard.spec.ts.
 */
const PROFILE = ['turn:turn.bank.test:3478?transport=udp'];
type Realm = Record<PropertyKey, unknown> & { RTCPeerConnection: new (...args: unknown[]) => object };

function fakeRealm() {
  const received: unknown[][] = [];
  class FakeEventTarget {
    addEventListener(): void {}
  }
  class FakePeerConnection extends FakeEventTarget {
    constructor(...args: unknown[]) {
      super();
      received.push(args);
    }
    setConfiguration(...args: unknown[]): void {
      received.push(args);
    }
    static generateCertificate(): string {
      return 'certificate';
    }
  }
  const realm = {
    RTCPeerConnection: FakePeerConnection,
    webkitRTCPeerConnection: FakePeerConnection,
    EventTarget: FakeEventTarget,
    DOMException,
    open: () => ({ opened: true }),
  } as unknown as Realm;
  class FakeNode {
    /** Inserting "an iframe" makes a child realm appear as the window's frame 0, as in a browser. */
    appendChild(child: Realm): Realm {
      realm[0] = child;
      return child;
    }
  }
  class FakeDocument {
    open(...args: unknown[]): unknown {
      return args;
    }
  }
  realm['Node'] = FakeNode;
  realm['Document'] = FakeDocument;
  return { realm, received, Native: FakePeerConnection };
}

function guarded(decide: (r: IceRequest) => ReturnType<typeof decideIceServers> = (r) => decideIceServers(r, PROFILE)) {
  const world = fakeRealm();
  const reports: IceRefusal[] = [];
  installWebRtcGuard(decide, (r) => reports.push(r), world.realm);
  return { ...world, reports };
}

/** What the native constructor was handed, made plain (its sequences are iterables without a prototype). */
function plain(config: unknown): unknown {
  const c = config as Record<string, unknown>;
  expect(Object.getPrototypeOf(c)).toBeNull();
  const out: Record<string, unknown> = { ...c };
  out['iceServers'] = [...(c['iceServers'] as Iterable<object>)].map((s) => {
    expect(Object.getPrototypeOf(s)).toBeNull();
    return { ...s };
  });
  return out;
}

const FOREIGN_STUN = { iceServers: [{ urls: 'stun:127.0.0.2:3478' }] };

describe('installWebRtcGuard', () => {
  it('refuses a server outside the profile before the native constructor runs, and reports scheme, host and port', () => {
    const { realm, received, reports } = guarded();
    expect(() => new realm.RTCPeerConnection(FOREIGN_STUN)).toThrow(expect.objectContaining({ name: 'SecurityError' }));
    expect(received).toEqual([]);
    expect(reports).toEqual([{ scheme: 'stun', host: '127.0.0.2', port: 3478 }]);
  });

  it("hands the native constructor only the profile's own URL string in a fresh dictionary, options and credentials kept", () => {
    const { realm, received } = guarded();
    new realm.RTCPeerConnection(
      { iceServers: [{ urls: ['TURN:Turn.Bank.Test'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', unknownOption: 'x' },
      { optional: [{ googIPv6: false }] },
    );
    expect(received).toHaveLength(1);
    expect(received[0]).toHaveLength(1); // the legacy constraints argument is dropped
    expect(plain(received[0]![0])).toEqual({ iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', iceServers: [{ urls: PROFILE[0], username: 'u', credential: 'c' }] });
  });

  it('reads each member once: a getter that changes its answer after the check changes nothing', () => {
    const { realm, received, reports } = guarded();
    let reads = 0;
    const config = {
      get iceServers() {
        reads += 1;
        return reads === 1 ? [{ urls: PROFILE[0] }] : [{ urls: 'stun:127.0.0.2' }];
      },
    };
    new realm.RTCPeerConnection(config);
    expect(reads).toBe(1);
    expect(plain(received[0]![0])).toEqual({ iceServers: [{ urls: PROFILE[0] }] });
    expect(reports).toEqual([]);
  });

  it('passes a configuration without servers as an explicitly empty list (no inherited iceServers can appear)', () => {
    const { realm, received } = guarded();
    new realm.RTCPeerConnection();
    new realm.RTCPeerConnection({});
    expect(received.map((args) => plain(args[0]))).toEqual([{ iceServers: [] }, { iceServers: [] }]);
  });

  it.each([
    ['iceServers not an array', { iceServers: { urls: 'stun:127.0.0.2' } }],
    ['an entry that is not an object', { iceServers: ['stun:127.0.0.2'] }],
    ['a URL object with toString', { iceServers: [{ urls: { toString: () => PROFILE[0] } }] }],
    ['a non-string credential', { iceServers: [{ urls: PROFILE[0], credential: { toString: () => 'x' } }] }],
    ['a non-string iceTransportPolicy', { iceTransportPolicy: { toString: () => 'all' } }],
    ['a primitive configuration', 'stun:127.0.0.2'],
  ])('refuses and reports a malformed configuration: %s', (_what, config) => {
    const { realm, received, reports } = guarded();
    expect(() => new realm.RTCPeerConnection(config)).toThrow(expect.objectContaining({ name: 'SecurityError' }));
    expect(received).toEqual([]);
    expect(reports).toEqual([{ scheme: 'invalid', host: '', port: 0 }]);
  });

  it('guards setConfiguration the same way', () => {
    const { realm, received, reports } = guarded();
    const pc = new realm.RTCPeerConnection() as { setConfiguration(c: unknown): void };
    expect(() => pc.setConfiguration({ iceServers: [{ urls: 'turn:127.0.0.2:443?transport=tcp' }] })).toThrow(expect.objectContaining({ name: 'SecurityError' }));
    pc.setConfiguration({ iceServers: [{ urls: PROFILE[0] }] });
    expect(received.slice(1).map((args) => plain(args[0]))).toEqual([{ iceServers: [{ urls: PROFILE[0] }] }]);
    expect(reports).toEqual([{ scheme: 'turn', host: '127.0.0.2', port: 443 }]);
  });

  it('replaces every alias read-only, freezes the prototype, and leaves no way back to the native constructor', () => {
    const { realm, Native } = guarded();
    const Guarded = realm.RTCPeerConnection;
    expect(Guarded).not.toBe(Native);
    expect(realm['webkitRTCPeerConnection']).toBe(Guarded);
    for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection']) {
      expect(Object.getOwnPropertyDescriptor(realm, name)).toMatchObject({ writable: false, configurable: false });
      expect(() => {
        realm[name] = Native;
      }).toThrow(TypeError);
    }
    const pc = new Guarded();
    expect(Object.getPrototypeOf(pc).constructor).toBe(Guarded);
    expect(Object.isFrozen(Guarded.prototype) && Object.isFrozen(Guarded)).toBe(true);
    expect(() => {
      (Guarded.prototype as { setConfiguration: unknown }).setConfiguration = () => undefined;
    }).toThrow(TypeError);
    expect((Guarded as unknown as { generateCertificate(): string }).generateCertificate()).toBe('certificate');
    expect(() => (Guarded as unknown as () => void)()).toThrow(TypeError);
  });

  it('checks subclasses too (class extends RTCPeerConnection)', () => {
    const { realm, received } = guarded();
    class Sub extends realm.RTCPeerConnection {}
    expect(() => new Sub(FOREIGN_STUN)).toThrow(expect.objectContaining({ name: 'SecurityError' }));
    expect(new Sub()).toBeInstanceOf(Sub);
    expect(received).toHaveLength(1);
  });

  it('before the profile list has arrived, refuses any server as not ready (not audited), and allows none', () => {
    const { realm, received, reports } = guarded((r) => decideIceServers(r, null));
    expect(() => new realm.RTCPeerConnection({ iceServers: [{ urls: PROFILE[0] }] })).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    new realm.RTCPeerConnection({ iceServers: [] });
    expect(received).toHaveLength(1);
    expect(reports).toEqual([]);
  });

  it('a report that throws does not turn a refusal into an allow', () => {
    const world = fakeRealm();
    installWebRtcGuard((r) => decideIceServers(r, PROFILE), () => {
      throw new Error('bridge gone');
    }, world.realm);
    expect(() => new world.realm.RTCPeerConnection(FOREIGN_STUN)).toThrow(expect.objectContaining({ name: 'SecurityError' }));
    expect(world.received).toEqual([]);
  });

  it('guards a frame realm as soon as a DOM insertion makes it appear, even with Object.prototype.get polluted', () => {
    const { realm, reports } = guarded();
    const child = fakeRealm();
    const polluted = Object.getOwnPropertyDescriptor(Object.prototype, 'get');
    Object.defineProperty(Object.prototype, 'get', { value: () => undefined, configurable: true, writable: true });
    try {
      new (realm['Node'] as new () => { appendChild(c: Realm): Realm })().appendChild(child.realm);
    } finally {
      if (polluted) Object.defineProperty(Object.prototype, 'get', polluted);
      else delete (Object.prototype as Record<string, unknown>)['get'];
    }
    const framePc = (realm[0] as Realm).RTCPeerConnection;
    expect(framePc).not.toBe(child.Native);
    expect(() => new framePc(FOREIGN_STUN)).toThrow(expect.objectContaining({ name: 'SecurityError' }));
    expect(child.received).toEqual([]);
    expect(reports).toHaveLength(1);
  });

  it('refuses new windows: window.open and three-argument document.open return null', () => {
    const { realm } = guarded();
    expect((realm['open'] as () => unknown)()).toBeNull();
    const doc = new (realm['Document'] as new () => { open(...a: unknown[]): unknown })();
    expect(doc.open('/x', 'name', 'popup')).toBeNull();
    expect(doc.open()).toEqual([]); // document.open() (a new document in the same window) stays
  });
});

describe('the guard serializes (executeInMainWorld sends its source text)', () => {
  function runSource(source: string) {
    const world = fakeRealm();
    const reports: IceRefusal[] = [];
    const install = vm.runInNewContext(`(${source})`) as typeof installWebRtcGuard;
    install((r) => decideIceServers(r, PROFILE), (r) => reports.push(r), world.realm);
    expect(() => new world.realm.RTCPeerConnection(FOREIGN_STUN)).toThrow();
    expect(reports).toEqual([{ scheme: 'stun', host: '127.0.0.2', port: 3478 }]);
  }

  it('its source alone, evaluated in an empty context, installs and refuses', () => {
    runSource(installWebRtcGuard.toString());
  });

  it("also as esbuild bundles it for the preload (the shipped text)", async () => {
    const entry = fileURLToPath(new URL('./webrtc-guard.ts', import.meta.url));
    const result = await build({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'browser', target: 'chrome140', write: false, logLevel: 'silent' });
    const module = { exports: {} as { installWebRtcGuard?: typeof installWebRtcGuard } };
    vm.runInNewContext(result.outputFiles[0]!.text, { module, exports: module.exports });
    runSource(module.exports.installWebRtcGuard!.toString());
  });
});
