/**
 * Warm-up before /readyz turns 200: opens the pool, runs the command parsers until V8 optimises them,
 * and rehearses a declaration in a transaction that is rolled back (nothing remains, nothing reaches
 * Slack), so the first burst after a deploy is not slowed by cold code. See docs/adr/0003-warmup.md.
 */
import type { Deps } from '../runtime/deps';
import { DEFAULT_POOL_SIZE } from '../db/prismaClient';
import { parseIncidentCommand, parseStatusCommandText } from '../incidents/parseIncidentCommand';
import { pageCommandContext, parsePageCommand } from '../paging/parsePageCommand';
import { parseOncallCommand } from '../schedules/parseOncallCommand';
import { declareInTransaction } from '../incidents/declare';
import { getIncident } from '../incidents/store';
import { summaryBlocks } from '../incidents/views/summary';

/** Rounds of every command parser: enough for V8 to optimise them, for a few ms in all. */
const PARSE_ROUNDS = 300;

class RollBack extends Error {}

/** The pure parsers each slash command runs before its ack, on texts like people's, mistakes included. */
function warmParsers(deps: Deps): void {
  const { commands, severities } = deps.config;
  const severity = severities[0].key;
  const incident = { command: commands.incident, statusCommand: commands.status, severities };
  const page = pageCommandContext(deps.config);
  const oncall = { command: commands.oncall, schedules: Object.keys(deps.config.schedules) };
  const texts = [
    `create "Checkout is down: 502s from <https://x.example|the LB>" severity=${severity}`,
    'create "unterminated',
    'close 99999999999999999999',
    'help',
    `severity ${severity} "why"`,
    'status "Mitigated; watching"',
  ];
  for (let round = 0; round < PARSE_ROUNDS; round++) {
    for (const text of texts) parseIncidentCommand(text, incident);
    parseStatusCommandText('"Rolled back; error rate falling"', commands.status);
    parsePageCommand('<@U0ALICE|alice> <!subteam^S0SRE|@sre> "DB failover needs a second pair of eyes"', page);
    parseOncallCommand(oncall.schedules[0] ?? '', oncall);
  }
}

/** `poolSize`: the whole pool is opened ahead of the first burst, whatever DATABASE_POOL_SIZE says. */
export async function warmUp(deps: Deps, poolSize = DEFAULT_POOL_SIZE): Promise<{ ms: number }> {
  const started = process.hrtime.bigint();
  warmParsers(deps);
  await Promise.all(Array.from({ length: poolSize }, () => deps.db.$queryRaw`SELECT 1`));
  const severity = deps.config.severities[0].key;
  const parsed = parseIncidentCommand(`create "Warm-up" severity=${severity}`, {
    command: deps.config.commands.incident,
    statusCommand: deps.config.commands.status,
    severities: deps.config.severities,
  });
  if (!parsed.ok) throw new Error(`warm-up command did not parse: ${parsed.error}`);
  const now = deps.clock.now();
  await deps.db
    .$transaction(async (tx) => {
      const created = await declareInTransaction(
        tx,
        deps.config,
        { title: 'Warm-up', severity, description: null, reporterId: 'UWARMUP', originChannelId: null },
        now,
        { pageOnDeclare: false, rehearsalId: -1 },
      );
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
