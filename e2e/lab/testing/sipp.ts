/**
 * TEST ONLY — runs SIPp (sip-tester) with the lab's scenarios (e2e/lab/sipp/) for one call
 * on free loopback ports, and returns its exit code and the SIP messages it received (from
 * -trace_msg), so tests can assert on what the plain-RTP side saw.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, freePort } from '../processes.ts';
import { parseSip, type SipMessage } from './sip-message.ts';

export const SCENARIO_DIR = fileURLToPath(new URL('../sipp/', import.meta.url));

export interface SippRun {
  /** SIPp's local SIP port (UDP). */
  port: number;
  /** Resolves when SIPp exits: 0 = the call succeeded. */
  done: Promise<SippResult>;
  stop(): Promise<void>;
}

export interface SippResult {
  code: number | null;
  received: SipMessage[];
  log: string;
}

export interface SippOptions {
  binary: string;
  /**
   * uac / uas: signalling only (uas echoes RTP); uac-audio: plays `pcapFile` once the call is
   * up and waits for the far end's BYE; uas-422: answers 200 only an INVITE with Session-Expires = `minSe`, else 422 with that Min-SE.
   */
  scenario: 'uac' | 'uas' | 'uac-audio' | 'uas-422';
  /** uac-audio: the RTP to play (pcap-audio.ts). */
  pcapFile?: string;
  /** uas-422: the Min-SE it demands (seconds). */
  minSe?: number;
  /** How many calls SIPp handles before it exits (1; uas-422 with a retry: 2 — the 422 is a call of its own). */
  calls?: number;
  /** Working dir for trace files (the test's temp dir). */
  dir: string;
  /** uac: Kamailio's UDP port, and the user to call (agent id or queue number). */
  remotePort?: number;
  service?: string;
  /** Hard bound for the whole run; SIPp is killed after it. */
  timeoutMs?: number;
}

/** Splits a -trace_msg file into the messages SIPp received. */
export function parseSippTrace(text: string): SipMessage[] {
  const out: SipMessage[] = [];
  for (const block of text.split(/^-{10,} .*$/m)) {
    const match = /^\s*\w+ message received \[\d+\] bytes :\s*\n\n?([\s\S]*)$/.exec(block);
    if (match === null) continue;
    const raw = (match[1] ?? '').replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '\r\n');
    try {
      out.push(parseSip(raw));
    } catch {
      // not a SIP message (keep-alive CRLF etc.)
    }
  }
  return out;
}

export async function startSipp(options: SippOptions): Promise<SippRun> {
  const port = await freePort('udp');
  const mediaPort = await freePort('udp');
  const messageFile = path.join(options.dir, `sipp-${options.scenario}-${port}-messages.log`);
  const errorFile = path.join(options.dir, `sipp-${options.scenario}-${port}-errors.log`);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const template = await readFile(path.join(SCENARIO_DIR, `${options.scenario}.xml`), 'utf8');
  // Values SIPp cannot take as keywords (file paths, header values) are put into a copy.
  const rendered = template.replace(/\{\{PCAP\}\}/g, options.pcapFile ?? '').replace(/\{\{MIN_SE\}\}/g, String(options.minSe ?? 1800));
  const scenarioFile = path.join(options.dir, `sipp-${options.scenario}-${port}.xml`);
  await writeFile(scenarioFile, rendered);
  const args = [
    '-sf', scenarioFile,
    '-i', '127.0.0.1', '-p', String(port), '-mi', '127.0.0.1', '-mp', String(mediaPort),
    '-m', String(options.calls ?? 1), '-l', String(options.calls ?? 1), '-nostdin',
    '-timeout', `${Math.ceil(timeoutMs / 1000)}s`, '-timeout_error',
    '-trace_msg', '-message_file', messageFile, '-trace_err', '-error_file', errorFile,
  ];
  if (options.scenario === 'uas' || options.scenario === 'uas-422') args.push('-rtp_echo');
  if (options.service !== undefined) args.push('-s', options.service);
  if (options.scenario === 'uac' || options.scenario === 'uac-audio') {
    if (options.remotePort === undefined) throw new Error('uac needs remotePort');
    args.push(`127.0.0.1:${options.remotePort}`);
  }
  const daemon = new Daemon(`sipp-${options.scenario}`, options.binary, args, options.dir);
  const killer = setTimeout(() => daemon.killNow('SIGKILL'), timeoutMs + 2000);
  const done = daemon.exited.then(async ({ code }) => {
    clearTimeout(killer);
    const trace = await readFile(messageFile, 'utf8').catch(() => '');
    const errors = await readFile(errorFile, 'utf8').catch(() => '');
    return { code, received: parseSippTrace(trace), log: `${daemon.log()}\n${errors}` };
  });
  return { port, done, stop: () => daemon.stop(1000) };
}
