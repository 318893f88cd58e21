/**
 * The App Home view (pure): its sections and their order, the orders within them, the caps that keep
 * it under Slack's 100 blocks whatever the counts, the text limits, escaping, and that an unchanged
 * state gives the same JSON a minute later (the refresh skips publishing it).
 */
import { viewErrors } from '../../../../src/slackSimulator/limits';
import { describeReach } from '../../../../src/paging/delivery';
import { schedulesNow, viewerShifts } from '../../../../src/home/shifts';
import { fit } from '../../../../src/home/views/blocks';
import {
  HOME_CAPS,
  homeView,
  type HomeAlertGroup,
  type HomeFollowUp,
  type HomeIncident,
  type HomeViewInput,
  type MyIncident,
  type WaitingPage,
} from '../../../../src/home/views/homeView';
import { fixturePolicy } from '../../../fixtures/policy';

const NOW = new Date('2026-03-04T15:00:00Z');
const VIEWER = 'U0ALICE';
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);

type Block = { type: string; text?: { type: string; text: string }; elements?: { text: string }[] };

function incident(over: Partial<HomeIncident> = {}): HomeIncident {
  const id = over.id ?? 1;
  return {
    id,
    reference: `INC-2026-${String(id).padStart(4, '0')}`,
    title: `Incident ${id}`,
    severity: 'SEV2',
    status: 'investigating',
    channelId: `C0INC${id}`,
    declaredAt: min(-30),
    commanderId: 'U0BOB',
    ...over,
  };
}

function mine(over: Partial<MyIncident> = {}): MyIncident {
  return { ...incident(over), roles: ['ic'], nextUpdateDueAt: min(10), ...over };
}

function page(over: Partial<WaitingPage> = {}): WaitingPage {
  const pageId = over.pageId ?? 1;
  return {
    pageId,
    state: 'open',
    createdAt: min(-5),
    owner: {
      kind: 'incident',
      id: 1,
      reference: 'INC-2026-0001',
      title: 'Incident 1',
      severity: 'SEV1',
      channelId: 'C0INC1',
    },
    reach: describeReach({ pageId, state: over.state ?? 'open', reached: ['U0CCC'], unreachable: [], pending: [] }),
    toViewer: false,
    ...over,
  };
}

function alertGroup(over: Partial<HomeAlertGroup> = {}): HomeAlertGroup {
  const id = over.id ?? 1;
  return {
    id,
    title: `HighErrorRate ${id}`,
    severity: 'critical',
    integration: 'prometheus',
    urgency: 0,
    openedAt: min(-5),
    shown: { kind: 'message', channelId: 'C0ALERTS' },
    acknowledgedBy: null,
    page: 'open',
    incidentId: null,
    ...over,
  };
}

function followUp(over: Partial<HomeFollowUp> = {}): HomeFollowUp {
  const id = over.id ?? 1;
  return {
    id,
    text: `Follow-up ${id}`,
    ownerId: 'U0BOB',
    due: null,
    incidentId: 1,
    reference: 'INC-2026-0001',
    ...over,
  };
}

function input(over: Partial<HomeViewInput> = {}): HomeViewInput {
  return {
    viewerId: VIEWER,
    now: NOW,
    timezone: 'UTC',
    severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
    commands: { incident: '/incident', page: '/page', oncall: '/oncall' },
    mine: { rows: [], total: 0 },
    open: { rows: [], total: 0 },
    notJoined: [],
    pages: { rows: [], total: 0 },
    alertGroups: { rows: [], total: 0 },
    schedules: { rows: [], total: 0 },
    viewerShifts: { current: [], next: null },
    followUps: { rows: [], total: 0 },
    ...over,
  };
}

const blocksOf = (i: HomeViewInput) => homeView(i).blocks as Block[];
const texts = (blocks: Block[]) => blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '');
const headers = (blocks: Block[]) => blocks.filter((b) => b.type === 'header').map((b) => b.text!.text);
/** The section texts between a header starting with `title` and the next header. */
function sectionOf(blocks: Block[], title: string): string[] {
  const start = blocks.findIndex((b) => b.type === 'header' && b.text!.text.startsWith(title));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = blocks.findIndex((b, i) => i > start && b.type === 'header');
  return texts(blocks.slice(start + 1, end === -1 ? undefined : end)).filter((t) => t !== '');
}

describe('the App Home view', () => {
  it('is a home view with the six sections in order', () => {
    const view = homeView(input({ mine: { rows: [mine()], total: 1 }, open: { rows: [incident()], total: 1 } }));
    expect(view.type).toBe('home');
    expect(headers(view.blocks as Block[])).toEqual([
      'Your incidents (1)',
      'Open incidents (1)',
      'Pages waiting for acknowledgement (0)',
      'Alert groups firing (0)',
      'On call',
      'Open follow-ups (0)',
    ]);
  });

  it('says so when there is nothing to show', () => {
    const blocks = blocksOf(input());
    expect(sectionOf(blocks, 'Your incidents')).toEqual(['You hold no role in an open incident.']);
    expect(sectionOf(blocks, 'Open incidents')).toEqual([':white_check_mark: No open incidents.']);
    expect(sectionOf(blocks, 'Pages waiting')).toEqual(['No page is waiting for acknowledgement.']);
    expect(sectionOf(blocks, 'Alert groups firing')).toEqual(['No alert group is firing.']);
    expect(sectionOf(blocks, 'On call')).toEqual(['No on-call schedules are configured.']);
    expect(sectionOf(blocks, 'Open follow-ups')).toEqual(['No follow-up is outstanding.']);
  });

  it("shows the viewer's incidents with their roles, channel and when the next status update is due", () => {
    const due = min(10);
    const [text] = sectionOf(
      blocksOf(
        input({
          mine: { rows: [mine({ roles: ['ic', 'scribe'], severity: 'SEV1', nextUpdateDueAt: due })], total: 1 },
        }),
      ),
      'Your incidents',
    );
    expect(text).toContain('*SEV1 · INC-2026-0001* Incident 1 · <#C0INC1>');
    expect(text).toContain('You are *Incident Commander*, *Scribe* · :mag: investigating');
    expect(text).toContain(
      `Next status update due <!date^${due.getTime() / 1000}^{date_short_pretty} {time}|2026-03-04 15:10 UTC>`,
    );
    // Declared "30 minutes ago", as the reader's client renders it.
    expect(text).toContain(`declared <!date^${min(-30).getTime() / 1000}^{ago}|since 2026-03-04 14:30 UTC>`);
  });

  it('says when a status update is overdue, and when a severity has no cadence', () => {
    const [overdue, none] = sectionOf(
      blocksOf(
        input({
          mine: {
            rows: [
              mine({ id: 1, severity: 'SEV1', nextUpdateDueAt: min(-1) }),
              mine({ id: 2, severity: 'SEV4', nextUpdateDueAt: null }),
            ],
            total: 2,
          },
        }),
      ),
      'Your incidents',
    );
    expect(overdue).toContain(':warning: *Status update overdue* since <!date^');
    expect(overdue).toContain('`/incident status update <status> "…"`');
    expect(none).toContain('No status update cadence for this severity.');
  });

  it('lists open incidents most severe first, then oldest first; unknown severities last', () => {
    const rows = [
      incident({ id: 1, severity: 'SEV3', declaredAt: min(-100) }),
      incident({ id: 2, severity: 'SEV1', declaredAt: min(-10) }),
      incident({ id: 3, severity: 'OLD', declaredAt: min(-500) }),
      incident({ id: 4, severity: 'SEV1', declaredAt: min(-20), channelId: null, commanderId: null }),
      incident({ id: 5, severity: 'SEV2', declaredAt: min(-5) }),
    ];
    const lines = sectionOf(blocksOf(input({ open: { rows, total: 5 } })), 'Open incidents');
    expect(lines.map((l) => /INC-2026-000(\d)/.exec(l)![1])).toEqual(['4', '2', '5', '1', '3']);
    expect(lines[0]).toContain('_channel not created yet_');
    expect(lines[0]).toContain('no IC');
    expect(lines[1]).toContain('<#C0INC2> · :mag: investigating · open <!date^');
    expect(lines[1]).toContain('IC <@U0BOB>');
  });

  it('lists pages nobody acknowledged first, with who each reached, for incidents and alert groups alike', () => {
    const alert = page({
      pageId: 7,
      createdAt: min(-60),
      owner: { kind: 'alert', id: 3, title: 'Disk full on db-1', integration: 'prometheus', channelId: 'C0ALERTS' },
      reach: describeReach({
        pageId: 7,
        state: 'open',
        reached: [],
        unreachable: [{ userId: 'U0DDD', reason: 'user_disabled' }],
        pending: ['U0EEE'],
      }),
    });
    const exhausted = page({ pageId: 9, state: 'exhausted', createdAt: min(-2), toViewer: true });
    const lines = sectionOf(
      blocksOf(input({ pages: { rows: [page({ pageId: 8, createdAt: min(-30) }), alert, exhausted], total: 3 } })),
      'Pages waiting',
    );
    expect(lines.map((l) => /\*Page #(\d+)\*/.exec(l)![1])).toEqual(['9', '7', '8']);
    expect(lines[0]).toContain(':sos: *Nobody acknowledged*');
    expect(lines[0]).toContain('*you were paged*');
    expect(lines[1]).toContain('for alert *Disk full on db-1* (prometheus) in <#C0ALERTS>');
    expect(lines[1]).toContain(
      'Page #7 (open): could not reach <@U0DDD> (their Slack account is deactivated (`user_disabled`)); sending to <@U0EEE>',
    );
    expect(lines[2]).toContain('for *SEV1 · INC-2026-0001* Incident 1 (<#C0INC1>)');
    expect(lines[2]).toContain('Page #8 (open): reached <@U0CCC>');
    expect(lines[2]).not.toContain('you were paged');
  });

  it("shows who is on call on each schedule, and the viewer's shifts", () => {
    const { schedules } = fixturePolicy();
    const specs = Object.values(schedules);
    const lines = sectionOf(
      blocksOf(
        input({
          schedules: { rows: schedulesNow(specs, NOW), total: specs.length },
          viewerShifts: viewerShifts(specs, 'U0CCC', NOW),
        }),
      ),
      'On call',
    );
    const monday = new Date('2026-03-09T14:00:00Z').getTime() / 1000;
    expect(lines[0]).toContain(`:large_green_circle: You are on call now: *primary* until <!date^${monday}^`);
    expect(lines[0]).toContain(
      `Your next shift: *secondary*, <!date^${new Date('2026-03-16T14:00:00Z').getTime() / 1000}^`,
    );
    expect(lines[1]).toContain(`*primary*: <@U0CCC> until <!date^${monday}^`);
    expect(lines[1]).toContain(`*secondary*: <@U0AAA> until <!date^${monday}^`);

    // With more than one layer, each is named; the viewer's shift says which layer it is on.
    const layered = specs.map((s) =>
      s.name === 'primary' ? { ...s, layers: { backup: { kind: 'offset' as const, offset: 1 } } } : s,
    );
    const [aaa, primaryLine] = sectionOf(
      blocksOf(
        input({
          schedules: { rows: schedulesNow(layered, NOW), total: 2 },
          viewerShifts: viewerShifts(layered, 'U0AAA', NOW),
        }),
      ),
      'On call',
    );
    expect(primaryLine).toMatch(/^\*primary\*: primary <@U0CCC> until <!date\^\d+\^[^>]+> · backup <@U0AAA> until /);
    expect(aaa).toContain('You are on call now: *primary* (backup layer) until');
    expect(aaa).toContain('You are on call now: *secondary* until');
    expect(aaa).toContain(`Your next shift: *primary*, <!date^${monday}^`);

    const [nobody] = sectionOf(
      blocksOf(
        input({
          schedules: { rows: schedulesNow(specs, NOW), total: 2 },
          viewerShifts: viewerShifts(specs, VIEWER, NOW),
        }),
      ),
      'On call',
    );
    expect(nobody).toBe('You have no shift coming on any schedule.');
  });

  it("lists open follow-ups, the viewer's first, then by due date, overdue ones marked", () => {
    const rows = [
      followUp({ id: 1, due: '2026-03-20' }),
      followUp({ id: 2, ownerId: VIEWER, due: null }),
      followUp({ id: 3, due: '2026-03-01' }),
      followUp({ id: 4, ownerId: null, due: '2026-03-04' }),
      followUp({ id: 5, ownerId: VIEWER, due: '2026-03-10' }),
    ];
    const lines = sectionOf(blocksOf(input({ followUps: { rows, total: 5 } })), 'Open follow-ups');
    expect(lines.map((l) => /^\*#(\d+)\*/.exec(l)![1])).toEqual(['5', '2', '3', '4', '1']);
    expect(lines[0]).toBe('*#5* Follow-up 5\nINC-2026-0001 · *yours* · due 2026-03-10');
    expect(lines[1]).toContain('*yours* · no due date');
    expect(lines[2]).toContain('<@U0BOB> · :warning: *overdue* (due 2026-03-01)');
    expect(lines[3]).toContain('no owner · *due today*');
  });

  it('lists alert groups firing most urgent first, then newest, with where the channel shows each and its page', () => {
    const rows = [
      alertGroup({ id: 1, urgency: 12, severity: 'info', page: null, openedAt: min(-1) }),
      alertGroup({ id: 2, urgency: 0, openedAt: min(-20), shown: { kind: 'digest', channelId: 'C0ALERTS' } }),
      alertGroup({ id: 3, urgency: 0, openedAt: min(-2), acknowledgedBy: 'U0CCC' }),
      alertGroup({ id: 4, urgency: 6, severity: 'warning', page: 'exhausted', shown: { kind: 'none' } }),
      alertGroup({ id: 5, urgency: 0, openedAt: min(-30), incidentId: 7, shown: { kind: 'digest', channelId: null } }),
    ];
    const lines = sectionOf(blocksOf(input({ alertGroups: { rows, total: 25 } })), 'Alert groups firing');
    expect(lines).toEqual([
      `:large_orange_circle: *[CRITICAL] HighErrorRate 3* (prometheus) · <#C0ALERTS> · open <!date^${NOW.getTime() / 1000 - 120}^{ago}|since 2026-03-04 14:58 UTC>\nAcknowledged by <@U0CCC>`,
      `:red_circle: *[CRITICAL] HighErrorRate 2* (prometheus) · in the digest in <#C0ALERTS> · open <!date^${NOW.getTime() / 1000 - 1200}^{ago}|since 2026-03-04 14:40 UTC>\n:rotating_light: Paging`,
      `:red_circle: *[CRITICAL] HighErrorRate 5* (prometheus) · _digest not posted yet_ · open <!date^${NOW.getTime() / 1000 - 1800}^{ago}|since 2026-03-04 14:30 UTC>\nIncident #7 declared from it`,
      `:red_circle: *[WARNING] HighErrorRate 4* (prometheus) · _message not posted yet_ · open <!date^${NOW.getTime() / 1000 - 300}^{ago}|since 2026-03-04 14:55 UTC>\n:sos: *Nobody acknowledged* its page`,
      `:red_circle: *[INFO] HighErrorRate 1* (prometheus) · <#C0ALERTS> · open <!date^${NOW.getTime() / 1000 - 60}^{ago}|since 2026-03-04 14:59 UTC>\nNot paging`,
      '…and 20 more alert groups firing.',
    ]);
  });

  it('escapes everything people typed', () => {
    const evil = '<!channel> & <@U0BOSS> <https://evil.example|click>';
    const blocks = blocksOf(
      input({
        mine: { rows: [mine({ title: evil })], total: 1 },
        open: { rows: [incident({ title: evil })], total: 1 },
        pages: {
          rows: [page({ owner: { kind: 'alert', id: 1, title: evil, integration: '<!here>', channelId: null } })],
          total: 1,
        },
        alertGroups: { rows: [alertGroup({ title: evil, severity: '<!here>', integration: '<!here>' })], total: 1 },
        followUps: { rows: [followUp({ text: evil })], total: 1 },
      }),
    );
    const all = JSON.stringify(blocks);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).not.toContain('<@U0BOSS>');
    expect(all).not.toContain('<https://evil');
    expect(all.match(/&lt;!channel&gt; &amp; &lt;@U0BOSS&gt;/g)).toHaveLength(5);
    expect(all).toContain('(&lt;!here&gt;)');
    expect(all).toContain('[&lt;!HERE&gt;]');
  });

  it('shows an admin a private incident they are not in by its number and a Join button, nothing more', () => {
    const view = homeView(input({ open: { rows: [incident({ id: 3 })], total: 1 }, notJoined: [9] }));
    const blocks = view.blocks as Block[];
    expect(headers(blocks)).toContain('Open incidents (2)');
    const line = blocks.find((b) => JSON.stringify(b).includes('Private incident #9'))!;
    expect(line).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':lock: *Private incident #9* (you are not a member) · `/incident join 9`' },
      accessory: {
        type: 'button',
        action_id: 'incident_join_private',
        text: { type: 'plain_text', text: 'Join' },
        value: '9',
      },
    });
    expect(viewErrors(view as unknown as Record<string, unknown>)).toEqual([]);
    // Nobody else sees a trace: with no row of theirs, the list is empty.
    expect(texts(homeView(input()).blocks as Block[]).join('\n')).toContain('No open incidents.');
  });

  it('stays within 100 blocks and every text limit with 500 incidents, 500 pages, 500 alert groups, 500 follow-ups and 50 schedules', () => {
    const long = 'x'.repeat(10_000);
    const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i + 1));
    const { schedules } = fixturePolicy();
    const spec = schedules.primary;
    const fifty = many(50, (i) => ({ ...spec, name: `schedule-${i}-${'n'.repeat(200)}` }));
    const everyone = many(300, (i) => `U0P${i}`);
    const view = homeView(
      input({
        mine: { rows: many(500, (id) => mine({ id, title: `${long}&` })), total: 500 },
        open: {
          rows: many(500, (id) => incident({ id, title: long, severity: ['SEV1', 'SEV2', 'SEV3'][id % 3] })),
          total: 500,
        },
        notJoined: many(50, (i) => 1000 + i),
        pages: {
          rows: many(500, (pageId) =>
            page({
              pageId,
              reach: describeReach({
                pageId,
                state: 'open',
                reached: everyone,
                unreachable: everyone.map((userId) => ({ userId, reason: 'user_disabled' })),
                pending: everyone,
              }),
            }),
          ),
          total: 500,
        },
        alertGroups: {
          rows: many(500, (id) =>
            alertGroup({ id, title: `${long}&`, severity: long, integration: long, acknowledgedBy: 'U0CCC' }),
          ),
          total: 500,
        },
        schedules: { rows: schedulesNow(fifty, NOW), total: 50 },
        viewerShifts: viewerShifts(fifty, 'U0CCC', NOW),
        followUps: {
          rows: many(500, (id) => followUp({ id, text: long, ownerId: id % 2 ? VIEWER : 'U0BOB' })),
          total: 500,
        },
      }),
    );
    const blocks = view.blocks as Block[];
    // Slack's own checks (the stand-in's table), not numbers of this test's own.
    expect(viewErrors(view as unknown as Record<string, unknown>)).toEqual([]);
    expect(headers(blocks)).toEqual([
      'Your incidents (500)',
      'Open incidents (550)',
      'Pages waiting for acknowledgement (500)',
      'Alert groups firing (500)',
      'On call',
      'Open follow-ups (500)',
    ]);
    const all = texts(blocks).join('\n');
    expect(all).toContain(`…and ${500 - HOME_CAPS.alertGroups} more alert groups firing.`);
    expect(all).toContain(`…and ${500 - HOME_CAPS.mine} more of your incidents.`);
    expect(all).toContain(`…and ${500 - HOME_CAPS.open} more open incidents.`);
    expect(all).toContain(
      `…and ${50 - HOME_CAPS.notJoined} more private incidents you are not a member of. \`/incident join <number>\` joins one.`,
    );
    expect(all).toContain(`…and ${500 - HOME_CAPS.pages} more pages waiting.`);
    expect(all).toContain(`…and ${50 - HOME_CAPS.schedules} more schedules. \`/oncall\` lists them all.`);
    expect(all).toContain(`…and ${500 - HOME_CAPS.followUps} more follow-ups.`);
    // Cut texts end in an ellipsis and never split a mention or an entity.
    for (const t of texts(blocks)) {
      expect(t).not.toMatch(/<[^>]*$/);
      expect(t).not.toMatch(/&[a-z]{0,3}…/);
    }
    // The most severe shown first; the viewer's follow-ups first.
    expect(
      sectionOf(blocks, 'Open incidents')
        .slice(0, HOME_CAPS.open)
        .every((l) => l.startsWith('*SEV1')),
    ).toBe(true);
    expect(
      sectionOf(blocks, 'Open follow-ups')
        .slice(0, HOME_CAPS.followUps)
        .every((l) => l.includes('*yours*')),
    ).toBe(true);
  });

  it('gives the same view a few minutes later when nothing changed (ages are rendered by Slack)', () => {
    const state = (now: Date) =>
      input({
        now,
        mine: { rows: [mine({ nextUpdateDueAt: min(10) })], total: 1 },
        open: { rows: [incident()], total: 1 },
        pages: { rows: [page()], total: 1 },
        alertGroups: { rows: [alertGroup()], total: 1 },
        followUps: { rows: [followUp({ due: '2026-03-05' })], total: 1 },
      });
    expect(JSON.stringify(homeView(state(min(5))))).toBe(JSON.stringify(homeView(state(NOW))));
    // Crossing the update's due time changes it.
    expect(JSON.stringify(homeView(state(min(11))))).not.toBe(JSON.stringify(homeView(state(NOW))));
  });
});

describe('fit', () => {
  it('cuts at the limit without splitting a token or an entity', () => {
    expect(fit('abc', 3)).toBe('abc');
    expect(fit('hello <@U0ALICE> there', 10)).toBe('hello …');
    expect(fit('a &amp; b', 5)).toBe('a …');
    expect(fit('x'.repeat(50), 10)).toHaveLength(10);
  });
});
