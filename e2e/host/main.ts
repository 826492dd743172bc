/**
 * TEST/DEMO HARNESS ONLY — never shipped. Runs a lab as a process:
 *
 *   npx node e2e/host/main.ts [--demo] [--port N] [--no-telephony]
 *
 * prints one JSON line {"deskUrl":…,"institutionUrl":…,"telephony":…} on stdout once
 * everything listens, and stays up until SIGINT/SIGTERM — or until its stdin closes, so a
 * parent that dies (npm run demo killed) takes the lab with it — then removes its data.
 *
 * --demo also starts the telephony lab (Kamailio + rtpengine, children of this process)
 * when it is installed, and the institution issues SIP credentials for it, so the demo's
 * phone registers; `telephony` is then {wssUrl, domain, queue, chromiumArgs} (the flags a
 * browser needs to trust the lab's WSS certificate and to send media over loopback), or
 * {missing} — one sentence on how to install it. --no-telephony skips it.
 */
import { binaryOverridesFromEnv, startDemoTelephony, type DemoTelephony } from '../lab/demo-telephony.ts';
import { runUntilSignal } from '../run-until-signal.ts';
import { startLab } from './lab.ts';

function parseArgs(argv: string[]): { demo: boolean; port: number; telephony: boolean } {
  let demo = false;
  let port = 0;
  let telephony = true;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--demo') demo = true;
    else if (arg === '--no-telephony') telephony = false;
    else if (arg === '--port') {
      port = Number(argv[(i += 1)]);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('--port needs an integer 0-65535');
    } else throw new Error(`unknown argument ${arg ?? ''}; usage: main.ts [--demo] [--port N] [--no-telephony]`);
  }
  return { demo, port, telephony: demo && telephony };
}

function telephonyReady(telephony: DemoTelephony | null): object {
  if (telephony === null) return {};
  if (!telephony.running) return { telephony: { missing: telephony.missing } };
  const { lab, sip } = telephony;
  return {
    telephony: {
      wssUrl: lab.wssUrl,
      domain: lab.domain,
      queue: lab.queue,
      chromiumArgs: [`--ignore-certificate-errors-spki-list=${sip.pins.join(',')}`, '--allow-loopback-in-peer-connection'],
    },
  };
}

runUntilSignal(
  async () => {
    const args = parseArgs(process.argv.slice(2));
    const binaries = binaryOverridesFromEnv();
    const telephony = args.telephony ? await startDemoTelephony(binaries ? { binaries } : {}) : null;
    const stopTelephony = () => (telephony?.running ? telephony.close() : Promise.resolve());
    let lab;
    try {
      lab = await startLab({ demo: args.demo, deskPort: args.port, ...(telephony?.running ? { sip: telephony.sip } : {}) });
    } catch (error) {
      await stopTelephony();
      throw error;
    }
    const started = lab;
    const close = async () => {
      await started.close();
      await stopTelephony();
    };
    // The parent holds our stdin open; its end means the parent is gone.
    if (args.demo) {
      process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
      process.stdin.resume();
    }
    return { ready: { deskUrl: lab.deskUrl, institutionUrl: lab.institutionUrl, ...telephonyReady(telephony) }, close };
  },
  (message) => `lab failed to start: ${message}`,
);
