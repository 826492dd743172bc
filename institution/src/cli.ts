/**
 * Entry point: `node institution/src/cli.ts <command>` (Node 24 runs the TypeScript
 * directly). All logic is in cli/run-cli.ts so it tests in-process.
 */
import { runCli } from './cli/run-cli.ts';

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  prompt: process.stderr,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  onServing: (stop) => {
    const shutdown = (): void => {
      void stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  },
});
if (code !== 0) process.exit(code);
