/**
 * Child process of tickets.faults.test.ts (not a test itself): a desk core on a data dir
 * that survives it, signed in to a real institution, filing tickets `from`..`to - 1` the
 * renderer's way (autosave the draft, then `tickets.submit` naming it) while its outbox
 * delivers them. On start it first files the drafts a previous run left (killed between an
 * autosave and its submit). stdout, one line each (the parent SIGKILLs it at will):
 *   ready | waiting <n> (tickets.outbox-changed) | drafting <i> | drafted <i> | submitted <i>
 *   | refiled <i,...> | all-submitted | drained | done | fatal <reason>
 */
import { openFaultDesk } from './tickets-faults.desk.ts';
import type { InstitutionTrust } from './tickets-faults.harness.ts';

export interface TicketFaultFixtureConfig {
  trust: InstitutionTrust;
  dataDir: string;
  workstationId: string;
  enrollmentCode?: string;
  from: number;
  to: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(config: TicketFaultFixtureConfig): Promise<void> {
  const desk = await openFaultDesk({
    trust: config.trust,
    dataDir: config.dataDir,
    workstationId: config.workstationId,
    ...(config.enrollmentCode === undefined ? {} : { enrollmentCode: config.enrollmentCode }),
    log: (m) => say(`log ${m}`),
  });
  desk.core.subscribe('tickets.outbox-changed', (c) => say(`waiting ${c.waiting}`));
  say('ready');
  const leftovers = await desk.fileLeftoverDrafts();
  say(`refiled ${leftovers.map((d) => String(d.values['notes'] ?? '?').replace(/^.*#0*(?=\d)/, '')).join(',')}`);
  for (let i = config.from; i < config.to; i += 1) {
    say(`drafting ${i}`);
    await desk.file(i, { draft: true, drafted: () => say(`drafted ${i}`) });
    say(`submitted ${i}`);
  }
  say('all-submitted');
  await desk.drained(60_000);
  say('drained');
  await desk.close();
  say('done');
}

main(JSON.parse(process.env['TICKET_FAULT_FIXTURE'] ?? 'null') as TicketFaultFixtureConfig).then(
  () => process.exit(0),
  (e: unknown) => {
    say(`fatal ${e instanceof Error ? `${e.name} ${e.message}` : typeof e}`);
    process.exit(1);
  },
);
