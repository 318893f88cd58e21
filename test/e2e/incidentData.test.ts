/**
 * Data an operator can keep, export or delete: per-kind retention (captured message text, alert
 * payloads, closed incidents), `npm run export` of a real incident with its post-mortem, and
 * `npm run delete-incident` removing an incident with every row that references it — each export and
 * delete leaving an audit line that names the incident but never its text.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/common/logger';
import { parseDuration } from '../../src/time/duration';
import { runExport } from '../../src/cli/export';
import { runDeleteIncident } from '../../src/cli/deleteIncident';
import type { DataCliIo } from '../../src/cli/incidentDataCli';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { fixturePolicy } from '../fixtures/policy';

const NOW = new Date('2026-03-04T15:00:00Z');
const DAY = 24 * 60 * MINUTE;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

describe('incident data', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  describe('retention per kind', () => {
    it('removes captured text and alert payloads past theirs, deletes closed incidents past theirs, keeps the rest', async () => {
      const config = fixturePolicy();
      config.retention = {
        jobsMs: 30 * DAY,
        capturedMessagesMs: parseDuration('365d'),
        alertPayloadsMs: parseDuration('90d'),
        closedIncidentsMs: parseDuration('730d'),
      };
      h = await startHarness({ config, clock: new ManualClock(NOW) });
      const p = h.db.prisma;
      // 1: closed 800 days ago (goes, with its rows); 2: open as long (stays); 3: closed 10 days ago (stays).
      for (const [id, state, closedAt] of [
        [1, 'closed', daysAgo(800)],
        [2, 'open', null],
        [3, 'closed', daysAgo(10)],
      ] as const) {
        await p.incident.create({
          data: {
            id,
            title: `Incident ${id}`,
            severity: 'SEV2',
            reporterId: PEOPLE.alice,
            declaredAt: daysAgo(801),
            state,
            closedAt,
          },
        });
        await p.roleAssignment.create({
          data: {
            incidentId: id,
            role: 'ic',
            userId: PEOPLE.alice,
            assignedBy: PEOPLE.alice,
            assignedAt: daysAgo(801),
          },
        });
        await p.page.create({
          data: { id, incidentId: id, message: 'm', createdAt: daysAgo(801), state: 'cancelled' },
        });
        await p.pageNotification.create({
          data: { pageId: id, level: 0, cycle: 0, userId: PEOPLE.bob, status: 'failed', createdAt: daysAgo(801) },
        });
        await p.actionItem.create({
          data: {
            incidentId: id,
            text: 'Fix it',
            createdBy: PEOPLE.alice,
            createdAt: daysAgo(800),
            updatedAt: daysAgo(800),
          },
        });
        await p.job.create({
          data: {
            key: `job-of-${id}`,
            kind: 'slack.post',
            lane: 'slack',
            incidentId: id,
            payload: {},
            dueAt: daysAgo(800),
            state: 'failed',
            createdAt: daysAgo(800),
          },
        });
      }
      const captured = (incidentId: number, at: Date, sourceTs: string) =>
        p.timelineEvent.create({
          data: {
            incidentId,
            at,
            kind: 'captured',
            actorId: PEOPLE.bob,
            text: `<@${PEOPLE.bob}>: rollback done ${sourceTs}`,
            sourceTs,
          },
        });
      await captured(2, daysAgo(400), 'old');
      await captured(2, daysAgo(300), 'recent');
      await p.timelineEvent.create({ data: { incidentId: 2, at: daysAgo(400), kind: 'note', text: 'A note stays' } });

      // Alerts: a group resolved 100 days ago loses its alerts' labels; a firing group keeps them, however old.
      const group = (id: number, state: string, resolvedAt: Date | null) =>
        p.alertGroup.create({
          data: {
            id,
            integration: 'alertmanager',
            groupKey: `k${id}`,
            current: state === 'firing' ? true : null,
            title: `Group ${id}`,
            route: 'default',
            state,
            groupLabels: { alertname: 'HighLatency' },
            openedAt: daysAgo(120),
            lastAlertAt: daysAgo(100),
            createdAt: daysAgo(120),
            resolvedAt,
            alerts: {
              create: {
                fingerprint: `f${id}`,
                status: state,
                title: 'High latency',
                labels: { alertname: 'HighLatency', pod: 'api-7' },
                annotations: { summary: 'p99 over 2s' },
                links: [{ url: 'https://grafana.example/d/1' }],
                value: '2.3',
                firstSeenAt: daysAgo(120),
                lastSeenAt: daysAgo(100),
              },
            },
          },
        });
      await group(1, 'resolved', daysAgo(100));
      await group(2, 'firing', null);

      await h.settle(); // the retention timer, armed at start, is due now

      expect((await p.incident.findMany({ orderBy: { id: 'asc' } })).map((i) => i.id)).toEqual([2, 3]);
      for (const count of [
        p.roleAssignment.count({ where: { incidentId: 1 } }),
        p.page.count({ where: { id: 1 } }),
        p.pageNotification.count({ where: { pageId: 1 } }),
        p.actionItem.count({ where: { incidentId: 1 } }),
        p.job.count({ where: { incidentId: 1 } }),
      ])
        expect(await count).toBe(0);
      expect(await p.job.count({ where: { key: { in: ['job-of-2', 'job-of-3'] } } })).toBe(2);

      const events = await p.timelineEvent.findMany({ where: { incidentId: 2 }, orderBy: { id: 'asc' } });
      expect(events.map((e) => [e.sourceTs, e.text, e.textRemovedAt])).toEqual([
        ['old', '(message text removed after its retention period)', NOW],
        ['recent', `<@${PEOPLE.bob}>: rollback done recent`, null],
        [null, 'A note stays', null],
      ]);

      const alerts = await p.alert.findMany({ orderBy: { id: 'asc' } });
      expect(alerts.map((a) => [a.groupId, a.labels, a.annotations, a.value, a.payloadRemovedAt])).toEqual([
        [1, {}, {}, null, NOW],
        [2, { alertname: 'HighLatency', pod: 'api-7' }, { summary: 'p99 over 2s' }, '2.3', null],
      ]);
      expect(alerts[0]).toMatchObject({ fingerprint: 'f1', title: 'High latency' });
    });

    it('keeps incident data forever by default', async () => {
      h = await startHarness({ config: 'defaults', clock: new ManualClock(NOW) });
      expect(h.config.retention).toEqual({
        jobsMs: 30 * DAY,
        capturedMessagesMs: null,
        alertPayloadsMs: null,
        closedIncidentsMs: null,
      });
      await h.db.prisma.incident.create({
        data: {
          id: 1,
          title: 'Old',
          severity: 'SEV1',
          reporterId: PEOPLE.alice,
          declaredAt: daysAgo(3000),
          state: 'closed',
          closedAt: daysAgo(3000),
          timeline: { create: { at: daysAgo(3000), kind: 'captured', text: 'said long ago', sourceTs: '1' } },
        },
      });
      await h.settle();
      expect(await h.db.prisma.timelineEvent.findFirstOrThrow()).toMatchObject({
        text: 'said long ago',
        textRemovedAt: null,
      });
    });
  });

  describe('export and delete', () => {
    let out: string[];
    let err: string[];
    let auditLines: Record<string, unknown>[];
    let dir: string;
    const io = (): DataCliIo => ({
      db: h.db.prisma,
      config: h.config,
      operator: 'ops-olga',
      log: createLogger('info', {
        write: (line: string) => void auditLines.push(JSON.parse(line) as Record<string, unknown>),
      }),
      out: (text) => void out.push(text),
      err: (text) => void err.push(text),
      writeFile: (file, text) => fs.writeFileSync(file, text),
    });

    /** Rows per table that reference the incident, counted by hand (not with the code under test). */
    const rowsOf = async (incidentId: number) => {
      const rows = await h.db.prisma.$queryRawUnsafe<{ t: string; n: number }[]>(
        `SELECT 'incident' t, count(*)::int n FROM incident WHERE id = $1
         UNION ALL SELECT 'role_assignment', count(*)::int FROM role_assignment WHERE incident_id = $1
         UNION ALL SELECT 'timeline_event', count(*)::int FROM timeline_event WHERE incident_id = $1
         UNION ALL SELECT 'action_item', count(*)::int FROM action_item WHERE incident_id = $1
         UNION ALL SELECT 'page', count(*)::int FROM page WHERE incident_id = $1
         UNION ALL SELECT 'page_notification', count(*)::int FROM page_notification n JOIN page p ON p.id = n.page_id WHERE p.incident_id = $1
         UNION ALL SELECT 'page_contact', count(*)::int FROM page_contact c JOIN page p ON p.id = c.page_id WHERE p.incident_id = $1
         UNION ALL SELECT 'job', count(*)::int FROM job WHERE incident_id = $1
         UNION ALL SELECT 'alert_group', count(*)::int FROM alert_group WHERE incident_id = $1`,
        incidentId,
      );
      return Object.fromEntries(rows.map((r) => [r.t, r.n]));
    };

    beforeEach(async () => {
      out = [];
      err = [];
      auditLines = [];
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-export-'));
      h = await startHarness({ clock: new ManualClock(NOW) });
      // 1: a SEV1 (paged on declare) with a follow-up and a status update, then closed; 2: still open.
      await h.command({
        text: 'create "Payments down" severity=1',
        userId: PEOPLE.alice,
        channelId: h.channels.general,
      });
      await h.settle();
      const first = await h.db.prisma.incident.findFirstOrThrow({ where: { title: 'Payments down' } });
      const run = (text: string) => h.command({ text, userId: PEOPLE.alice, channelId: first.channelId! });
      await run('action "Add a replica lag alert"');
      await run('status update resolved "Failed over to the replica"');
      await h.advance(10 * MINUTE);
      await run('close');
      await h.settle();
      await h.command({ text: 'create "Search slow" severity=3', userId: PEOPLE.bob, channelId: h.channels.general });
      await h.settle();
      const page = await h.db.prisma.page.findFirstOrThrow({ where: { incidentId: first.id } });
      await h.db.prisma.pageContact.create({
        data: {
          pageId: page.id,
          level: 0,
          cycle: 0,
          userId: PEOPLE.bob,
          ruleStep: 1,
          method: 'sms',
          address: '+15555550100',
          status: 'delivered',
          createdAt: NOW,
        },
      });
      await h.db.prisma.alertGroup.create({
        data: {
          integration: 'alertmanager',
          groupKey: 'payments',
          title: 'Payments 5xx',
          route: 'default',
          groupLabels: {},
          incidentId: first.id,
          openedAt: NOW,
          lastAlertAt: NOW,
          createdAt: NOW,
        },
      });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const noIncidentText = () => {
      const text = JSON.stringify(auditLines);
      expect(text).not.toContain('Payments');
      expect(text).not.toContain('replica');
    };

    it('exports an incident as JSON with its timeline, and its post-mortem as Markdown', async () => {
      expect(await runExport(['--incident', '1'], io())).toBe(0);
      const data = JSON.parse(out.join('')) as {
        incident: { title: string; state: string };
        timeline: { kind: string; text: string }[];
        roles: { role: string; userId: string }[];
        pages: { notifications: unknown[]; contacts: unknown[] }[];
        followUps: { text: string }[];
        alertGroups: { title: string }[];
      };
      expect(data.incident).toMatchObject({ title: 'Payments down', state: 'closed' });
      expect(data.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['declared', 'status', 'closed']));
      expect(data.timeline.some((e) => e.text.includes('Failed over to the replica'))).toBe(true);
      expect(data.roles).toEqual([expect.objectContaining({ role: 'ic', userId: PEOPLE.alice })]);
      expect(data.pages[0].notifications.length).toBeGreaterThan(0);
      expect(data.followUps.map((i) => i.text)).toEqual(['Add a replica lag alert']);
      expect(data.alertGroups.map((g) => g.title)).toEqual(['Payments 5xx']);

      expect(await runExport(['--incident', 'INC-2026-0001', '--out', dir], io())).toBe(0);
      const markdown = fs.readFileSync(path.join(dir, 'incident-1.md'), 'utf8');
      expect(markdown).toMatch(/^# .*INC-2026-0001.*Payments down/m);
      expect(markdown).toContain('Failed over to the replica');
      expect(markdown).toContain('Add a replica lag alert');
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'incident-1.json'), 'utf8'))).toEqual(data);
      out = [];
      expect(await runExport(['--incident', '1', '--markdown'], io())).toBe(0);
      expect(out.join('')).toBe(markdown);

      expect(auditLines).toHaveLength(3);
      expect(auditLines[0]).toMatchObject({ audit: true, action: 'export', incidentId: 1, operator: 'ops-olga' });
      expect(auditLines[0].counts).toMatchObject({ followUps: 1, alertGroups: 1 });
      noIncidentText();
    });

    it('runs as an operator runs it in the container: its own process, DATABASE_URL from a file', async () => {
      const urlFile = path.join(dir, 'database-url');
      fs.writeFileSync(urlFile, `${h.db.url}\n`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--incident', '1'], {
        cwd: path.resolve(__dirname, '../..'),
        env: {
          PATH: process.env.PATH,
          DATABASE_URL_FILE: urlFile,
          INCIDENT_CONFIG: 'test/fixtures/incident.config.yml',
          USER: 'ops-olga',
        },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      expect((JSON.parse(run.stdout) as { incident: { title: string } }).incident.title).toBe('Payments down');
      const auditLine = run.stderr.split('\n').find((line) => line.includes('"audit":true'));
      expect(JSON.parse(auditLine!)).toMatchObject({ action: 'export', incidentId: 1, operator: 'ops-olga' });
    });

    it('says so and exits 1 for an incident that does not exist', async () => {
      expect(await runExport(['--incident', '99'], io())).toBe(1);
      expect(err).toEqual(['No incident 99: nothing exported.']);
      expect(await runExport(['--incident', 'INC-2025-0001'], io())).toBe(1);
      expect(err.at(-1)).toBe('No incident INC-2025-0001: nothing exported.');
      expect(await runExport(['--incident', 'payments'], io())).toBe(2);
      expect(await runDeleteIncident(['--incident', '99', '--yes'], io())).toBe(1);
      expect(err.at(-1)).toBe('No incident 99: nothing deleted.');
      expect(auditLines).toEqual([]);
    });

    it('deletes an incident with every row that references it, leaving the other incident and the alert group', async () => {
      const before = await rowsOf(1);
      const otherBefore = await rowsOf(2);
      expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);

      // Without --yes: what would go, and nothing goes.
      expect(await runDeleteIncident(['--incident', '1'], io())).toBe(2);
      expect(out.join('\n')).toContain(`timelineEvents: ${before.timeline_event}`);
      expect(out.join('\n')).toContain(`pageNotifications: ${before.page_notification}`);
      expect(await rowsOf(1)).toEqual(before);

      // The open one is refused unless forced.
      expect(await runDeleteIncident(['--incident', '2', '--yes'], io())).toBe(1);
      expect(err.at(-1)).toMatch(/still open.*--force/);

      expect(await runDeleteIncident(['--incident', '1', '--yes'], io())).toBe(0);
      expect(Object.values(await rowsOf(1))).toEqual(Object.values(before).map(() => 0));
      expect(await rowsOf(2)).toEqual(otherBefore);
      expect(await h.db.prisma.alertGroup.findFirstOrThrow({ where: { groupKey: 'payments' } })).toMatchObject({
        incidentId: null,
      });

      expect(auditLines.map((l) => [l.action, l.incidentId, l.dryRun, l.operator])).toEqual([
        ['delete-incident', 1, true, 'ops-olga'],
        ['delete-incident', 1, undefined, 'ops-olga'],
      ]);
      expect(auditLines[1].counts).toMatchObject({
        incidents: 1,
        timelineEvents: before.timeline_event,
        jobs: before.job,
      });
      noIncidentText();

      // --force deletes an open one.
      expect(await runDeleteIncident(['--incident', '2', '--yes', '--force'], io())).toBe(0);
      expect(await h.db.prisma.incident.count()).toBe(0);
    });
  });
});
