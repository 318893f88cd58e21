/**
 * The layout's promises, checked on the code as it is: one home per concept over shared parts, no
 * import climbing back up a layer, only the outbox on the `job` table, pure rules that read no
 * clock and do no IO, and a repo that reads nothing outside itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyseImports, LAYERS, topOf } from '../../scripts/imports';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' || name === 'node_modules' ? [] : tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

const rel = (file: string) => path.relative(SRC, file);
const srcFiles = tsFiles(SRC);
/** Code without comments: a comment may name the table or the clock. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');

/** Pure rules and views: functions of (state, config, now). */
const PURE = [
  'incidents/parseIncidentCommand.ts',
  'incidents/channelName.ts',
  'incidents/roles.ts',
  'incidents/status.ts',
  'incidents/stopwatch.ts',
  'paging/parsePageCommand.ts',
  'paging/escalationSteps.ts',
  'paging/decideEscalation.ts',
  'incidents/reminders/cadence.ts',
  'schedules/handoffs.ts',
  'schedules/parseOncallCommand.ts',
  'schedules/parseOverrideCommand.ts',
  'schedules/coverPlaces.ts',
  'schedules/swapShift.ts',
  'schedules/views/swap.ts',
  'postmortem/markdown.ts',
  'postmortem/cadenceCompliance.ts',
  'postmortem/actionItemViews.ts',
  'postmortem/stats.ts',
  'postmortem/comms.ts',
  'postmortem/summaryBlocks.ts',
  'config/severities.ts',
  'config/alerts.ts',
  'alerts/decision.ts',
  'alerts/decideDigest.ts',
  'alerts/grouping.ts',
  'alerts/signature.ts',
  'home/shifts.ts',
];
const pureFiles = srcFiles.filter((f) => {
  const r = rel(f);
  return (
    PURE.includes(r) ||
    r.startsWith('schedules/rotation/') ||
    r.startsWith('alerts/formats/') ||
    r.startsWith('time/') ||
    r.includes('/views/')
  );
});

/** The folder that alone writes each table; every other folder calls the owner's functions. */
const TABLE_OWNERS: Record<string, string> = {
  job: 'outbox',
  page: 'paging',
  page_notification: 'paging',
  incident: 'incidents',
  alert_group: 'alerts',
  alert_digest: 'alerts',
  alert: 'alerts',
  schedule_override: 'schedules',
  swap_request: 'schedules',
};
const PRISMA_NAMES: Record<string, string> = {
  job: 'job',
  page: 'page',
  pageNotification: 'page_notification',
  incident: 'incident',
  alertGroup: 'alert_group',
  alertDigest: 'alert_digest',
  alert: 'alert',
  scheduleOverride: 'schedule_override',
  swapRequest: 'swap_request',
};

/** The owned tables a piece of code writes: through a Prisma delegate, or in raw SQL. */
function tablesWritten(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(
    /\.(job|page|pageNotification|incident|alertGroup|alertDigest|alert|scheduleOverride|swapRequest)\.(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\(/g,
  ))
    found.add(PRISMA_NAMES[m[1]]);
  for (const m of text.matchAll(
    /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(job|page_notification|page|incident|alert_group|alert_digest|alert|schedule_override|swap_request)\b/gi,
  ))
    found.add(m[1].toLowerCase());
  return [...found];
}

describe('the table-writer check', () => {
  it('finds Prisma and SQL writes of owned tables, and not reads', () => {
    expect(tablesWritten('await tx.page.updateMany({ where: {} })')).toEqual(['page']);
    expect(tablesWritten('await deps.db.incident.update({})')).toEqual(['incident']);
    expect(tablesWritten('await tx.alertGroup.create({})')).toEqual(['alert_group']);
    expect(tablesWritten('tx.$executeRaw`DELETE FROM page_notification WHERE id = 1`')).toEqual(['page_notification']);
    expect(tablesWritten('tx.$executeRaw`UPDATE alert_group g SET x = 1`')).toEqual(['alert_group']);
    expect(tablesWritten('tx.$executeRaw`INSERT INTO alert (id) VALUES (1)`')).toEqual(['alert']);
    expect(tablesWritten('await tx.alertDigest.update({})')).toEqual(['alert_digest']);
    expect(tablesWritten('await tx.scheduleOverride.updateMany({})')).toEqual(['schedule_override']);
    expect(
      tablesWritten('await tx.page.findMany({}); await tx.incident.count(); SELECT id FROM page FOR UPDATE'),
    ).toEqual([]);
  });
});

describe('the layout', () => {
  const figures = analyseImports(SRC);

  it('puts every file of src/ in a known layer', () => {
    const known = LAYERS.flat();
    expect(srcFiles.map((f) => topOf(SRC, f)).filter((top) => !known.includes(top))).toEqual([]);
  });

  it('has no import that climbs back up a layer', () => {
    expect(figures.climbing).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(figures.fileCycles).toEqual([]);
  });

  it('has no import cycle between folders: concepts depend on each other one way', () => {
    expect(figures.folderCycleEdges).toEqual([]);
  });

  it('keeps src/ to folders and the entry point', () => {
    const loose = readdirSync(SRC).filter((name) => !statSync(path.join(SRC, name)).isDirectory());
    expect(loose).toEqual(['main.ts']);
  });

  it('gives each table one writer', () => {
    const offenders = srcFiles.flatMap((f) => {
      const folder = rel(f).split(path.sep)[0];
      return tablesWritten(code(f))
        .filter((table) => TABLE_OWNERS[table] !== folder)
        .map((table) => `${rel(f)} writes ${table} (owned by ${TABLE_OWNERS[table]}/)`);
    });
    expect(offenders).toEqual([]);
  });

  it('writes alert rows in one file, which counts them on their group in the same statement', () => {
    // The steady intake path (alerts/steadyFlush.ts) reads how each alert stood from its snapshot and
    // trusts it because the group row it locked is unchanged: that holds only while every write of
    // `alert` also updates its group, as alerts/flushWrite.ts does.
    const writers = srcFiles.filter((f) => tablesWritten(code(f)).includes('alert')).map(rel);
    // Retention blanks payloads of resolved groups' alerts only, which the steady path never trusts.
    expect(writers).toEqual([path.join('alerts', 'flushWrite.ts'), path.join('alerts', 'payloadRetention.ts')]);
  });

  it('lets only the outbox touch the job table', () => {
    const touching = srcFiles
      .filter((f) => !rel(f).startsWith('outbox/'))
      .filter((f) => /\.job\.|\b(FROM|UPDATE|INTO|JOIN)\s+job\b/.test(code(f)))
      .map(rel);
    expect(touching).toEqual([]);
  });

  it('makes job keys only in outbox/keys.ts', () => {
    // A key literal looks like `escalation:${…}`; outside outbox/keys.ts only the jobKey helpers make them.
    const inline = srcFiles
      .filter((f) => !rel(f).startsWith('outbox/keys.ts'))
      .filter((f) => /\bkey:\s*`/.test(code(f)))
      .map(rel);
    expect(inline).toEqual([]);
  });

  it('keeps the pure rules pure: no clock, no database, no Slack, no outbox', () => {
    expect(pureFiles.length).toBeGreaterThan(20);
    const offenders = pureFiles.flatMap((f) => {
      const text = code(f);
      const problems: string[] = [];
      if (/new Date\(\)|Date\.now\(\)/.test(text)) problems.push('reads the clock');
      for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
        if (/\/(db|outbox)(\/|$)|slack\/(gateway|directory|dm)|\/runtime\/deps$|generated\/prisma/.test(m[1]))
          problems.push(`imports ${m[1]}`);
      }
      return problems.map((p) => `${rel(f)} ${p}`);
    });
    expect(offenders).toEqual([]);
  });

  it('reads the clock only through the injected Clock', () => {
    const readers = srcFiles
      .filter((f) => /new Date\(\)|Date\.now\(\)/.test(code(f)))
      .map(rel)
      // The simulator plays Slack, not the bot: its request signatures carry the real time, as Slack's do.
      .filter((f) => !f.startsWith('slackSimulator/'));
    // clock.ts is the Clock; embeddedPostgres waits for a process to stop (real time, not domain time).
    expect(readers.sort()).toEqual(['common/clock.ts', 'db/embeddedPostgres.ts']);
  });

  it('reads nothing outside the repo (a user clone has no sibling folders)', () => {
    const places = [
      ...tsFiles(path.join(ROOT, 'src')),
      ...tsFiles(path.join(ROOT, 'test')),
      ...tsFiles(path.join(ROOT, 'scripts')),
      ...tsFiles(path.join(ROOT, 'bench')),
    ];
    const others = [path.join(ROOT, 'package.json'), path.join(ROOT, '.ci/run'), path.join(ROOT, 'jest.config.js')];
    const reading = [...places, ...others].filter(
      (f) => f !== __filename && /\.\.\/(\.\.\/)*shared\b/.test(readFileSync(f, 'utf8')),
    );
    expect(reading.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
