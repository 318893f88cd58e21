/**
 * Slack refuses a post to a channel the policy file names: the announce channel was archived, or the
 * bot is not in it and lacks chat:write.public. The incident must not be lost, its own channel must
 * still be set up, and its people must be told, in that channel, what failed and how to fix it.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';

const texts = (h: Harness, channel: string) =>
  h.slack
    .messagesIn(channel)
    .map((m) => m.text)
    .join('\n');

async function declareAndClose(h: Harness) {
  const declared = await h.command({
    text: 'create "Payments down" severity=2',
    userId: PEOPLE.alice,
    channelId: h.channels.general,
  });
  expect(declared.text).toMatch(/Declared incident #1/);
  await h.settle();
  const incident = await h.db.prisma.incident.findFirstOrThrow();
  return incident;
}

describe('an announce channel Slack will not let the bot post in', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('archived: the incident channel is set up all the same, and says the announcement failed and why', async () => {
    h = await startHarness({ config: 'defaults' });
    h.slack.archiveChannel(h.channels.incidents);
    const incident = await declareAndClose(h);
    expect(incident).toMatchObject({ state: 'open', provisionError: null, announceTs: null });
    expect(incident.channelId).not.toBeNull();
    expect(incident.provisionedAt).not.toBeNull();
    expect(h.slack.pinsIn(incident.channelId!)).toHaveLength(1);
    expect(texts(h, incident.channelId!)).toMatch(
      /This incident could not be announced in #incidents: Slack answered `is_archived`\. Unarchive #incidents/,
    );
    // Not told it is a channel set-up failure (it is not), nor asked to check the app's scopes.
    expect(h.slack.dmsTo(PEOPLE.alice).map((m) => m.text)).not.toContainEqual(
      expect.stringMatching(/refused to set up its channel/),
    );
    expect(h.slack.messagesIn(h.channels.incidents)).toHaveLength(0);

    // The close announcement is refused too: said in the incident channel, once.
    await h.command({ text: 'close 1', userId: PEOPLE.alice, channelId: incident.channelId! });
    await h.settle();
    expect(
      h.slack
        .messagesIn(incident.channelId!)
        .filter((m) => /A message about this incident could not be posted in #incidents/.test(m.text)),
    ).toHaveLength(1);
    expect(texts(h, incident.channelId!)).toMatch(/Incident #1 closed/);
  });

  it('bot not in it, without chat:write.public: told the same way, with how to invite the bot', async () => {
    h = await startHarness({ config: 'defaults', slack: { chatWritePublic: false } });
    h.slack.removeFromChannel(h.channels.incidents, h.slack.botUserId);
    const incident = await declareAndClose(h);
    expect(incident).toMatchObject({ state: 'open', provisionError: null });
    expect(incident.provisionedAt).not.toBeNull();
    expect(texts(h, incident.channelId!)).toMatch(
      /This incident could not be announced in #incidents: Slack answered `not_in_channel`\. Invite the bot to #incidents/,
    );
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.response?.error === 'not_in_channel')).toHaveLength(1);
  });
});
