/**
 * Warm-up before the app says it is ready. The first incident after a deploy used to be the slow one:
 * its work (the first Prisma query of each shape is planned then, the pool opens its connections, the
 * views' code is compiled) ran on the event loop while other people's commands waited for their ack.
 * Here that cost is paid before /readyz turns 200: the pool is opened, and a declaration is rehearsed
 * in a transaction that is rolled back, so nothing of it remains and nothing reaches Slack (no network
 * call runs in a transaction, and the outbox rows it wrote are rolled back with it).
 */
import type { Deps } from './deps';
import { parseIncidentCommand } from './incidents/command';
import { declareInTransaction } from './incidents/declare';
import { getIncident } from './incidents/store';
import { summaryBlocks } from './incidents/views/summary';

/** Connections opened ahead of the first burst (the pg pool's default maximum is 10). */
const WARM_CONNECTIONS = 10;

class RollBack extends Error {}

export async function warmUp(deps: Deps): Promise<{ ms: number }> {
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: WARM_CONNECTIONS }, () => deps.db.$queryRaw`SELECT 1`));
  const severity = deps.config.severities[0]!.key;
  const parsed = parseIncidentCommand(`create "Warm-up" severity=${severity}`, { command: deps.config.commands.incident, statusCommand: deps.config.commands.status, severities: deps.config.severities });
  if (!parsed.ok) throw new Error(`warm-up command did not parse: ${parsed.error}`);
  const now = deps.clock.now();
  await deps.db
    .$transaction(async (tx) => {
      const created = await declareInTransaction(tx, deps.config, { title: 'Warm-up', severity, description: null, reporterId: 'UWARMUP', originChannelId: null }, now, { pageOnDeclare: false, rehearsalId: -1 });
      const incident = await getIncident(tx, created.id);
      if (incident) summaryBlocks(incident, deps.config, now, []);
      await tx.incident.findFirst({ where: { channelId: 'CWARMUP' }, include: { roles: true } });
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6 };
}
