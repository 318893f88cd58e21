/**
 * `npm run export -- --incident INC-2026-0042|N [--out DIR] [--markdown]`: one incident as JSON (the incident, roles,
 * timeline, pages and who they reached, follow-ups, linked alert groups and alerts) with its
 * post-mortem draft once closed. Without --out the JSON goes to stdout (`--markdown`: the draft
 * instead); with it, DIR/incident-N.json and DIR/incident-N.md. Exit 1: no such incident; 2: bad arguments.
 */
import path from 'node:path';
import { audit } from '../app/audit';
import { exportIncident } from '../app/exportIncident';
import { failed, readIncidentArgs, runWithIo, type DataCliIo } from './incidentDataCli';

const USAGE = 'usage: npm run export -- --incident N [--out DIR] [--markdown]';

export async function runExport(argv: string[], io: DataCliIo): Promise<number> {
  const args = await readIncidentArgs(argv, io, {
    valued: ['out'],
    flags: ['markdown'],
    usage: USAGE,
    done: 'exported',
  });
  if (typeof args === 'number') return args;
  const { incidentId } = args;
  const exported = await exportIncident(
    {
      db: io.db,
      config: io.config,
      // Offline: people appear as @<id> in the draft rather than asking Slack for names.
      directory: { user: () => Promise.reject(new Error('offline')) },
    },
    incidentId,
  );
  if (!exported) {
    io.err(`No incident ${incidentId}: nothing exported.`);
    return 1;
  }
  const json = JSON.stringify(exported.data, null, 2);
  const markdown = exported.markdown ?? `The incident is still open: it has no post-mortem draft yet.\n`;
  if (args.values.out) {
    const base = path.join(args.values.out, `incident-${incidentId}`);
    io.writeFile(`${base}.json`, `${json}\n`);
    io.writeFile(`${base}.md`, markdown);
    io.err(`Wrote ${base}.json and ${base}.md`);
  } else io.out(args.set.has('markdown') ? markdown : json);
  audit(io.log, { action: 'export', incidentId, operator: io.operator, counts: exported.counts });
  return 0;
}

if (require.main === module) {
  runWithIo((io) => runExport(process.argv.slice(2), io)).catch(failed);
}
