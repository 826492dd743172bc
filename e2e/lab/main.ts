/**
 * TEST/DEMO HARNESS ONLY — never shipped. Runs the telephony lab as a process:
 *
 *   LAB_SIP_SECRET=<secret> npx node e2e/lab/main.ts [--tls-dir DIR] [--ring-ms N] [--gateway HOST:PORT]
 *
 * prints one JSON line {"wsUrl","wssUrl","udpPort","rpcUrl","domain","queue",...} once
 * Kamailio and rtpengine are healthy, and stays up until SIGINT/SIGTERM. The secret is the
 * one the institution signs SIP credentials with; without LAB_SIP_SECRET a random one is
 * generated and printed (lab only). --tls-dir reuses a dev CA (e.g. the institution's
 * <dataDir>/tls) so a desk that trusts it also trusts WSS.
 */
import { randomBytes } from 'node:crypto';
import { runUntilSignal } from '../run-until-signal.ts';
import { TelephonyLabUnavailableError } from './preflight.ts';
import { startTelephonyLab, type TelephonyLabOptions } from './telephony.ts';

function parseArgs(argv: string[]): Omit<TelephonyLabOptions, 'secret'> {
  const options: Omit<TelephonyLabOptions, 'secret'> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${arg ?? ''} needs a value`);
    i += 1;
    if (arg === '--tls-dir') options.tlsDir = value;
    else if (arg === '--ring-ms') options.ringMs = Number(value);
    else if (arg === '--gateway') options.gateway = value;
    else if (arg === '--queue') options.queue = value;
    else throw new Error(`unknown argument ${arg ?? ''}; usage: main.ts [--tls-dir DIR] [--ring-ms N] [--gateway HOST:PORT] [--queue N]`);
  }
  return options;
}

runUntilSignal(
  async () => {
    const options = parseArgs(process.argv.slice(2));
    const given = process.env.LAB_SIP_SECRET;
    const secret = given ?? randomBytes(24).toString('base64url');
    const lab = await startTelephonyLab({ ...options, secret });
    const ready = {
      wsUrl: lab.wsUrl,
      wssUrl: lab.wssUrl,
      udpPort: lab.udpPort,
      rpcUrl: lab.rpcUrl,
      domain: lab.domain,
      queue: lab.queue,
      rtpPorts: `${lab.rtp.portMin}-${lab.rtp.portMax}`,
      ...(given === undefined ? { secret } : {}),
    };
    return { ready, close: () => lab.close() };
  },
  // TelephonyLabUnavailableError already is one sentence with the apt command.
  (message, error) => (error instanceof TelephonyLabUnavailableError ? message : `telephony lab failed to start: ${message}`),
);
