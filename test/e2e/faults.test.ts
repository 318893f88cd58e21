/**
 * A page never fails in silence. Each test injects one fault through the Slack stand-in (or the
 * database, or a second replica) and checks what the on-call people see: who was paged, that nobody
 * was paged twice, and that a failure needing a human was told to one, and when. Each adds a row to
 * the fault matrix, printed when the suite ends.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { mention } from '../../src/slackSimulator/driver';
import { parsePolicy } from '../../src/config/policy';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { FIXTURE_POLICY_PATH } from '../fixtures/policy';
import { faultMatrix, recordFault, type FaultRow } from '../support/faultMatrix';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embeddedPostgres';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrismaClient } from '../../src/db/prismaClient';
import { freePort } from '../support/freePort';
import { createTestDatabase } from '../support/db';
import { startSlackStandin } from '../../src/slackSimulator/standin';
import { slackDriver } from '../../src/slackSimulator/driver';
import { startMain } from '../support/mainProcess';

const START = '2026-03-04T15:00:00Z'; // primary on call: U0CCC; secondary: U0AAA
const TWO_MINUTES = 2 * MINUTE;

const pageDms = (h: Harness, user: string) => h.slack.dmsTo(user).filter(isPageDm);

const isPageDm = (m: { text?: string; blocks?: unknown[] }) =>
  /You are paged/.test(m.text ?? '') || JSON.stringify(m.blocks ?? []).includes('page_acknowledge');

/** Page DMs to anyone at all: what a scenario that must page nobody counts. */
function allPageDms(h: Pick<Harness, 'slack'>): number {
  let n = 0;
  for (const channel of h.slack.workspace.channels.values()) {
    if (channel.isIm) n += (h.slack.workspace.messages.get(channel.id) ?? []).filter(isPageDm).length;
  }
  return n;
}

/** Messages posted twice under one outbox key, anywhere in the workspace. */
function duplicates(h: Pick<Harness, 'slack'>): number {
  const keys: string[] = [];
  for (const messages of h.slack.workspace.messages.values()) {
    for (const m of messages) {
      const key = m.metadata?.event_payload?.key;
      if (typeof key === 'string') keys.push(key);
    }
  }
  return keys.length - new Set(keys).size;
}

/** Advance in steps until `told()` is true; returns how long that took (injected clock). */
async function advanceUntil(h: Harness, told: () => boolean, stepMs: number, maxMs: number): Promise<number | null> {
  for (let waited = 0; waited <= maxMs; waited += stepMs) {
    if (told()) return waited;
    await h.advance(stepMs);
  }
  return told() ? maxMs : null;
}

/** Told-after figures are on the injected clock (h.advance), so the 2-minute target is about behaviour, not speed. */
function assertTargets(row: FaultRow): void {
  if (row.pages) expect(row.pages.delivered).toBe(row.pages.due);
  expect(row.duplicates).toBe(0);
  if (typeof row.toldAfterMs === 'number') expect(row.toldAfterMs).toBeLessThanOrEqual(TWO_MINUTES);
}

afterAll(() => {
  process.stdout.write(`\n${faultMatrix()}\n\n`);
});

describe('a page never fails in silence', () => {
  let h: Harness;
  let stopped = true;
  const cleanups: (() => Promise<void>)[] = [];
  const started = (harness: Harness) => {
    stopped = false;
    return harness;
  };
  afterEach(async () => {
    if (!stopped) await h.stop();
    stopped = true;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const declareSev1 = async (title = 'Payments down') => {
    const res = await h.command({
      text: `create "${title}" severity=1`,
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(res.text).toMatch(/Declared incident/);
  };
  const incident = () => h.db.prisma.incident.findFirstOrThrow();
  const channelText = async () => {
    const { channelId } = await incident();
    return channelId
      ? h.slack
          .messagesIn(channelId)
          .map((m) => m.text ?? '')
          .join('\n')
      : '';
  };

  it('1. a /page naming a layer the schedule does not have is refused, naming the layers; nobody is paged', async () => {
    h = started(await startHarness({ clock: new ManualClock(START) }));
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const { channelId } = await incident();
    const res = await h.command({
      command: '/page',
      text: `${mention.user(PEOPLE.bob, 'bob')} primary/nosuch "help"`,
      userId: PEOPLE.alice,
      channelId: channelId!,
    });
    expect(res.text).toMatch(/Schedule primary has no layer "nosuch"\. Its layers: primary/);
    // A person Slack does not know is refused too, after the ack (it needs Slack), with nothing paged.
    const ghost = await h.command({
      command: '/page',
      text: `${mention.user('U0GHOST', 'ghost')} "help"`,
      userId: PEOPLE.alice,
      channelId: channelId!,
    });
    expect(ghost.text).toMatch(/Nobody was paged: Slack has no user user:U0GHOST \(user_not_found\)/);
    h.slack.deactivateUser(PEOPLE.carol);
    const gone = await h.command({
      command: '/page',
      text: `${mention.user(PEOPLE.carol, 'carol')} "help"`,
      userId: PEOPLE.alice,
      channelId: channelId!,
    });
    expect(gone.text).toMatch(/Nobody was paged: <@U0CAROL> is deactivated in Slack/);
    await h.settle();
    expect(pageDms(h, PEOPLE.bob)).toHaveLength(0);
    expect(await h.db.prisma.page.count()).toBe(0);
    assertTargets(
      recordFault({
        fault: '/page with an unknown layer, user or deactivated user',
        // Nobody may be paged; the refusal is the command's own reply (checked above), not a delay to measure.
        pages: { due: 0, delivered: allPageDms(h) },
        duplicates: duplicates(h),
      }),
    );
  });

  it('2. channel set-up failing for minutes: a human is told within 2 minutes, waiting work backs off, and everything lands once Slack recovers', async () => {
    h = started(await startHarness({ clock: new ManualClock(START) }));
    h.slack.failNext('conversations.create', { status: 503 }, 10_000);
    const runsBefore = () => h.slack.callsTo('conversations.create').length;
    await declareSev1();
    await h.settle();
    // The page does not wait for the channel.
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1);
    const toldReporter = () =>
      h.slack.dmsTo(PEOPLE.alice).some((m) => /Incident #1 · SEV1 "Payments down".*has no channel/.test(m.text ?? ''));
    const toldAnnounce = () =>
      h.slack
        .messagesIn(h.channels.incidents)
        .some((m) => /Incident #1 · SEV1 "Payments down".*has no channel/.test(m.text ?? ''));
    const toldAfter = await advanceUntil(h, () => toldReporter() && toldAnnounce(), 10_000, 3 * MINUTE);
    expect(toldAfter).not.toBeNull();
    const text = h.slack
      .messagesIn(h.channels.incidents)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(text).toMatch(/last error: `conversations.create: http_503`\)\. The bot keeps trying/);
    expect(text).toMatch(/`\/incident close 1` works from any channel/);
    expect(await incident()).toMatchObject({ channelId: null, provisionError: null, state: 'open' });

    // While it waits, nothing in the queue runs more than a few times a minute.
    const before = runsBefore();
    await advanceUntil(h, () => false, 10_000, 2 * MINUTE);
    const perMinute = (runsBefore() - before) / 2;
    expect(perMinute).toBeLessThanOrEqual(3 * 3); // ≤ 3 set-up runs a minute, each at most 3 HTTP tries (the gateway's quick retries are off for create)
    const waiting = await h.db.prisma.job.findMany({ where: { state: 'pending', lane: 'slack' } });
    expect(waiting.length).toBeGreaterThan(0);
    const now = h.clock.now().getTime();
    for (const job of waiting) expect(job.dueAt.getTime() - now).toBeGreaterThanOrEqual(0);

    // Slack recovers: the channel, its summary and the queued posts arrive, each once.
    h.slack.reset();
    await h.advance(30_000);
    await h.advance(30_000);
    const { channelId } = await incident();
    expect(channelId).not.toBeNull();
    expect(h.slack.pinsIn(channelId!)).toHaveLength(1);
    expect(
      h.slack.messagesIn(h.channels.incidents).filter((m) => /SEV1 incident declared/.test(m.text ?? '')),
    ).toHaveLength(1);
    expect(await channelText()).toContain(`Paged <@${PEOPLE.ccc}> — level 1.`);
    assertTargets(
      recordFault({
        fault: 'conversations.create answers 503 for 4 minutes',
        pages: { due: 1, delivered: pageDms(h, PEOPLE.ccc).length },
        duplicates: duplicates(h),
        toldAfterMs: toldAfter,
      }),
    );
  });

  it('3. a page DM to a deactivated person: the channel says who could not be reached and why, and the next level is paged at once', async () => {
    h = started(await startHarness({ clock: new ManualClock(START) }));
    h.slack.deactivateUser(PEOPLE.ccc);
    await declareSev1();
    await h.settle();
    const { channelId } = await incident();
    const toldAfter = await advanceUntil(
      h,
      () =>
        h.slack
          .messagesIn(channelId!)
          .some((m) => (m.text ?? '').includes(`Could not reach <@${PEOPLE.ccc}> for page #1`)),
      5_000,
      3 * MINUTE,
    );
    expect(toldAfter).not.toBeNull();
    const text = await channelText();
    expect(text).toContain(
      `Could not reach <@${PEOPLE.ccc}> for page #1 (level 1): their Slack account is deactivated (\`user_disabled\`).`,
    );
    expect(text).toContain('Nobody at level 1 of page #1 could be reached; escalating now.');
    // Not after the 5-minute timeout: now.
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(1);
    expect(pageDms(h, PEOPLE.manager)).toHaveLength(1);
    expect(text).not.toContain(`Paged <@${PEOPLE.ccc}>, `);
    const notification = await h.db.prisma.pageNotification.findFirstOrThrow({ where: { userId: PEOPLE.ccc } });
    expect(notification).toMatchObject({ status: 'failed', failure: 'user_disabled', ts: null });
    const delivered = await h.db.prisma.pageNotification.findMany({ where: { status: 'delivered' } });
    expect(delivered.map((n) => n.userId).sort()).toEqual([PEOPLE.aaa, PEOPLE.manager].sort());
    // The pinned summary shows who was actually reached.
    const summary = JSON.stringify(h.slack.pinsIn(channelId!)[0].blocks);
    expect(summary).toContain(
      `Page #1 (open): reached <@${PEOPLE.aaa}>, <@${PEOPLE.manager}>; could not reach <@${PEOPLE.ccc}> (their Slack account is deactivated`,
    );
    // And so does the post-mortem.
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId: channelId! });
    // The draft goes to the incident channel first, a second after the close's own post there (Slack's
    // one message a second per channel), then to #engineering.
    await h.advance(2_000);
    const draft = JSON.stringify(h.slack.messagesIn(h.channels.engineering)[0].blocks);
    expect(draft).toContain(`could not reach <@${PEOPLE.ccc}>`);
    assertTargets(
      recordFault({
        fault: 'page DM to a deactivated person (user_disabled)',
        pages: { due: 2, delivered: pageDms(h, PEOPLE.aaa).length + pageDms(h, PEOPLE.manager).length },
        duplicates: duplicates(h),
        toldAfterMs: toldAfter,
      }),
    );
  });

  it('3b. DMs to one person keep failing (5xx): given up within 2 minutes, said in the channel, and the page moves on', async () => {
    h = started(await startHarness({ clock: new ManualClock(START) }));
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const { channelId } = await incident();
    h.slack.failNext('conversations.open', { status: 503 }, 10_000);
    const res = await h.command({
      command: '/page',
      text: `${mention.user(PEOPLE.bob, 'bob')} "DB failover"`,
      userId: PEOPLE.alice,
      channelId: channelId!,
    });
    expect(res.text).toMatch(/Paging now \(page #1\)/);
    await h.settle();
    const told = () =>
      h.slack
        .messagesIn(channelId!)
        .some((m) =>
          /Could not reach <@U0BOB> for page #1 \(the people paged directly\): Slack kept failing \(http_503\)/.test(
            m.text ?? '',
          ),
        );
    const toldAfter = await advanceUntil(h, told, 5_000, 3 * MINUTE);
    expect(toldAfter).not.toBeNull();
    expect(await h.db.prisma.pageNotification.findFirstOrThrow()).toMatchObject({ status: 'failed' });
    // SEV3 has no policy to fall through to: the page is exhausted at once, loudly.
    h.slack.reset();
    await h.settle();
    expect(
      h.slack.messagesIn(channelId!).some((m) => /<!here> \*Nobody acknowledged page #1\*/.test(m.text ?? '')),
    ).toBe(true);
    assertTargets(
      recordFault({
        fault: 'conversations.open answers 503 for one person',
        // The one person paged cannot be reached, so no page DM is due; any that arrived would be counted.
        pages: { due: 0, delivered: allPageDms(h) },
        duplicates: duplicates(h),
        toldAfterMs: toldAfter,
      }),
    );
  });

  it('4. two replicas, and a Slack that acted but answered after the lease ran out: nothing is posted twice', async () => {
    h = started(await startHarness({ clock: new ManualClock(START), runnerOptions: { leaseMs: 60_000 } }));
    const held = h.slack.holdResponses('chat.postMessage');
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    const settling = h.settle(); // replica A: creates the channel, posts the summary, and waits for Slack's answer
    await h.slack.waitFor(() => held.held() === 1, { what: 'the summary post to reach Slack' });
    const replicaB = await h.startReplica({ leaseMs: 60_000 });
    h.clock.advance(60_001); // A's lease runs out while it waits
    const bDone = replicaB.runner.drain();
    await h.slack.waitFor(() => h.slack.callsTo('conversations.history').length > 0, {
      what: 'replica B to look for the earlier summary',
    });
    held.release(); // Slack's late answers arrive: A's (stale) and B's
    await Promise.all([settling, bDone]);
    await h.settle();
    await replicaB.runner.drain();
    const { channelId } = await incident();
    expect(
      h.slack.messagesIn(channelId!).filter((m) => /^Incident #1: SEV3 Checkout slow/.test(m.text ?? '')),
    ).toHaveLength(1);
    expect(
      h.slack.messagesIn(h.channels.incidents).filter((m) => /SEV3 incident declared/.test(m.text ?? '')),
    ).toHaveLength(1);
    expect(h.slack.callsTo('conversations.create')).toHaveLength(1);
    assertTargets(
      recordFault({
        fault: 'chat.postMessage answered after the 60 s lease, 2 replicas',
        // SEV3 pages nobody.
        pages: { due: 0, delivered: allPageDms(h) },
        duplicates: duplicates(h),
        toldAfterMs: null,
      }),
    );
  });

  it('4b. a burst of ratelimited answers on chat.postMessage with two replicas: every page lands once', async () => {
    h = started(await startHarness({ clock: new ManualClock(START) }));
    const replicaB = await h.startReplica();
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 30);
    for (let i = 0; i < 4; i++) await declareSev1(`Outage ${i}`);
    for (let round = 0; round < 20; round++) {
      await Promise.all([h.app.runner.drain(), replicaB.runner.drain()]);
      h.clock.advance(2_000);
    }
    await Promise.all([h.app.runner.drain(), replicaB.runner.drain()]);
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(4);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.status === 429).length).toBe(30);
    assertTargets(
      recordFault({
        fault: '30 × 429 ratelimited on chat.postMessage, 2 replicas',
        pages: { due: 4, delivered: pageDms(h, PEOPLE.ccc).length },
        duplicates: duplicates(h),
        toldAfterMs: null,
      }),
    );
  });

  it('5. only role holders and admins close, change severity or reassign; Acknowledge only by someone paged', async () => {
    const raw = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
    h = started(
      await startHarness({
        clock: new ManualClock(START),
        config: parsePolicy({ ...raw, admins: [`user:${PEOPLE.manager}`, 'usergroup:S0SRE'] }, 'test'),
      }),
    );
    await declareSev1();
    await h.settle();
    const { channelId } = await incident();
    // From another channel, by someone with no role: refused, and it says who may.
    const refused = await h.command({ text: 'close 1', userId: PEOPLE.bob, channelId: h.channels.engineering });
    expect(refused.text).toMatch(
      /^Only the incident's role holders — <@U0ALICE> \(Incident Commander\) — and the bot's admins can close incident #1/,
    );
    expect((await h.command({ text: 'severity 2', userId: PEOPLE.bob, channelId: channelId! })).text).toMatch(
      /can change the severity of incident #1/,
    );
    expect(
      (
        await h.command({
          text: `assign ic ${mention.user(PEOPLE.bob, 'bob')}`,
          userId: PEOPLE.bob,
          channelId: channelId!,
        })
      ).text,
    ).toMatch(/can assign roles in incident #1/);
    expect((await incident()).state).toBe('open');
    // Anyone may post a status update or a note.
    expect(
      (await h.command({ text: 'note "seen on EU only"', userId: PEOPLE.bob, channelId: channelId! })).text,
    ).toMatch(/Note added/);
    // Acknowledge from someone the page was not sent to.
    const value = JSON.stringify({ pageId: 1, level: 0, cycle: 0 });
    expect(await h.click({ userId: PEOPLE.bob, actionId: 'page_acknowledge', value })).toMatch(
      /Page #1 was not sent to you/,
    );
    expect((await h.db.prisma.page.findFirstOrThrow()).state).toBe('open');
    expect(await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value })).toMatch(
      /You acknowledged page #1/,
    );
    // An admin by user group (S0SRE has U0SRE1) may, from anywhere.
    expect((await h.command({ text: 'severity 2', userId: PEOPLE.sre1, channelId: channelId! })).text).toMatch(
      /is now SEV2/,
    );
    expect(
      (await h.command({ text: 'close 1', userId: PEOPLE.manager, channelId: h.channels.engineering })).text,
    ).toMatch(/Incident #1 closed/);
  });

  it('5b. /page takes at most 20 targets, and one person at most 10 pages in 10 minutes', async () => {
    h = started(await startHarness({ clock: new ManualClock(START) }));
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const { channelId } = await incident();
    const many = Array.from({ length: 21 }, (_, i) => mention.user(`U0X${i}`, `x${i}`)).join(' ');
    expect(
      (await h.command({ command: '/page', text: `${many} "help"`, userId: PEOPLE.alice, channelId: channelId! })).text,
    ).toMatch(/one page may name at most 20/);
    for (let i = 0; i < 10; i++) {
      expect(
        (
          await h.command({
            command: '/page',
            text: `${mention.user(PEOPLE.bob, 'bob')} "ping ${i}"`,
            userId: PEOPLE.alice,
            channelId: channelId!,
          })
        ).text,
      ).toMatch(/Paging now/);
    }
    const eleventh = await h.command({
      command: '/page',
      text: `${mention.user(PEOPLE.bob, 'bob')} "ping 10"`,
      userId: PEOPLE.alice,
      channelId: channelId!,
    });
    expect(eleventh.text).toMatch(/You have started 10 pages in the last 10m; the limit is 10\. Nothing was sent/);
    h.clock.advance(10 * MINUTE);
    expect(
      (
        await h.command({
          command: '/page',
          text: `${mention.user(PEOPLE.bob, 'bob')} "later"`,
          userId: PEOPLE.alice,
          channelId: channelId!,
        })
      ).text,
    ).toMatch(/Paging now \(page #11\)/);
  });

  it('7. Postgres restarted mid-escalation: no crash, /healthz 503 while down, and the escalation resumes by itself with 0 lost', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-bot-pg-restart-'));
    fs.chmodSync(root, 0o755); // as root, Postgres runs as user postgres, who must reach it
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    let pg: EmbeddedPostgresHandle | null = await startEmbeddedPostgres({ dataDir, port });
    cleanups.push(async () => {
      await pg?.stop().catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    });
    await migrateDatabase(pg.connectionString);
    const prisma = createPrismaClient(pg.connectionString);
    h = started(
      await startHarness({
        clock: new ManualClock('2026-03-04T15:00:00Z'),
        database: { url: pg.connectionString, prisma, drop: async () => prisma.$disconnect() },
      }),
    );
    const base = `http://127.0.0.1:${h.app.port}`;
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1);

    await pg.stop(); // the database goes away with level 2 due in 5 minutes
    pg = null;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, database: 'down' });
    h.clock.advance(5 * MINUTE);
    // Ticks while it is down fail and are logged; nothing crashes, nothing is lost.
    await h.app.runner.tick().catch(() => undefined);
    await h.app.runner.tick().catch(() => undefined);
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(0);

    pg = await startEmbeddedPostgres({ dataDir, port });
    const back = await waitForHealthy(base);
    expect(back).toBe(200);
    await h.settle();
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(1);
    expect(pageDms(h, PEOPLE.manager)).toHaveLength(1);
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1);
    assertTargets(
      recordFault({
        fault: 'Postgres stopped and restarted mid-escalation',
        pages: {
          due: 3,
          delivered: pageDms(h, PEOPLE.ccc).length + pageDms(h, PEOPLE.aaa).length + pageDms(h, PEOPLE.manager).length,
        },
        duplicates: duplicates(h),
        toldAfterMs: null,
      }),
    );
  }, 90_000);

  it('8. SIGTERM during a send: claiming stops, the send in flight finishes, the pool closes, exit 0; a second signal exits at once', async () => {
    const slack = await startSlackStandin();
    const db = await createTestDatabase();
    cleanups.push(async () => {
      await slack.close();
      await db.drop();
    });
    slack.addUser({ id: PEOPLE.alice, name: 'alice' });
    slack.addChannel({ name: 'incidents' });
    slack.addChannel({ name: 'engineering' });
    const general = slack.addChannel({ name: 'general', members: [PEOPLE.alice] });

    const run = await startMain({ slack, dbUrl: db.url, shutdownTimeout: '5s' });
    const driver = slackDriver({
      url: `http://127.0.0.1:${run.port}/slack/events`,
      signingSecret: 's',
      responseUrlFor: slack.responseUrl,
    });
    const held = slack.holdResponses('chat.postMessage');
    const declared = await driver.command({
      text: 'create "Payments down" severity=3',
      userId: PEOPLE.alice,
      channelId: general.id,
      responseUrl: slack.responseUrl('declare'),
    });
    expect(declared.status).toBe(200);
    await slack.waitFor(() => held.held() >= 1, { what: 'the summary post to be in flight', timeoutMs: 10_000 });
    run.child.kill('SIGTERM');
    // Slack answers only once the bot has begun shutting down: the send is in flight across the signal, whatever the machine's speed.
    await slack.waitFor(() => /"msg":"shutting down"/.test(run.output()), {
      what: 'the bot to start shutting down',
      timeoutMs: 10_000,
    });
    held.release();
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/"msg":"shutting down"/);
    expect(exit.stdout).toMatch(/"msg":"stopped"/);
    expect(exit.stdout).not.toMatch(/shutdown timeout/);
    // The send in flight was finished and recorded, once.
    const channel =
      slack.channelByName('incident-20260304-payments-down') ??
      [...slack.workspace.channels.values()].find((c) => c.name.startsWith('incident-'));
    expect(
      slack.messagesIn(channel!.id).filter((m) => /^Incident #1: SEV3 Payments down/.test(m.text ?? '')),
    ).toHaveLength(1);
    const incident = await db.prisma.incident.findFirstOrThrow();
    expect(incident.summaryTs).not.toBeNull();

    // A second run whose send never gets an answer: the bound holds, and exit is still 0.
    const stuck = await startMain({ slack, dbUrl: db.url, shutdownTimeout: '2s' });
    const neverAnswered = slack.holdResponses('chat.postMessage');
    const driver2 = slackDriver({
      url: `http://127.0.0.1:${stuck.port}/slack/events`,
      signingSecret: 's',
      responseUrlFor: slack.responseUrl,
    });
    await driver2.command({
      text: 'create "Checkout slow" severity=3',
      userId: PEOPLE.alice,
      channelId: general.id,
      responseUrl: slack.responseUrl('declare-2'),
    });
    await slack.waitFor(() => neverAnswered.held() >= 1, { what: 'a post to be in flight', timeoutMs: 10_000 });
    stuck.child.kill('SIGTERM');
    const stuckExit = await stuck.exited;
    expect(stuckExit.code).toBe(0);
    expect(stuckExit.stdout).toMatch(/work still in flight at the shutdown timeout/);

    // A second signal exits at once, whatever is in flight.
    const impatient = await startMain({ slack, dbUrl: db.url, shutdownTimeout: '30s' });
    const driver3 = slackDriver({
      url: `http://127.0.0.1:${impatient.port}/slack/events`,
      signingSecret: 's',
      responseUrlFor: slack.responseUrl,
    });
    await driver3.command({
      text: 'create "Search down" severity=3',
      userId: PEOPLE.alice,
      channelId: general.id,
      responseUrl: slack.responseUrl('declare-3'),
    });
    await slack.waitFor(() => neverAnswered.held() >= 2, { what: 'a post to be in flight', timeoutMs: 10_000 });
    impatient.child.kill('SIGTERM');
    // The second signal once the first has been taken (not after a guessed delay).
    await slack.waitFor(() => /"msg":"shutting down"/.test(impatient.output()), {
      what: 'the bot to start shutting down',
      timeoutMs: 10_000,
    });
    impatient.child.kill('SIGINT');
    const impatientExit = await impatient.exited;
    expect(impatientExit.code).toBe(130);
    expect(impatientExit.stdout).toMatch(/second signal: exiting now/);
    neverAnswered.release();
    assertTargets(
      recordFault({
        fault: 'SIGTERM during a send (then a stuck send, then a second signal)',
        // SEV3 pages nobody.
        pages: { due: 0, delivered: allPageDms({ slack }) },
        duplicates: duplicates({ slack }),
        toldAfterMs: null,
      }),
    );
  }, 60_000);

  it('6. Slack refuses the bot itself (invalid_auth): /readyz and the metric turn red, nothing is dropped, and all of it goes out once the token works', async () => {
    h = started(await startHarness({ clock: new ManualClock(START) }));
    const base = `http://127.0.0.1:${h.app.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (const method of ['conversations.create', 'conversations.open', 'chat.postMessage'])
      h.slack.failNext(method, { error: 'invalid_auth' }, 10_000);
    await declareSev1();
    await h.settle();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      ok: false,
      slack: expect.stringMatching(/refuses the bot's token or scopes \(.*invalid_auth\)/),
    });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^incident_bot_slack_app_ok 0$/m);
    await advanceUntil(h, () => false, 30_000, 10 * MINUTE);
    // Ten minutes of invalid_auth: every job is still pending, none failed, none given up.
    expect(await h.db.prisma.job.count({ where: { state: 'failed' } })).toBe(0);
    expect(await h.db.prisma.pageNotification.count({ where: { status: 'failed' } })).toBe(0);
    h.slack.reset(); // the admin reinstalls the app
    await advanceUntil(h, () => pageDms(h, PEOPLE.ccc).length > 0, 30_000, 10 * MINUTE);
    await h.advance(5 * MINUTE);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^incident_bot_slack_app_ok 1$/m);
    expect((await incident()).channelId).not.toBeNull();
    assertTargets(
      recordFault({
        fault: 'invalid_auth on every write for 10 minutes',
        pages: { due: 1, delivered: pageDms(h, PEOPLE.ccc).length },
        duplicates: duplicates(h),
        toldAfterMs: null,
      }),
    );
  });
});

async function waitForHealthy(base: string): Promise<number> {
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await fetch(`${base}/healthz`)).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  return status;
}
