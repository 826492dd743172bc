/**
 * TEST/DEMO HARNESS ONLY — never shipped. What e2e/host/main.ts and e2e/lab/main.ts share
 * as processes: once `start` resolves, its `ready` object goes to stdout as one JSON line
 * (what the caller waits for); the process then stays up until SIGINT/SIGTERM, closes what
 * it started and exits 0 (1 if closing failed). If `start` fails, `failureLine` says why
 * on stderr and the process exits 1.
 */
export interface Running {
  ready: object;
  close(): Promise<void>;
}

export function runUntilSignal(start: () => Promise<Running>, failureLine: (message: string, error: unknown) => string): void {
  const run = async (): Promise<void> => {
    const running = await start();
    process.stdout.write(`${JSON.stringify(running.ready)}\n`);

    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  };
  run().catch((error: unknown) => {
    process.stderr.write(`${failureLine(error instanceof Error ? error.message : String(error), error)}\n`);
    process.exit(1);
  });
}
