/**
 * One running bot for many generated histories (alertLifecycle.property.test.ts): a harness with the
 * lifecycle policy, an #alerts channel, a second replica (its own runner and HTTP port over the same
 * database, Slack and clock) and a driver for it. Before each history `resetWorld()` empties the
 * database (every row deleted, every sequence restarted: ids start at 1 again) and Slack (messages,
 * incident channels, views, recorded calls, queued faults), and moves the clock to the same weekday
 * and hour three weeks on: the three-person rotations are where they were, and Slack's rate-limit
 * buckets are full again.
 */
import { startHarness, SIGNING_SECRET, type Harness } from '../harness';
import { ManualClock } from '../clock';
import { alertsPolicy } from '../alerts';
import { slackDriver, type SlackDriver } from '../../../src/slackSimulator/driver';
import type { RunningApp } from '../../../src/app/app';
import { armHandoffTimers } from '../../../src/schedules/handoffArming';

/** Wednesday 09:00 in Chicago: primary U0CCC, secondary U0AAA until Monday 09:00 (and every third week after). */
export const LIFECYCLE_START = '2026-03-04T15:00:00Z';
const WEEK = 7 * 24 * 60 * 60_000;
/** Histories start this far apart: the rotations of three people repeat every three weeks. */
const HISTORY_SPACING = 3 * WEEK;

export const ROUTES = {
  critical: { policy: 'critical' },
  warning: { policy: 'critical', page_after: '15m' },
  info: {},
};

/**
 * The integrations histories send to, all posting in #alerts:
 * - prometheus: Alertmanager, grouped by the body's groupKey; critical pages now, warning after 15m, info posts;
 * - grouped: Alertmanager grouped by alertname (so alerts of several severities share a group), reopening within 30m;
 * - generic: one alert per key, the same routes;
 * - auto: Alertmanager by alertname whose routes declare incidents after 10m (warning: page_after == declare_after).
 */
export function lifecyclePolicy() {
  const common = { token_env: 'TEST_ALERTS_TOKEN', channel: 'alerts' };
  return alertsPolicy({
    prometheus: { format: 'alertmanager', ...common, routes: ROUTES },
    grouped: { format: 'alertmanager', ...common, routes: ROUTES, group_by: ['alertname'], reopen_within: '30m' },
    generic: { format: 'generic', ...common, routes: ROUTES },
    auto: {
      format: 'alertmanager',
      ...common,
      group_by: ['alertname'],
      routes: {
        critical: { policy: 'critical', declare: 'SEV1', declare_after: '10m' },
        warning: { policy: 'critical', page_after: '10m', declare: 'SEV2', declare_after: '10m' },
        info: {},
      },
    },
  });
}

export interface World {
  h: Harness;
  replica: RunningApp;
  /** Signed requests to the replica's /slack/events. */
  replicaDriver: SlackDriver;
  alertsChannel: string;
  /** Channels that exist from the start; every other non-IM channel is an incident's, removed on reset. */
  baseChannels: Set<string>;
  /** How many histories this world has run (the clock of the next one starts HISTORY_SPACING later). */
  histories: number;
}

export async function startWorld(): Promise<World> {
  const h = await startHarness({ config: lifecyclePolicy(), clock: new ManualClock(LIFECYCLE_START) });
  const alerts = h.slack.addChannel({ name: 'alerts' }).id;
  const replica = await h.startReplica();
  const replicaDriver = slackDriver({
    url: `http://127.0.0.1:${replica.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    responseUrlFor: h.slack.responseUrl,
    onTriggerId: h.slack.issueTriggerId,
  });
  const baseChannels = new Set([...h.slack.workspace.channels.values()].filter((c) => !c.isIm).map((c) => c.id));
  return { h, replica, replicaDriver, alertsChannel: alerts, baseChannels, histories: 0 };
}

let tableList: string[] | null = null;

async function tables(world: World): Promise<string[]> {
  if (!tableList) {
    const rows = await world.h.db.prisma.$queryRaw<{ tablename: string }[]>`
      SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
    tableList = rows.map((r) => r.tablename).sort();
  }
  return tableList;
}

/**
 * Every table emptied and every id sequence back at 1. DELETE with foreign-key triggers off (the test
 * database's owner is a superuser) costs a tenth of TRUNCATE, which makes new files for each table.
 */
async function emptyDatabase(world: World): Promise<void> {
  const names = await tables(world);
  await world.h.db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    for (const name of names) await tx.$executeRawUnsafe(`DELETE FROM "${name}"`);
    await tx.$queryRawUnsafe(
      `SELECT setval(c.oid::regclass, 1, false) FROM pg_class c WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace`,
    );
  });
}

/** Empty database and Slack, clock to the next history's start, the handoff timers armed as at boot. */
export async function resetWorld(world: World): Promise<void> {
  const { h } = world;
  await Promise.all([h.settle(), world.replica.runner.drain()]);
  await emptyDatabase(world);

  const ws = h.slack.workspace;
  h.slack.reset();
  for (const [id, channel] of [...ws.channels]) {
    if (!channel.isIm && !world.baseChannels.has(id)) {
      ws.channels.delete(id);
      ws.messages.delete(id);
      ws.pins.delete(id);
      continue;
    }
    ws.messages.set(id, []);
    ws.pins.set(id, []);
  }
  ws.views.clear();
  ws.ephemerals.length = 0;
  ws.triggers.clear();

  world.histories += 1;
  const next = new Date(LIFECYCLE_START).getTime() + world.histories * HISTORY_SPACING;
  if (next <= h.clock.now().getTime()) throw new Error('a history ran for more than three weeks of its clock');
  h.clock.set(new Date(next));
  // As at boot, but for the timers that re-arm every minute or hour and touch nothing a history checks
  // (retention; the App Home refresh, armed by a history's first App Home open): each would cost a
  // timer run at almost every settle.
  await armHandoffTimers(h.app.deps);
}

export async function stopWorld(world: World): Promise<void> {
  await world.h.stop();
}
