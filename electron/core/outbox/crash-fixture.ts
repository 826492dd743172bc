/**
 * Child process of outbox/crash.test.ts (not a test itself). Opens the outbox and the
 * audit chain in a data directory, tops the chain up to `count` events, and delivers
 * them to a real institution server through the real client. After each batch the
 * institution acknowledged it reports `acked <seqs>` on stdout and PAUSES before the
 * local rows are deleted: the parent SIGKILLs it in that window, the worst moment to
 * die (the institution holds events the workstation still thinks are undelivered).
 * Prints `done` and exits 0 once the backlog is empty.
 */
import { createInstitutionClient } from '../api/client.ts';
import { createAuditChain } from '../audit/chain.ts';
import { createAuditDeliverer } from '../audit/deliverer.ts';
import { loadOrCreateWorkstationKey } from '../audit/workstation-key.ts';
import { createStaticKeyProvider } from './crypto.ts';
import { createDeliveryLoop, type Deliverer } from './delivery.ts';
import { openOutboxStore } from './store.ts';

export interface CrashFixtureConfig {
  dataDir: string;
  workstationId: string;
  secret: string;
  url: string;
  pin: string;
  caPem: string;
  count: number;
  batchSize: number;
  pauseMs: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(config: CrashFixtureConfig): Promise<void> {
  const store = await openOutboxStore({ dataDir: config.dataDir, keyProvider: createStaticKeyProvider(config.secret) });
  const chain = createAuditChain({
    store,
    workstationId: config.workstationId,
    signingKey: loadOrCreateWorkstationKey(store),
    now: Date.now,
  });
  for (let seq = chain.head().seq + 1; seq <= config.count; seq++) {
    chain.append('ui.area-opened', 'A1001', { detail: `area-${seq}`, marker: 'CRASH-FIXTURE-PLAINTEXT' });
  }
  say(`appended ${chain.head().seq} backlog ${store.backlog()}`);

  const client = createInstitutionClient({ baseUrls: [config.url], pins: [config.pin], caPem: config.caPem });
  const real = createAuditDeliverer(client, { batchSize: config.batchSize });
  const slowed: Deliverer = {
    ...real,
    async deliver(items) {
      say(`sending ${items.map((i) => i.idempotencyKey).join(',')}`);
      const outcome = await real.deliver(items);
      say(`acked ${outcome.delivered.join(',')}`);
      await new Promise((r) => setTimeout(r, config.pauseMs));
      return outcome;
    },
  };
  const loop = createDeliveryLoop({
    store,
    deliverers: [slowed],
    backoff: { initialMs: 100, maxMs: 1_000 },
    onError: (_kind, e) => say(`error ${e instanceof Error ? e.name : typeof e}`),
  });
  const drained = new Promise<void>((resolve) => {
    const check = () => {
      if (store.backlog() === 0) resolve();
    };
    store.onChange(check);
    check();
  });
  loop.start();
  await drained;
  await loop.stop();
  store.close();
  say('done');
}

main(JSON.parse(process.env['CRASH_FIXTURE_CONFIG'] ?? 'null') as CrashFixtureConfig).catch((e: unknown) => {
  say(`fatal ${e instanceof Error ? `${e.name} ${e.message}` : typeof e}`);
  process.exit(1);
});
