/** Declaring through the form: `/incident create` with nothing after it. */
import { startHarness, Harness, PEOPLE } from '../support/harness';

describe('the declare form', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ config: 'defaults' });
  });
  afterEach(async () => h.stop());

  const submit = (title: string, severity: string | null, description = '', asPrivate = false) =>
    h.driver.viewSubmission({
      userId: PEOPLE.bob,
      callbackId: 'incident_create',
      privateMetadata: JSON.stringify({ originChannelId: h.channels.general }),
      values: {
        create_title: { title: { type: 'plain_text_input', value: title } },
        create_severity: {
          severity: {
            type: 'static_select',
            selected_option: severity ? { text: { type: 'plain_text', text: severity }, value: severity } : null,
          },
        },
        create_description: { description: { type: 'plain_text_input', value: description } },
        create_private: {
          private: {
            type: 'checkboxes',
            selected_options: asPrivate ? [{ text: { type: 'plain_text', text: 'Private' }, value: 'private' }] : [],
          },
        },
      },
    });

  it('opens the form with the trigger id, and a valid submission declares', async () => {
    const res = await h.driver.command({
      text: 'create',
      userId: PEOPLE.bob,
      channelId: h.channels.general,
      triggerId: 'trigger-123',
    });
    expect(res.status).toBe(200);
    const open = await h.slack.waitFor(() => h.slack.callsTo('views.open')[0], { what: 'views.open' });
    expect(open.args.trigger_id).toBe('trigger-123');
    const view = open.args.view as { callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('incident_create');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'create_title',
      'create_severity',
      'create_description',
      'create_private',
    ]);

    const submitted = await submit('Search is slow', 'SEV3', 'p95 at 4 s since 10:02');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe(''); // the form closes at once; the declaring happens after the ack
    // waitFor fails the test if the DM never comes: that is the check.
    await h.slack.waitFor(
      () => h.slack.dmsTo(PEOPLE.bob).find((m) => /Declared incident #1 \(SEV3\)/.test(m.text ?? '')),
      { what: 'the DM saying it was declared' },
    );
    await h.settle();
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident).toMatchObject({
      title: 'Search is slow',
      severity: 'SEV3',
      description: 'p95 at 4 s since 10:02',
      reporterId: PEOPLE.bob,
    });
    // The channel made is the incident's.
    const channel = h.slack.channelByName('incident-20260302-search-is-slow');
    expect(channel?.id).toBe(incident.channelId);
  });

  it('the Private box declares a private incident in a private channel, announced nowhere', async () => {
    const submitted = await submit('Badge reader logs wiped', 'SEV2', '', true);
    expect(submitted.status).toBe(200);
    await h.slack.waitFor(
      () => h.slack.dmsTo(PEOPLE.bob).find((m) => /Declared private incident #1 \(SEV2\)/.test(m.text ?? '')),
      { what: 'the DM saying it was declared' },
    );
    await h.settle();
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.private).toBe(true);
    const channel = h.slack.channel(incident.channelId!)!;
    expect(channel.isPrivate).toBe(true);
    expect(channel.name).toBe('incident-20260302-private-1');
    expect(h.slack.membersOf(channel.id).sort()).toEqual([h.slack.botUserId, PEOPLE.bob].sort());
    expect(h.slack.messagesIn(h.channels.incidents)).toEqual([]);
  });

  it('puts field errors back into the form and declares nothing', async () => {
    const res = await submit('   ', null);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { create_title: 'Give the incident a title.', create_severity: 'Pick a severity.' },
    });
    expect(await h.db.prisma.incident.count()).toBe(0);
  });
});
