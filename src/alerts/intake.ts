/**
 * Storing bodies of alerts: every body of a flush in one transaction, so a 2xx means each alert of
 * it is stored, and the sender (which does not retry on 2xx) loses nothing. The groups touched are
 * locked in key order while their alerts are counted, so two replicas receiving the same group at
 * once open it, and page for it, once. Each step is one statement for the whole flush (store.ts), and
 * groups that only count alerts take two: one locks them, one writes (flushWrite.ts); when the intake
 * already knows them firing, the flush is tried first as one statement outside a transaction
 * (steadyFlush.ts). Only a group that opens, reopens, resolves or whose route rises does more. Slack
 * hears of it afterwards, through the outbox: a group's message is edited at a pace Slack allows
 * (groupPosts.ts), and the new groups of a flush get messages of their own only while their channel
 * can take them (digest.ts).
 */
import type { AlertGroup } from '../generated/prisma/client';
import type { AlertIntegration } from '../config/alerts';
import { routeFor, routeRank } from '../config/alertRoutes';
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import type { IncomingAlert, IncomingBatch } from './formats/types';
import { isHandled, judgeGroup, planLetGo, planReopen, stateAfter, type GroupVerdict } from './decision';
import { splitIntoGroups } from './grouping';
import { armOpening, letGoOfClosedIncident, raiseRoute, reopenGroup, resolveGroup } from './lifecycle';
import { enqueueGroupMessages } from './groupPosts';
import { admitNewGroups } from './digest';
import { createLiveGroups, linkedIncident, lockLiveGroups, previousStatuses } from './store';
import { writeFlush } from './flushWrite';
import { receiveSteady, steadyHintsOf } from './steadyFlush';
import {
  countOutcomes,
  firingSeverities,
  latestAlerts,
  routeOf,
  type FlushGroup,
  type IntakeResult,
} from './flushGroup';

export type { IntakeResult };

export interface Delivery {
  integration: AlertIntegration;
  batch: IncomingBatch;
}

const emptyResult = (): IntakeResult => ({ groups: 0, firing: 0, duplicates: 0, resolved: 0, ignored: 0, paged: 0 });

/** Store one body (tests, and a body retried alone after its flush failed). */
export async function receiveBatch(
  deps: Deps,
  integration: AlertIntegration,
  batch: IncomingBatch,
): Promise<IntakeResult> {
  return (await receiveDeliveries(deps, [{ integration, batch }]))[0];
}

/**
 * Store several bodies in one transaction; one result per body, in order. `kick` wakes the outbox
 * runner for what the flush enqueued.
 */
export async function receiveDeliveries(
  deps: Deps,
  deliveries: Delivery[],
  kick: () => void = () => deps.kick(),
): Promise<IntakeResult[]> {
  const now = deps.clock.now();
  const results = deliveries.map(emptyResult);
  const byIntegration = new Map<string, { integration: AlertIntegration; groups: Map<string, FlushGroup> }>();
  deliveries.forEach(({ integration, batch }, body) => {
    let entry = byIntegration.get(integration.name);
    if (!entry) byIntegration.set(integration.name, (entry = { integration, groups: new Map() }));
    for (const g of splitIntoGroups(integration, batch)) {
      let flush = entry.groups.get(g.groupKey);
      if (!flush)
        entry.groups.set(
          g.groupKey,
          (flush = { key: g.groupKey, first: g, bodies: new Set(), entries: [], truncated: 0, externalUrl: null }),
        );
      flush.bodies.add(body);
      flush.entries.push(...g.alerts.map((alert) => ({ alert, body })));
      flush.truncated = batch.truncatedAlerts;
      flush.externalUrl = batch.externalUrl ?? flush.externalUrl;
    }
  });
  const hints = steadyHintsOf(deps);
  const firingAfter: { integration: string; group: AlertGroup }[] = [];
  const steady = await receiveSteady(deps.db, hints, byIntegration, now, results);
  if (!steady)
    await deps.db.$transaction(async (tx) => {
      // Integrations in name order, groups in key order: the lock order every flush follows.
      const fresh: AlertGroup[] = [];
      for (const name of [...byIntegration.keys()].sort()) {
        const { integration, groups } = byIntegration.get(name)!;
        const kept = await receiveGroups(
          tx,
          integration,
          [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
          now,
          results,
        );
        fresh.push(...kept.fresh);
        firingAfter.push(...kept.firing.map((group) => ({ integration: name, group })));
      }
      // Last, once every group of the flush is locked: it takes its channels' locks (digest.ts).
      await admitNewGroups(tx, deps.config, fresh, now);
    });
  // Committed: these are firing as the flush left them (hints only; the steady path checks them).
  for (const { integration, group } of firingAfter)
    hints.remember(integration, group.groupKey, {
      id: group.id,
      severity: group.severity,
      route: group.route,
      messageAt: group.messageAt,
    });
  for (const [i, r] of results.entries()) {
    for (const outcome of ['firing', 'duplicates', 'resolved', 'ignored'] as const) {
      if (r[outcome] > 0)
        deps.metrics.alertsReceived.inc({ integration: deliveries[i].integration.name, outcome }, r[outcome]);
    }
  }
  // A steady flush only re-arms message edits: the runner's own tick finds those due later.
  if (steady ? steady.editDueNow : results.some((r) => r.groups > 0)) kick();
  return results;
}

/**
 * Returns the groups it created that still fire (`fresh`: whether each gets a message of its own is the
 * caller's to say), and every group it left firing.
 */
async function receiveGroups(
  tx: Tx,
  integration: AlertIntegration,
  flush: FlushGroup[],
  now: Date,
  results: IntakeResult[],
): Promise<{ fresh: AlertGroup[]; firing: AlertGroup[] }> {
  const live = new Map(
    (
      await lockLiveGroups(
        tx,
        integration.name,
        flush.map((g) => g.key),
      )
    ).map((g) => [g.groupKey, g]),
  );
  // How the alerts of a resolved group stood: only an alert that starts firing (new, or resolved
  // before) can reopen it; a sender repeating a still-firing alert after someone pressed Resolve must
  // not page again. A firing group's verdict does not turn on it (the write below reads the rest).
  const before = await previousStatuses(
    tx,
    flush
      .filter((g) => live.get(g.key)?.state === 'resolved')
      .flatMap((g) => g.entries.map((e) => ({ groupId: live.get(g.key)!.id, fingerprint: e.alert.fingerprint }))),
  );
  const startsFiring = (g: FlushGroup) => {
    const group = live.get(g.key);
    return g.entries.some(
      (e) => e.alert.status === 'firing' && (!group || before.get(`${group.id}:${e.alert.fingerprint}`) !== 'firing'),
    );
  };
  const verdicts = new Map<string, GroupVerdict>();
  for (const g of flush)
    verdicts.set(g.key, judgeGroup(live.get(g.key) ?? null, startsFiring(g), integration.reopenWithinMs, now));

  // Resolved long enough ago to be history: retire them; these are new problems with new messages.
  const retired = flush.filter((g) => verdicts.get(g.key)!.kind === 'replace').map((g) => live.get(g.key)!.id);
  if (retired.length) await tx.alertGroup.updateMany({ where: { id: { in: retired } }, data: { current: null } });
  const toCreate = flush.filter((g) => ['open', 'replace'].includes(verdicts.get(g.key)!.kind));
  const created = await createLiveGroups(
    tx,
    integration.name,
    toCreate.map((g) => {
      const { name, severity } = routeOf(integration, firingSeverities(g));
      return {
        integration: integration.name,
        groupKey: g.key,
        title: g.first.title,
        route: name,
        severity,
        groupLabels: g.first.groupLabels,
        externalUrl: g.externalUrl,
      };
    }),
    now,
  );
  // received 0: created by this transaction. Otherwise another request created it first (we waited for
  // it, and it counted its alerts): then it was theirs to open.
  const createdHere = new Set(created.filter((g) => g.received === 0).map((g) => g.groupKey));
  const opened = new Set(createdHere);
  for (const g of created) live.set(g.groupKey, g);

  const handled = new Set<string>();
  for (const g of flush) {
    if (verdicts.get(g.key)!.kind !== 'reopen') continue;
    const group = live.get(g.key)!;
    const plan = planReopen(group, await linkedIncident(tx, group.incidentId));
    if (plan.handled) handled.add(g.key);
    live.set(g.key, await reopenGroup(tx, group, routeOf(integration, firingSeverities(g)), plan, now));
    opened.add(g.key);
  }

  const kept = flush.filter((g) => verdicts.get(g.key)!.kind !== 'ignore');
  for (const g of flush)
    if (verdicts.get(g.key)!.kind === 'ignore') for (const e of g.entries) results[e.body].ignored += 1;

  const rows: { groupId: number; alert: IncomingAlert; received: number }[] = [];
  /** Groups whose alerts in this flush all end resolved: only these may have stopped firing. */
  const quietKeys = new Set<string>();
  for (const g of kept) {
    const latest = latestAlerts(g);
    for (const { alert, received } of latest) rows.push({ groupId: live.get(g.key)!.id, alert, received });
    if (latest.every((l) => l.alert.status === 'resolved')) quietKeys.add(g.key);
  }
  // A flush that leaves an alert of a group firing leaves the group firing; only quiet ones need the count.
  const quiet = kept.filter((g) => live.get(g.key)!.state === 'firing' && quietKeys.has(g.key));
  const waitsForCount = new Set(quiet.map((g) => g.key));
  const written = await writeFlush(
    tx,
    {
      alerts: rows,
      groups: kept.map((g) => ({
        id: live.get(g.key)!.id,
        received: g.entries.length,
        truncated: g.truncated,
        externalUrl: g.externalUrl,
      })),
      // A new group's message is the digest's to decide (admitNewGroups); a quiet one's waits for the count.
      messages: kept.filter((g) => !createdHere.has(g.key) && !waitsForCount.has(g.key)).map((g) => live.get(g.key)!),
      quiet: quiet.map((g) => live.get(g.key)!.id),
    },
    now,
  );
  // A group created here (new, or replacing a retired one) has no alerts yet: `before` knows none of its.
  for (const g of kept) countOutcomes(g, live.get(g.key)!.id, written.before, results);

  for (const g of kept) {
    if (!opened.has(g.key)) continue;
    const group = live.get(g.key)!;
    const { paged } = await armOpening(tx, group, routeFor(integration, group.severity).route, handled.has(g.key), now);
    if (paged) results[[...g.bodies][0]].paged += 1;
  }
  // A group follows the most severe alert that fired in it since it opened: a more severe one joining
  // raises its route; one resolving never lowers it (what was paged stays paged).
  for (const g of kept) {
    const group = live.get(g.key)!;
    if (opened.has(g.key) || group.state !== 'firing') continue;
    const to = routeOf(integration, [group.severity, ...firingSeverities(g)]);
    if (routeRank(integration, to.name) >= routeRank(integration, group.route)) continue;
    // A closed incident's hold on the group ends here: otherwise its page_after, its Acknowledge button
    // and an acknowledgement of the new page would all still read the group as handled.
    const incident = await linkedIncident(tx, group.incidentId);
    const letGo = planLetGo(group, incident);
    const current = await letGoOfClosedIncident(tx, group, letGo);
    const handledNow = isHandled(current, letGo.unlinkIncident ? null : incident);
    const raised = await raiseRoute(tx, current, to, handledNow, now);
    live.set(g.key, raised.group);
    if (raised.paged) results[[...g.bodies][0]].paged += 1;
  }
  const resolving = new Set<string>();
  for (const g of quiet) {
    const group = live.get(g.key)!;
    if (stateAfter(written.firing.get(group.id) ?? 0) !== 'resolved') continue;
    await resolveGroup(tx, group, null, now); // asks for the message itself
    resolving.add(g.key);
  }
  const shown = kept.filter((g) => !resolving.has(g.key)).map((g) => live.get(g.key)!);
  // Quiet groups that fire still: their message, which the write left to this count.
  await enqueueGroupMessages(
    tx,
    quiet.filter((g) => !resolving.has(g.key) && !createdHere.has(g.key)).map((g) => live.get(g.key)!),
    now,
  );
  return { fresh: shown.filter((g) => createdHere.has(g.groupKey)), firing: shown.filter((g) => g.state === 'firing') };
}
