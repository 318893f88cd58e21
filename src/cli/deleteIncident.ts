/**
 * `npm run delete-incident -- --incident N [--yes] [--force]`: removes an incident and every row that
 * references it (roles, timeline, follow-ups, pages with their DMs and contacts, its outbox jobs; alert
 * groups it came from stay, unlinked) in one transaction. Without --yes it prints what it would remove
 * and exits 2; an open incident is refused (exit 1) unless --force. No such incident: exit 1.
 */
import { audit } from '../app/audit';
import { deleteIncident, type IncidentFootprint } from '../incidents/forgetIncident';
import { failed, readIncidentArgs, runWithIo, type DataCliIo } from './incidentDataCli';

const USAGE = 'usage: npm run delete-incident -- --incident N [--yes] [--force]';

export async function runDeleteIncident(argv: string[], io: DataCliIo): Promise<number> {
  const args = await readIncidentArgs(argv, io, {
    valued: [],
    flags: ['yes', 'force'],
    usage: USAGE,
    done: 'deleted',
  });
  if (typeof args === 'number') return args;
  const { incidentId } = args;
  const outcome = await deleteIncident(io.db, incidentId, {
    force: args.set.has('force'),
    confirm: args.set.has('yes'),
  });
  switch (outcome.kind) {
    case 'unknown':
      io.err(`No incident ${incidentId}: nothing deleted.`);
      return 1;
    case 'open':
      io.err(`Incident ${incidentId} is still open: close it first, or add --force to delete it anyway.`);
      return 1;
    case 'dry-run':
      io.out(
        `Would delete incident ${incidentId}:\n${describe(outcome.footprint)}\nRun again with --yes to delete it.`,
      );
      audit(io.log, {
        action: 'delete-incident',
        incidentId,
        operator: io.operator,
        counts: { ...outcome.footprint },
        dryRun: true,
      });
      return 2;
    case 'deleted':
      io.out(`Deleted incident ${incidentId}:\n${describe(outcome.footprint)}`);
      audit(io.log, { action: 'delete-incident', incidentId, operator: io.operator, counts: { ...outcome.footprint } });
      return 0;
  }
}

function describe(footprint: IncidentFootprint): string {
  return Object.entries(footprint)
    .map(([table, n]) => `  ${table}: ${n}`)
    .join('\n');
}

if (require.main === module) {
  runWithIo((io) => runDeleteIncident(process.argv.slice(2), io)).catch(failed);
}
