/**
 * Measurement: the Linux selection clipboard (X11 PRIMARY) in a real Chromium, for the figures in
 * docs/security.md ("Linux selection clipboard"). Needs Xvfb, xclip and /usr/bin/chromium:
 *
 *   npx node bench/primary-selection.bench.ts      (PRIMARY_BENCH_DRAGS, default 10)
 *
 * 1. Leak: which selections Chromium writes to PRIMARY by itself (mouse drag in a text field,
 *    keyboard selection in a password field and in a `user-select: none` field, script `select()`).
 * 2. The desk's answer, emulated: on the page's `selectionchange` (captured at the document) a
 *    selection present asks "main" to empty PRIMARY, one request in flight, changes meanwhile
 *    coalesced into one more — as electron/contract/primary-selection.ts does. Here "main" is a
 *    CDP binding that makes another X client (xclip) own an empty PRIMARY, far slower than
 *    Electron's in-process `clipboard.writeText('', 'selection')`, so every window it shows is an
 *    upper bound. Prints what PRIMARY holds after each step, and how often a client polling
 *    PRIMARY in a tight loop during guarded drags saw text. Figures only; Xvfb is stopped on exit.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chromium } from 'playwright';

const DISPLAY = ':97';
const DRAGS = Number(process.env['PRIMARY_BENCH_DRAGS'] ?? 10);
const env = { ...process.env, DISPLAY };
const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
for (const tool of ['Xvfb', 'xclip', '/usr/bin/chromium']) {
  if (!have(tool)) {
    console.log(`primary-selection bench skipped: ${tool} not installed`);
    process.exit(0);
  }
}

const readPrimary = (): string => spawnSync('xclip', ['-o', '-selection', 'primary'], { env, encoding: 'utf8', timeout: 2000 }).stdout;
// xclip -i forks a server that owns the (empty) selection until another client takes it.
const ownEmptyPrimary = () => execFileSync('sh', ['-c', 'printf "" | xclip -i -selection primary >/dev/null 2>&1'], { env, stdio: 'ignore' });

const xvfb = spawn('Xvfb', [DISPLAY, '-screen', '0', '1280x800x24'], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 1000));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: false, env, args: ['--ozone-platform=x11', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  let clears = 0;
  const latencies: number[] = [];
  await page.exposeBinding('clearPrimary', () => {
    clears++;
    ownEmptyPrimary();
  });
  await page.exposeBinding('clearTook', (_source, ms: number) => void latencies.push(ms));
  await page.setContent(`<input id="card" value="6222 0200 1234 5678" style="font:20px monospace;width:400px">
    <input id="pw" type="password" value="Agent#2026"><input id="us" style="user-select:none" value="6222020012345678"><p id="p">plain page text</p>
    <script>
      window.guard = false; let inFlight = false, again = false;
      const fire = () => { inFlight = true; const t0 = performance.now();
        window.clearPrimary().finally(() => { window.clearTook(performance.now() - t0); inFlight = false; if (again) { again = false; fire(); } }); };
      document.addEventListener('selectionchange', () => {
        const el = document.activeElement, s = getSelection();
        const selected = (el && typeof el.selectionStart === 'number' && el.selectionStart !== el.selectionEnd) || (s.rangeCount > 0 && !s.isCollapsed);
        if (!window.guard || !selected) return;
        if (inFlight) again = true; else fire();
      }, true);
    </script>`);
  const box = (await page.locator('#card').boundingBox())!;
  const drag = async () => {
    // A string: this file type-checks without the DOM lib.
    await page.evaluate('document.getSelection().removeAllRanges(); document.activeElement && document.activeElement.blur()');
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 4 + i * 12, box.y + box.height / 2);
    await page.mouse.up();
    await page.waitForTimeout(300);
  };
  const keyboardSelect = async (id: string) => {
    await page.locator(`#${id}`).focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.waitForTimeout(300);
  };
  const show = (step: string) => console.log(`${step.padEnd(58)} PRIMARY = ${JSON.stringify(readPrimary())}`);

  console.log(`Chromium ${browser.version()}, X11 (Xvfb)\n-- without the guard`);
  ownEmptyPrimary();
  await drag();
  show('mouse drag in a text field');
  for (const id of ['pw', 'us']) {
    ownEmptyPrimary();
    await keyboardSelect(id);
    show(`Shift+arrows in #${id}`);
  }
  ownEmptyPrimary();
  await page.locator('#card').selectText();
  await page.waitForTimeout(300);
  show('script select() in a text field');

  console.log('-- with the emulated guard');
  await page.evaluate('window.guard = true');
  await drag();
  show('mouse drag in a text field');
  await page.locator('#p').click();
  await page.waitForTimeout(300);
  show('click elsewhere');
  await page.locator('#card').focus();
  await page.waitForTimeout(300);
  show('refocus the field (its selection comes back)');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForTimeout(300);
  show('Shift+ArrowLeft');
  await page.locator('#p').dblclick();
  await page.waitForTimeout(300);
  show('double-click page text');

  const poller = spawn('sh', ['-c', 'while :; do t=$(xclip -o -selection primary 2>/dev/null); if [ -n "$t" ]; then echo SEEN; else echo EMPTY; fi; done'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  poller.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const before = clears;
  latencies.length = 0;
  for (let k = 0; k < DRAGS; k++) await drag();
  poller.kill();
  const reads = out.split('\n').filter(Boolean);
  const seen = reads.filter((l) => l === 'SEEN').length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  console.log(`${DRAGS} guarded drags (20 moves each): ${clears - before} clears; a polling client read PRIMARY ${reads.length} times, saw text ${seen} times`);
  console.log(`emulated clear round trip (selectionchange → PRIMARY owned empty): median ${median.toFixed(1)} ms over ${sorted.length}`);
} finally {
  await browser.close();
  xvfb.kill();
}
