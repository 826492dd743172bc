/**
 * TEST/DEMO HARNESS ONLY — never shipped. Runs a lab as a process:
 *
 *   npx node e2e/host/main.ts [--demo] [--port N]
 *
 * prints one JSON line {"deskUrl":…,"institutionUrl":…} on stdout once everything
 * listens, and stays up until SIGINT/SIGTERM, then removes its data.
 */
import { runUntilSignal } from '../run-until-signal.ts';
import { startLab } from './lab.ts';

function parseArgs(argv: string[]): { demo: boolean; port: number } {
  let demo = false;
  let port = 0;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--demo') demo = true;
    else if (arg === '--port') {
      port = Number(argv[(i += 1)]);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('--port needs an integer 0-65535');
    } else throw new Error(`unknown argument ${arg ?? ''}; usage: main.ts [--demo] [--port N]`);
  }
  return { demo, port };
}

runUntilSignal(
  async () => {
    const args = parseArgs(process.argv.slice(2));
    const lab = await startLab({ demo: args.demo, deskPort: args.port });
    return { ready: { deskUrl: lab.deskUrl, institutionUrl: lab.institutionUrl }, close: () => lab.close() };
  },
  (message) => `lab failed to start: ${message}`,
);
