/**
 * A channel's alert digest in Slack: posted once in the channel, then edited in place from its groups
 * as they are when the job runs, never more often than a group's message (MESSAGE_EDIT_INTERVAL_MS).
 * Reads are counts and a capped list, so an edit costs the same with 30 groups or 3,000.
 */
import type { Job } from '../generated/prisma/client';
import type { AlertDigest } from '../generated/prisma/client';
import type { PolicyConfig } from '../config/policy';
import type { Deps } from '../runtime/deps';
import type { Db } from '../db/types';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { DeferJob, enqueuePost, jobKey, postMessageOnce, type AlertDigestPayload } from '../outbox';
import { urgencyOf } from './decideDigest';
import { MESSAGE_EDIT_INTERVAL_MS } from './groupPosts';
import { mostUrgentGroups, type UrgentGroup } from './urgentGroups';
import {
  DIGEST_COUNTED,
  DIGEST_LISTED,
  digestBlocks,
  digestText,
  type DigestCount,
  type DigestGroupLine,
  type DigestView,
} from './views/digestMessage';

interface StateCount {
  integration: string;
  severity: string | null;
  state: string;
  acknowledged: boolean;
  moved: boolean;
  page: string | null;
  n: number;
}

export async function loadDigestView(db: Db, config: PolicyConfig, digest: AlertDigest): Promise<DigestView> {
  const [states, names] = await Promise.all([
    db.$queryRaw<StateCount[]>`
      SELECT g.integration, g.severity, g.state, g.acknowledged_at IS NOT NULL AS acknowledged,
        g.left_digest_at IS NOT NULL AS moved,
        (SELECT p.state FROM page p WHERE p.alert_group_id = g.id AND p.state IN ('open', 'exhausted')
          ORDER BY p.id DESC LIMIT 1) AS page,
        count(*)::int AS n
      FROM alert_group g WHERE g.digest_id = ${digest.id}
      GROUP BY 1, 2, 3, 4, 5, 6`,
    // A group's alertname: the label it was grouped by, else its first alert's.
    db.$queryRaw<{ name: string | null; groups: number; firing: number; names: number }[]>`
      SELECT name, count(*)::int AS groups, count(*) FILTER (WHERE state = 'firing')::int AS firing,
        (count(*) OVER ())::int AS names
      FROM (
        SELECT g.state, COALESCE(NULLIF(g.group_labels->>'alertname', ''),
          (SELECT a.labels->>'alertname' FROM alert a WHERE a.group_id = g.id ORDER BY a.fingerprint LIMIT 1)) AS name
        FROM alert_group g WHERE g.digest_id = ${digest.id} AND g.left_digest_at IS NULL) named
      GROUP BY name ORDER BY groups DESC, name LIMIT ${DIGEST_COUNTED}`,
  ]);
  const inDigest = states.filter((s) => !s.moved);
  const sum = (rows: StateCount[]) => rows.reduce((n, r) => n + r.n, 0);
  const firing = inDigest.filter((s) => s.state === 'firing');
  const where = { digestId: digest.id, leftDigestAt: null };
  const top = await mostUrgentGroups(db, config, { ...where, state: 'firing' }, DIGEST_LISTED);
  if (top.rows.length < DIGEST_LISTED)
    top.rows.push(
      ...(await mostUrgentGroups(db, config, { ...where, state: 'resolved' }, DIGEST_LISTED - top.rows.length)).rows,
    );
  return {
    channel: digest.channel,
    maxPerMinute: config.alertDigest.maxPerMinute,
    openedAt: digest.openedAt,
    lastJoinedAt: digest.lastJoinedAt,
    groups: sum(inDigest),
    firing: sum(firing),
    acknowledged: sum(firing.filter((s) => s.acknowledged)),
    paging: sum(firing.filter((s) => !s.acknowledged && s.page === 'open')),
    unanswered: sum(firing.filter((s) => !s.acknowledged && s.page === 'exhausted')),
    resolved: sum(inDigest.filter((s) => s.state === 'resolved')),
    moved: sum(states.filter((s) => s.moved)),
    bySeverity: bySeverity(config, inDigest),
    byAlertname: {
      rows: names.map((r) => ({ name: r.name, groups: r.groups, firing: r.firing })),
      total: names[0]?.names ?? 0,
    },
    top: top.rows.map(lineOf),
  };
}

/** Severity label values, most severe first (by their most urgent route), then the most groups. */
function bySeverity(config: PolicyConfig, states: StateCount[]): DigestCount[] {
  const by = new Map<string | null, DigestCount & { urgency: number }>();
  for (const s of states) {
    const key = s.severity?.toLowerCase() ?? null;
    const entry = by.get(key) ?? { name: s.severity, groups: 0, firing: 0, urgency: Infinity };
    entry.groups += s.n;
    if (s.state === 'firing') entry.firing += s.n;
    entry.urgency = Math.min(entry.urgency, urgencyOf(config, s));
    by.set(key, entry);
  }
  return [...by.values()]
    .sort((a, b) => a.urgency - b.urgency || b.groups - a.groups)
    .map(({ name, groups, firing }) => ({ name, groups, firing }));
}

function lineOf(g: UrgentGroup): DigestGroupLine {
  return {
    id: g.id,
    title: g.title,
    severity: g.severity,
    integration: g.integration,
    state: g.state,
    acknowledgedBy: g.acknowledgedBy,
    page: (g.pages[0]?.state as DigestGroupLine['page'] | undefined) ?? null,
    openedAt: g.openedAt,
  };
}

export async function runDigestMessage(job: Job, deps: Deps) {
  const { digestId } = job.payload as unknown as AlertDigestPayload;
  const now = deps.clock.now();
  const digest = await deps.db.alertDigest.findUnique({ where: { id: digestId } });
  if (!digest) return { skipped: 'digest gone' };
  // Re-armed while an edit was on its way: the next one waits its turn, like a group's.
  const earliest = digest.messageAt ? digest.messageAt.getTime() + MESSAGE_EDIT_INTERVAL_MS : 0;
  if (digest.ts && earliest > now.getTime()) throw new DeferJob(earliest - now.getTime(), 'digest edited moments ago');
  const view = await loadDigestView(deps.db, deps.config, digest);
  const text = digestText(view);
  const blocks = digestBlocks(view, deps.config.timezone);
  if (digest.ts && digest.channelId) {
    await deps.slack.call('chat.update', { channel: digest.channelId, ts: digest.ts, text, blocks });
    await deps.db.alertDigest.update({ where: { id: digestId }, data: { messageAt: now } });
    return { ts: digest.ts, groups: view.groups };
  }
  const posted = await postMessageOnce(deps, job, { channel: digest.channel, text, blocks, part: 'message' });
  await deps.db.alertDigest.update({
    where: { id: digestId },
    data: { channelId: posted.channel, ts: posted.ts, messageAt: now },
  });
  return { channel: posted.channel, ts: posted.ts, groups: view.groups };
}

/** The digest could not be posted (most often: the bot is not in the channel). Its groups' pages still run. */
export async function digestMessageGaveUp(job: Job, deps: Deps, reason: string): Promise<void> {
  const { digestId } = job.payload as unknown as AlertDigestPayload;
  const digest = await deps.db.alertDigest.findUnique({ where: { id: digestId } });
  if (!digest) return;
  const hint = /not_in_channel|channel_not_found/.test(reason)
    ? ` Invite the bot to #${escapeMrkdwn(digest.channel)} (\`/invite @bot\`).`
    : '';
  const text = `:warning: Could not post the alert digest in #${escapeMrkdwn(digest.channel)}: \`${escapeMrkdwn(reason)}\`.${hint} Its alert groups' pages still go out, and this app's Home tab lists every alert group firing.`;
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.alertDigestFailedPost(digest.id),
    incidentId: null,
    to: { kind: 'announce' },
    text,
  });
  deps.log.error({ alertDigestId: digest.id, reason }, 'alert digest could not be posted');
  deps.kick();
}
