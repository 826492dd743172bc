/**
 * Client-side cost of sealing one sensitive ticket field (institution/contract/ticket-crypto.ts:
 * a fresh ephemeral ECDH P-256 key, ECDH, HKDF-SHA-256, AES-256-GCM), as the renderer pays it
 * when the agent leaves a field. Measured in Node (WebCrypto) and in Debian's Chromium (the same
 * module bundled with esbuild into a blank page). Baseline in the same process: AES-256-GCM of
 * the same value under a key derived once (what sealing would cost without a key per field).
 */
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { fieldAad, sealField } from '../institution/contract/ticket-crypto.ts';
import { chromiumArgs, chromiumPath } from '../e2e/fixtures/chromium.ts';
import { BENCH_CARD, type TicketKey } from './tickets-bodies.ts';

export interface SealCost {
  sealNs: number[];
  aesOnlyNs: number[];
}

const BINDING = { typeId: 'bank-card-loss', typeVersion: 1, pointer: '/cardNumber' };

export async function sealCostNode(key: TicketKey, count: number, warmUp: number): Promise<SealCost> {
  const recipient = { kid: key.kid, publicKey: key.publicKey };
  const subtle = globalThis.crypto.subtle;
  const aesKey = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const aad = fieldAad(BINDING, key.kid, '0128');
  const plain = new TextEncoder().encode(BENCH_CARD);
  const sealNs: number[] = [];
  const aesOnlyNs: number[] = [];
  // Alternate the two so drift in machine load hits both alike.
  for (let i = 0; i < warmUp + count; i += 1) {
    let t = process.hrtime.bigint();
    await sealField(BENCH_CARD, recipient, BINDING, '0128');
    const seal = Number(process.hrtime.bigint() - t);
    t = process.hrtime.bigint();
    await subtle.encrypt({ name: 'AES-GCM', iv: globalThis.crypto.getRandomValues(new Uint8Array(12)), additionalData: aad }, aesKey, plain);
    const aes = Number(process.hrtime.bigint() - t);
    if (i >= warmUp) {
      sealNs.push(seal);
      aesOnlyNs.push(aes);
    }
  }
  return { sealNs, aesOnlyNs };
}

/** In the page: the same loop, timed with performance.now() (5 µs steps when cross-origin isolated). */
const PAGE_LOOP = `async ({ spki, kid, card, count, warmUp, binding }) => {
  const { importTicketPublicKey, sealField, fieldAad } = globalThis.TicketCrypto;
  const publicKey = await importTicketPublicKey(spki);
  const recipient = { kid, publicKey };
  const subtle = crypto.subtle;
  const aesKey = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const aad = fieldAad(binding, kid, '0128');
  const plain = new TextEncoder().encode(card);
  const seal = [];
  const aes = [];
  for (let i = 0; i < warmUp + count; i++) {
    let t = performance.now();
    await sealField(card, recipient, binding, '0128');
    const s = performance.now() - t;
    t = performance.now();
    await subtle.encrypt({ name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)), additionalData: aad }, aesKey, plain);
    const a = performance.now() - t;
    if (i >= warmUp) { seal.push(s); aes.push(a); }
  }
  return { seal, aes, isolated: crossOriginIsolated, ua: navigator.userAgent };
}`;

export async function sealCostChromium(key: TicketKey, count: number, warmUp: number): Promise<SealCost & { browser: string; isolated: boolean }> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../institution/contract/ticket-crypto.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'TicketCrypto',
    write: false,
    target: 'es2022',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    // localhost is a secure context (WebCrypto); COOP + COEP make it cross-origin isolated, which
    // lifts performance.now()'s resolution from 100 µs to 5 µs.
    await page.route('http://localhost/**', (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
        body: `<!doctype html><meta charset="utf-8"><title>seal bench</title><script>${script}</script>`,
      }),
    );
    await page.goto('http://localhost/seal-bench');
    const result = (await page.evaluate(`(${PAGE_LOOP})(${JSON.stringify({ spki: key.spki, kid: key.kid, card: BENCH_CARD, count, warmUp, binding: BINDING })})`)) as {
      seal: number[];
      aes: number[];
      isolated: boolean;
      ua: string;
    };
    const toNs = (ms: number[]) => ms.map((x) => Math.round(x * 1e6));
    return { sealNs: toNs(result.seal), aesOnlyNs: toNs(result.aes), browser: /Chrome\/[0-9.]+/.exec(result.ua)?.[0] ?? result.ua, isolated: result.isolated };
  } finally {
    await browser.close();
  }
}
