/**
 * A private incident's post-mortem and alerts keep it among its members: the draft goes to
 * `channels.private_postmortem` (a private channel the bot is in) or only to the incident channel,
 * never to #engineering; an alert route marked `private: true` declares a private incident, and the
 * alert channel hears its number only, never its channel.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parsePolicy, type PolicyConfig } from '../../src/config/policy';
import { openAppHome } from '../support/appHome';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { FIXTURE_POLICY_PATH } from '../fixtures/policy';
import {
  alertChannel,
  alertFixture,
  alertsPolicy,
  buttonValue,
  postAlerts,
  settleAlertMessages,
  shown,
} from '../support/alerts';

const START = '2026-03-04T15:00:00Z';
const TITLE = 'Secret title';

/** The fixture policy with `channels` replaced. */
function policyWith(channels: Record<string, string>): PolicyConfig {
  const base = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
  return parsePolicy({ ...base, channels }, 'private post-mortem test policy');
}

/** Everything a channel shows, messages (text and blocks) and shared files' names and content. */
function everythingIn(h: Harness, channelId: string): string {
  return [
    ...h.slack.messagesIn(channelId).map(shown),
    ...h.slack.filesIn(channelId).map((f) => `${f.name}\n${f.title}\n${f.content}`),
  ].join('\n');
}

describe('a private incident after it closes', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  /** Declares a private SEV2 as alice, closes it from its channel, and lets the outbox run. */
  async function declareAndClose(h: Harness): Promise<{ channelId: string; closed: string }> {
    const created = await h.command({
      text: `create "${TITLE}" severity=2 private`,
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(created.text).toMatch(/#1/);
    await h.settle();
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.private).toBe(true);
    const channelId = incident.channelId!;
    const closed = (await h.command({ text: 'close', userId: PEOPLE.alice, channelId })).text;
    await h.settle();
    return { channelId, closed };
  }

  it('with no private post-mortem channel: the draft and its summary are in the incident channel only', async () => {
    h = await startHarness({ clock: new ManualClock(START) });
    const { channelId } = await declareAndClose(h);

    const files = h.slack.filesIn(channelId);
    expect(files).toHaveLength(1);
    expect(files[0].content).toContain(TITLE);
    expect(
      h.slack.messagesIn(channelId).some((m) => (m.text ?? '').startsWith('Post-mortem draft: INC-2026-0001')),
    ).toBe(true);
    expect(
      h.slack.messagesIn(channelId).some((m) => /post-mortem draft is on its way to this channel/.test(m.text ?? '')),
    ).toBe(true);

    // Nowhere else: not #engineering (the public post-mortem channel), #incidents or #general.
    for (const other of [h.channels.engineering, h.channels.incidents, h.channels.general]) {
      expect(h.slack.filesIn(other)).toHaveLength(0);
      expect(everythingIn(h, other)).not.toContain(TITLE);
    }
    expect(h.slack.callsTo('files.completeUploadExternal').map((c) => c.args.channel_id)).toEqual([channelId]);

    // Posted again on demand: still only here, and the answer says so.
    const again = await h.command({ text: 'postmortem', userId: PEOPLE.alice, channelId });
    expect(again.text).toBe(
      'Rendering the post-mortem draft again, with everything recorded since; it goes to this channel.',
    );
    await h.settle();
    expect(h.slack.filesIn(channelId)).toHaveLength(2);
    expect(h.slack.filesIn(h.channels.engineering)).toHaveLength(0);
  });

  it('with channels.private_postmortem: the draft goes there and to the incident channel, not #engineering', async () => {
    h = await startHarness({
      clock: new ManualClock(START),
      config: policyWith({ announce: 'incidents', postmortem: 'engineering', private_postmortem: 'sec-postmortems' }),
    });
    const secure = h.slack.addChannel({ name: 'sec-postmortems', isPrivate: true, members: [PEOPLE.manager] }).id;
    const { channelId, closed } = await declareAndClose(h);
    expect(closed).toMatch(/closed/);
    expect(h.slack.messagesIn(channelId).some((m) => /on its way to #sec-postmortems/.test(m.text ?? ''))).toBe(true);

    expect(h.slack.filesIn(secure)).toHaveLength(1);
    expect(h.slack.filesIn(secure)[0].content).toContain(TITLE);
    expect(
      h.slack.messagesIn(secure).some((m) => (m.text ?? '').includes(`Post-mortem draft: INC-2026-0001 — ${TITLE}`)),
    ).toBe(true);
    expect(h.slack.filesIn(channelId)).toHaveLength(1);
    expect(h.slack.filesIn(h.channels.engineering)).toHaveLength(0);
    expect(everythingIn(h, h.channels.engineering)).not.toContain(TITLE);
    expect(everythingIn(h, h.channels.incidents)).not.toContain(TITLE);
  });

  it('a private post-mortem channel the bot is not in: said in the incident channel, shared nowhere else', async () => {
    h = await startHarness({
      clock: new ManualClock(START),
      config: policyWith({ announce: 'incidents', postmortem: 'engineering', private_postmortem: 'sec-postmortems' }),
    });
    const secure = h.slack.addChannel({
      name: 'sec-postmortems',
      isPrivate: true,
      members: [PEOPLE.manager],
      botIsMember: false,
    }).id;
    const { channelId } = await declareAndClose(h);
    await h.advance(2_000);

    expect(h.slack.filesIn(secure)).toHaveLength(0);
    expect(h.slack.filesIn(h.channels.engineering)).toHaveLength(0);
    expect(everythingIn(h, h.channels.engineering)).not.toContain(TITLE);
    // Its members have the draft all the same: the incident's own channel comes first.
    expect(h.slack.filesIn(channelId).filter((f) => f.content.includes(TITLE))).toHaveLength(1);
    const said = h.slack.messagesIn(channelId).map((m) => m.text ?? '');
    expect(said.join('\n')).toContain(
      ':warning: The post-mortem draft could not be posted to #sec-postmortems (a private channel must have the bot in it: invite it) (channel_not_found).',
    );
  });

  it('a public channel named as the private one: the draft stays in the incident channel, and it is said why', async () => {
    h = await startHarness({
      clock: new ManualClock(START),
      config: policyWith({ announce: 'incidents', postmortem: 'engineering', private_postmortem: 'general' }),
    });
    const { channelId } = await declareAndClose(h);
    await h.advance(2_000);

    expect(h.slack.filesIn(h.channels.general)).toHaveLength(0);
    expect(everythingIn(h, h.channels.general)).not.toContain(TITLE);
    expect(h.slack.filesIn(channelId)).toHaveLength(1);
    expect(
      h.slack
        .messagesIn(channelId)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).toContain(
      'The post-mortem draft was not shared in #general: `channels.private_postmortem` names it, but it is not a private channel',
    );
  });
});

describe('an alert route that declares private incidents', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const route = (extra: Record<string, unknown>) => ({
    secure: {
      format: 'alertmanager',
      token_env: 'TEST_ALERTS_TOKEN',
      channel: 'alerts',
      routes: { critical: { policy: 'critical', private: true, ...extra } },
    },
  });

  /** What the alert channel may not show of the incident: its channel's name and id, or a "declared" naming its title. */
  async function expectAlertChannelKeepsItPrivate(h: Harness, alerts: string) {
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.private).toBe(true);
    const channel = h.slack.channel(incident.channelId!)!;
    expect(channel.isPrivate).toBe(true);
    expect(h.slack.canSee(PEOPLE.bob, channel.id)).toBe(false);
    expect(h.slack.canSee(PEOPLE.ccc, channel.id)).toBe(true);
    // Not announced in #incidents.
    expect(h.slack.messagesIn(h.channels.incidents)).toHaveLength(0);

    const shownInAlerts = h.slack.messagesIn(alerts).map(shown);
    expect(shownInAlerts.length).toBeGreaterThan(0);
    for (const text of shownInAlerts) {
      expect(text).not.toContain(channel.name);
      expect(text).not.toContain(channel.id);
      expect(text).not.toMatch(/declared[^\n]*HighErrorRate/);
    }
    const view = alertChannel(() => h.slack.messagesIn(alerts));
    expect(shown(view.groupMessage())).toContain(`Private incident #${incident.id} declared`);
    const declared = view.thread().filter((t) => /declared/.test(t));
    expect(declared).toHaveLength(1);
    expect(declared[0]).toMatch(new RegExp(`declared private incident #${incident.id} from this alert group\\.`));
    expect(declared[0]).not.toMatch(/SEV1|Incident Commander/);

    // The App Home's firing alert groups: the group's title is the incident's, so only members see it.
    const home = async (user: string) => JSON.stringify((await openAppHome(h, user)).blocks);
    expect(await home(PEOPLE.bob)).not.toContain('HighErrorRate');
    expect(await home(PEOPLE.ccc)).toContain('HighErrorRate');
  }

  it('declare: SEV1 declares a private incident: a private channel, no announcement, its number only in #alerts', async () => {
    h = await startHarness({ config: alertsPolicy(route({ declare: 'SEV1' })), clock: new ManualClock(START) });
    const alerts = h.slack.addChannel({ name: 'alerts' }).id;
    expect((await postAlerts(h.app.port, 'secure', alertFixture('alertmanager-firing'))).status).toBe(200);
    await settleAlertMessages(h);
    await h.advance(5_000);
    await settleAlertMessages(h);

    const incident = await h.db.prisma.incident.findFirstOrThrow({ include: { roles: true } });
    expect(incident).toMatchObject({ title: 'HighErrorRate', severity: 'SEV1', private: true });
    await expectAlertChannelKeepsItPrivate(h, alerts);
  });

  it('the Declare incident button on a private route declares a private incident, shown by number only', async () => {
    h = await startHarness({ config: alertsPolicy(route({})), clock: new ManualClock(START) });
    const alerts = h.slack.addChannel({ name: 'alerts' }).id;
    expect((await postAlerts(h.app.port, 'secure', alertFixture('alertmanager-firing'))).status).toBe(200);
    await settleAlertMessages(h);
    const view = alertChannel(() => h!.slack.messagesIn(alerts));
    const answer = await h.click({
      userId: PEOPLE.ccc,
      actionId: 'alert_declare',
      value: buttonValue(view.groupMessage(), 'alert_declare'),
      channelId: alerts,
      messageTs: view.groupMessage().ts,
    });
    expect(answer).toMatch(/^Declared incident #1 from alert group #1\./);
    await settleAlertMessages(h);
    await h.advance(5_000);
    await settleAlertMessages(h);
    await expectAlertChannelKeepsItPrivate(h, alerts);
  });
});
