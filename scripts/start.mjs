// `npm start`: the reference institution server on loopback with demo data, this machine
// provisioned as a workstation of it, then the desktop. When Kamailio and the other lab
// packages are installed, the telephony lab starts first (children of this process) and the
// institution issues SIP credentials for it and names its WSS in the signed profile, so the
// desktop's phone registers; otherwise one sentence says how to install them. Where no
// Electron binary is installed it says so in one sentence and points to `npm run demo`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startInstitutionServer } from '../institution/src/server.ts';
import { seedDemo } from '../institution/src/seed/demo.ts';
import { seedDemoDialPlan } from '../institution/src/seed/demo-policy.ts';
import { ensureDevTls } from '../institution/src/tls/dev-ca.ts';
import { registerWorkstation } from '../institution/src/workstations/registration.ts';
import { binaryOverridesFromEnv, startDemoTelephony } from '../e2e/lab/demo-telephony.ts';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = process.env.CHANNELDESK_DATA_DIR ?? path.join(root, '.data');
const institutionDir = path.join(dataRoot, 'institution');
const workstationDir = path.join(dataRoot, 'workstation');
const port = Number(process.env.CHANNELDESK_INSTITUTION_PORT ?? 8443);
const workstationId = 'WS-LOCAL-01';

function getJson(url, caPem) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: caPem }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`HTTP ${res.statusCode} from ${url}`))));
      })
      .on('error', reject);
  });
}

/**
 * IT registers the workstation with the institution and gets its one-time enrollment code
 * (the desktop enrolls its key with it at start). A workstation enrolled by an earlier run
 * keeps its key and needs no code.
 */
async function enrollmentCodeFor() {
  try {
    return (await registerWorkstation({ dataDir: institutionDir, workstationId })).enrollmentCode;
  } catch (error) {
    if (error.code !== 'conflict') throw error;
    console.log(
      `工作站 ${workstationId} 已在机构登记；如已删除 ${workstationDir}，请同时删除 ${institutionDir} 重新开始。 / ` +
        `Workstation ${workstationId} is already enrolled; if you removed ${workstationDir}, remove ${institutionDir} too to start over.`,
    );
    return undefined;
  }
}

/** Writes what an IT person provisions on a workstation: signed profile, trusted key, CA, config (with the enrollment code). */
async function provisionWorkstation(server) {
  await mkdir(workstationDir, { recursive: true });
  const signedProfile = await getJson(`${server.url}/api/v1/site-profile`, server.caCertPem);
  await writeFile(path.join(workstationDir, 'site-profile.json'), JSON.stringify(signedProfile, null, 2));
  await writeFile(path.join(workstationDir, 'trusted-keys.json'), JSON.stringify({ [server.profileKeyId]: server.profilePublicKeyPem }, null, 2));
  await writeFile(path.join(workstationDir, 'institution-ca.pem'), server.caCertPem);
  const enrollmentCode = await enrollmentCodeFor();
  const config = {
    workstationId,
    ...(enrollmentCode === undefined ? {} : { enrollmentCode }),
    profilePath: 'site-profile.json',
    trustedKeysPath: 'trusted-keys.json',
    caPath: 'institution-ca.pem',
    dataDir: 'desk-data',
  };
  const configPath = path.join(workstationDir, 'workstation.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  return configPath;
}

function ensureBuilt() {
  if (existsSync(path.join(root, 'dist', 'renderer', 'index.html')) && existsSync(path.join(root, 'dist', 'electron', 'main.cjs'))) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

await mkdir(institutionDir, { recursive: true });
await seedDemo({ dataDir: institutionDir });
// The demo's sane dial plan (extensions, service numbers, mobiles, landlines); an admin's own plan is kept.
await seedDemoDialPlan({ dataDir: institutionDir });
// The lab's WSS uses the institution's dev certificate: the desktop trusts that CA already,
// and the profile pins the certificate (sip.pins).
const binaries = binaryOverridesFromEnv();
const telephony = await startDemoTelephony({ tls: await ensureDevTls(path.join(institutionDir, 'tls')), ...(binaries ? { binaries } : {}) });
const stopTelephony = () => (telephony.running ? telephony.close() : Promise.resolve());
if (telephony.running) console.log(`电话实验室 / Telephony lab: ${telephony.lab.wssUrl} (SIP 域 domain ${telephony.lab.domain}, 排队号码 queue ${telephony.lab.queue})`);
else console.log(telephony.missing);
const sip = telephony.running
  ? { sipWss: telephony.sip.wss, sipSecret: telephony.sip.secret, sipDomain: telephony.sip.domain, sipPins: telephony.sip.pins, sbcRpcUrls: telephony.sip.rpcUrls }
  : {};
let server;
try {
  server = await startInstitutionServer({ dataDir: institutionDir, host: '127.0.0.1', port, ...sip });
} catch (error) {
  console.error(`机构服务无法在 127.0.0.1:${port} 启动 / The institution server could not start on 127.0.0.1:${port} (${error.code ?? error.message}); set CHANNELDESK_INSTITUTION_PORT to another port.`);
  await stopTelephony();
  process.exit(1);
}
console.log(`机构服务 / Institution API: ${server.url} (演示数据 demo data in ${institutionDir})`);
// Once, whoever asks first (a signal, then Electron's exit).
let stopped;
const stopServices = () =>
  (stopped ??= (async () => {
    await server.close();
    await stopTelephony();
  })());
const configPath = await provisionWorkstation(server);

const electron = findElectronBinary();
if (electron === null) {
  console.log(
    '本机未安装 Electron 程序（无法联网下载），桌面端无法打开；请运行 `npm run demo` 在浏览器中使用同一桌面界面。 / ' +
      'The Electron binary is not installed on this machine (it cannot be downloaded here), so the desktop cannot open; run `npm run demo` to use the same desktop UI in a browser instead.',
  );
  await stopServices();
  process.exit(0);
}

ensureBuilt();
const child = spawn(electron, [path.join(root, 'dist', 'electron', 'main.cjs'), '--config', configPath], { stdio: 'inherit' });
const stop = async () => {
  child.kill('SIGTERM');
  await stopServices();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', async (code) => {
  await stopServices();
  process.exit(code ?? 0);
});
