/**
 * TEST/DEMO HARNESS ONLY — child-process plumbing for the telephony lab: free loopback
 * ports, daemons run in their own process group (Kamailio forks workers; killing the group
 * leaves none behind), a bounded log tail, and a last-resort kill when Node exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

/** A free TCP (or UDP) port on 127.0.0.1. Racy by nature; callers retry on a bind error. */
export async function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'tcp') {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (address === null || typeof address === 'string') throw new Error('no TCP port');
    return address.port;
  }
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const LOG_LINES = 400;
const live = new Set<Daemon>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed test runner must not leave Kamailio holding ports: kill what is still ours.
  process.once('exit', () => {
    for (const daemon of live) daemon.killNow('SIGKILL');
  });
}

export class Daemon {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private partial = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(name: string, command: string, args: string[], cwd: string) {
    this.name = name;
    installExitHook();
    this.child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const onData = (chunk: Buffer): void => this.append(chunk.toString('utf8'));
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    live.add(this);
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null): void => {
        live.delete(this);
        this.exitInfo ??= { code, signal };
        resolve(this.exitInfo);
      };
      this.child.once('exit', done);
      // spawn failures (ENOENT, EACCES) arrive as 'error' without an 'exit'.
      this.child.once('error', (error) => {
        this.append(`spawn failed: ${error.message}\n`);
        done(null, null);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  log(): string {
    return [...this.lines, this.partial].join('\n');
  }

  private append(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > LOG_LINES) this.lines.splice(0, this.lines.length - LOG_LINES);
  }

  /** Signals the whole process group (Kamailio's workers included). */
  killNow(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
  async stop(graceMs = 3000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.killNow(signal);
    const timer = setTimeout(() => this.killNow('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // Workers may outlive the main process by a moment; make sure the group is gone.
    const pid = this.child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // expected: no such process group any more
      }
    }
  }
}

/** Polls check() until it returns true, the daemon dies, or the deadline passes. */
export async function waitUntil(what: string, daemon: Daemon, deadline: number, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    if (!daemon.running) throw new Error(`${daemon.name} exited while starting (${describeExit(daemon)})`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready in time`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 + attempt * 5, 50)));
  }
}

export function describeExit(daemon: Daemon): string {
  const info = daemon.exitInfo;
  return info === undefined ? 'still running' : `code ${String(info.code)}, signal ${String(info.signal)}`;
}
