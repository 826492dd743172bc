/**
 * The institution side of bench/tickets.bench.ts's outbox drain, in its own process (the desk
 * core under test keeps the bench's event loop to itself): the fault tests' restartable
 * institution (electron/core/tickets/tickets-faults.harness.ts: real server, HTTPS, SQLite,
 * demo seed, behind a relay the signed profile names). Messages from the parent:
 * `{ op: 'register', workstationId }` → `{ code }`; `{ op: 'down' }` / `{ op: 'up' }` → `{ done }`
 * (the server really stops / starts again on the same data); 'stop' ends it. First message
 * to the parent: `{ trust, dataDir }`.
 */
import { startRestartableInstitution } from '../electron/core/tickets/tickets-faults.harness.ts';

type Op = { op: 'register'; workstationId: string } | { op: 'down' } | { op: 'up' };

async function main(): Promise<void> {
  const institution = await startRestartableInstitution();
  const trust = await institution.trust();
  const stop = async (): Promise<void> => {
    await institution.close();
    process.exit(0);
  };
  process.on('message', (message: Op | 'stop') => {
    if (message === 'stop') return void stop();
    const reply = (value: unknown) => process.send?.(value);
    if (message.op === 'register') void institution.register(message.workstationId).then((code) => reply({ code }));
    else if (message.op === 'down') void institution.stop().then(() => reply({ done: 'down' }));
    else void institution.start().then(() => reply({ done: 'up' }));
  });
  process.on('disconnect', () => void stop());
  process.send?.({ trust, dataDir: institution.dataDir });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
