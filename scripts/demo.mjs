// `npm run demo`: the ChannelDesk renderer in your browser against a real, throwaway
// institution server, both on 127.0.0.1, and the telephony lab (Kamailio + rtpengine) when
// it is installed, so the phone registers (`--no-telephony` skips it). It uses the browser test host
// (e2e/host/), which is a TEST/DEMO HARNESS and is never shipped in the desktop.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererIndex = path.join(root, 'dist', 'renderer', 'index.html');

// The demo institution's operators (institution/src/seed/demo.ts). Public demo data only.
const operators = [
  ['A1001', '坐席 agent', 'Agent#2026', '王小明'],
  ['A1002', '坐席 agent', 'Agent#2026', '李娜, 动态口令 TOTP secret JBSWY3DPEHPK3PXP'],
  ['S2001', '班长 supervisor', 'Super#2026', '张伟'],
  ['QA01', '质检员 QA', 'Quality#2026', '赵敏'],
  ['ADM01', '机构管理员 admin', 'Admin#2026', '陈静'],
];

/** Pads by display width: a CJK character takes two terminal columns. */
function pad(text, width) {
  const columns = [...text].reduce((n, ch) => n + (/[\u1100-\uffdc]/.test(ch) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(1, width - columns));
}

function buildRendererIfMissing() {
  if (existsSync(rendererIndex)) return;
  console.log('构建界面 / Building the renderer (dist/renderer is missing)…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('界面构建失败 / Renderer build failed.');
    process.exit(result.status ?? 1);
  }
}

/** The telephony lab's lines: where the phone registers and how to open the desk so it can, or how to install the lab. */
function telephonyLines(telephony, deskUrl) {
  if (telephony === undefined) return [];
  if (telephony.missing !== undefined) return [`  ${telephony.missing}`, ''];
  return [
    `  电话实验室 / Telephony lab (Kamailio + rtpengine): ${telephony.wssUrl}  SIP 域 domain ${telephony.domain}, 排队号码 queue ${telephony.queue}`,
    '  电话需要浏览器信任实验室的 WSS 证书并允许本机媒体，请这样启动 Chromium / For the phone, start Chromium so it trusts the lab\'s WSS',
    '  certificate and allows loopback media:',
    `    chromium --user-data-dir=$(mktemp -d) ${telephony.chromiumArgs.join(' ')} ${deskUrl}`,
    '',
  ];
}

function printBanner({ deskUrl, institutionUrl, telephony }) {
  const rows = operators.map(([id, role, password, who]) => `    ${pad(id, 7)}${pad(role, 18)}${pad(password, 14)}${who}`);
  console.log(
    [
      '',
      'ChannelDesk 演示 / demo',
      '',
      `  请在 Chromium/Chrome 中打开 / Open in Chromium or Chrome:  ${deskUrl}`,
      `  机构服务 / Institution API (HTTPS, lab CA):             ${institutionUrl}`,
      '',
      ...telephonyLines(telephony, deskUrl),
      '  演示账户 / Demo operators (工号 ID, 角色 role, 密码 password):',
      ...rows,
      '',
      '  本演示仅监听 127.0.0.1，数据为临时数据，退出即删除；演示宿主仅用于测试与演示，从不随产品发布。',
      '  The demo listens on 127.0.0.1 only; its data is temporary and removed on exit. The demo host',
      '  is a test/demo harness and is never shipped with the desktop.',
      '',
      '  按 Ctrl+C 退出 / Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error('需要 Node 24：请使用 npm run demo / Node 24 is needed: run it as `npm run demo` (or `npx node scripts/demo.mjs`).');
  process.exit(1);
}
buildRendererIfMissing();

// stdin stays open as a lifeline: when this process dies, however it dies, the pipe closes
// and the host stops the institution, the desk host and the telephony lab (its children).
const child = spawn(process.execPath, [path.join(root, 'e2e', 'host', 'main.ts'), '--demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['pipe', 'pipe', 'inherit'],
});

const lines = readline.createInterface({ input: child.stdout });
let announced = false;
lines.on('line', (line) => {
  if (announced) return void console.log(line);
  try {
    printBanner(JSON.parse(line));
    announced = true;
  } catch {
    console.log(line);
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (!announced) console.error('演示未能启动 / The demo did not start.');
  process.exit(code ?? (signal ? 0 : 1));
});
