/**
 * A policy level that hands the page to a PagerDuty service (`pagerduty:database`), through the
 * Events API v2 (a stand-in that refuses what PagerDuty refuses): triggered when the level is paged,
 * acknowledged when the page is, resolved when the incident closes; a trigger that cannot go is said
 * in the channel like any way of reaching someone that failed.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { fixturePolicy } from '../fixtures/policy';
import { startPagerDutyStandin, type PagerDutyStandin } from '../support/pagerduty/standin';
import { PagerDutyEvents } from '../../src/providers/pagerduty';
import type { PolicyConfig } from '../../src/config/policy';

const START = '2026-03-04T15:00:00Z';
const KEY = 'R0UTINGKEY0123456789ABCDEFGHIJKL';

describe('handing pages to PagerDuty', () => {
  let h: Harness;
  let pd: PagerDutyStandin;
  let channelId: string;

  const start = async (routingKeys: Record<string, string>) => {
    pd = await startPagerDutyStandin({ routingKeys: [KEY] });
    const config: PolicyConfig = fixturePolicy();
    config.escalationPolicies.critical.levels[0].notify.push({ kind: 'pagerduty', name: 'database' });
    h = await startHarness({
      clock: new ManualClock(START),
      config,
      providers: {
        sms: null,
        voice: null,
        email: null,
        webhook: null,
        pagerDuty: { events: new PagerDutyEvents({ apiUrl: pd.apiUrl }), routingKeys },
      },
    });
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  };
  const channelText = () =>
    h.slack
      .messagesIn(channelId)
      .map((m) => m.text ?? '')
      .join('\n');
  const ackButton = () => {
    const dm = h.slack.dmsTo(PEOPLE.ccc).find((m) => /You are paged/.test(m.text ?? ''))!;
    const blocks = dm.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const value = blocks
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'page_acknowledge')!.value;
    return { value, channel: dm.channel };
  };

  afterEach(async () => {
    await h.stop();
    await pd.stop();
  });

  it('the level triggers a PagerDuty alert, the acknowledgement acknowledges it and closing resolves it', async () => {
    await start({ database: KEY });
    expect(pd.incidents.get('incident-bot-page-1')).toMatchObject({ status: 'triggered', severity: 'critical' });
    expect(pd.incidents.get('incident-bot-page-1')!.summary).toContain('[SEV1] Payments down');
    expect(channelText()).toContain(`Paged <@${PEOPLE.ccc}>, PagerDuty service *database* — level 1.`);

    const { value, channel } = ackButton();
    await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value, channelId: channel });
    expect(pd.incidents.get('incident-bot-page-1')!.status).toBe('acknowledged');

    await h.command({ text: 'close', userId: PEOPLE.alice, channelId });
    await h.settle();
    expect(pd.incidents.get('incident-bot-page-1')!.status).toBe('resolved');
    expect(pd.events.filter((e) => e.status === 202)).toHaveLength(3);
  });

  it('a service without its routing key is reported in the channel, and the person is still paged', async () => {
    await start({});
    expect(pd.events).toHaveLength(0);
    expect(channelText()).toContain(
      'Could not hand page #1 (level 1) to PagerDuty service *database*: PAGERDUTY_ROUTING_KEY_DATABASE is not set.',
    );
    expect(h.slack.dmsTo(PEOPLE.ccc).some((m) => /You are paged/.test(m.text ?? ''))).toBe(true);
  });
});
