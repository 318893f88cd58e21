/**
 * One claim leases a batch of an incident's sends, which then run one after another. A send that only
 * starts when too little of that lease is left to finish a request must not start it: another replica
 * may take the job over when the lease runs out (outbox/leaseBudget.ts). It is tried again under a
 * new lease instead, and lands once.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';

describe("leased sends keep to their batch's lease", () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('a send that would start with under 15 s of its lease left waits for a new lease, then lands once', async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z'), runnerOptions: { leaseMs: 60_000 } });
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const channel = [...h.slack.workspace.channels.values()].find((c) => c.name.startsWith('incident-'))!;
    // Closing queues the incident's sends together: the channel's closing note, then the announcement in #incidents, …
    const held = h.slack.holdResponses('chat.postMessage');
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId: channel.id });
    const settling = h.settle(); // claims them under one 60 s lease; the first waits for Slack's answer
    await h.slack.waitFor(() => held.held() === 1, { what: 'the closing note to reach Slack' });
    h.clock.advance(50_000); // 10 s of the lease left: less than the 5 s margin plus one 10 s request
    held.release();
    await settling;
    const announced = () => h.slack.messagesIn(h.channels.incidents).filter((m) => /closed/i.test(m.text ?? ''));
    // The closing note landed; the announcement, next in the batch, did not start a request under the old lease.
    expect(
      h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel.id && c.status === 200),
    ).not.toHaveLength(0);
    expect(announced()).toHaveLength(0);

    await h.advance(2_000); // past its retry time: claimed again, under a new lease
    expect(announced()).toHaveLength(1);
  });
});
