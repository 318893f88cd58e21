/**
 * `/oncall` through the real receiver. The clock starts on Wednesday 2026-03-04 09:00 Chicago: the
 * weekly rotation (Mon 09:00 Chicago, started 2026-01-05) is in its 9th week, so primary = U0CCC,
 * secondary = U0AAA. The next handoff is Mon 2026-03-09 09:00 CDT (US DST began on the 8th) =
 * 14:00 UTC = 14:00 in London (UK DST begins on the 29th), when U0AAA takes primary.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';

const START = '2026-03-04T15:00:00Z';
const LONDONER = 'U0LONDON';

describe('/oncall', () => {
  let h: Harness;

  /** The answer the person sees (in the ack for a typo, else through response_url; ephemeral either way). */
  const oncall = async (text: string, userId: string = PEOPLE.alice) => {
    const res = await h.command({ command: '/oncall', text, userId, channelId: h.channels.general });
    expect(res.status).toBe(200);
    return res.text;
  };
  /** The line about one layer of one schedule ("• primary: <@U…> until …"), within that schedule's block. */
  const layerLine = (answer: string, schedule: string, layer: string) => {
    const block = answer.split('\n\n').find((b) => b.startsWith(`*${schedule}*`)) ?? '';
    return block.split('\n').find((l) => l.startsWith(`• ${layer}:`)) ?? '';
  };

  beforeAll(async () => {
    h = await startHarness({ clock: new ManualClock(START) });
    h.slack.addUser({ id: LONDONER, name: 'lena', tz: 'Europe/London' });
  });
  afterAll(async () => h.stop());

  it('shows who is on call now on every schedule, with the next three handoffs', async () => {
    const answer = await oncall('');
    expect(answer).toMatch(/^\*On call now\* — Wed 2026-03-04 09:00 CST/);
    expect(h.slack.responses.at(-1)!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(layerLine(answer, 'primary', 'primary')).toBe(`• primary: <@${PEOPLE.ccc}> until Mon 2026-03-09 09:00 CDT`);
    expect(layerLine(answer, 'secondary', 'primary')).toBe(
      `• primary: <@${PEOPLE.aaa}> until Mon 2026-03-09 09:00 CDT`,
    );
    const primary = answer.split('\n\n').find((b) => b.startsWith('*primary*'))!;
    expect(primary).toContain('*primary* · America/Chicago · 1w shifts, handoff Mon 09:00');
    expect(primary).toContain('Next 3 handoffs (primary):');
    expect(primary).toContain(`• Mon 2026-03-09 09:00 CDT → <@${PEOPLE.aaa}> from <@${PEOPLE.ccc}>`);
    expect(primary).toContain(`• Mon 2026-03-16 09:00 CDT → <@${PEOPLE.bbb}> from <@${PEOPLE.aaa}>`);
    expect(primary).toContain(`• Mon 2026-03-23 09:00 CDT → <@${PEOPLE.ccc}> from <@${PEOPLE.bbb}>`);
    expect(primary).not.toContain('2026-03-30');
  });

  it("shows times in the asker's zone and the schedule's zone when they differ", async () => {
    const answer = await oncall('primary', LONDONER);
    expect(answer).toMatch(/^\*On call now\* — Wed 2026-03-04 15:00 GMT/);
    expect(answer).toContain(
      `• primary: <@${PEOPLE.ccc}> until Mon 2026-03-09 14:00 GMT (Mon 2026-03-09 09:00 CDT schedule time)`,
    );
    expect(answer).toContain(`• Mon 2026-03-09 14:00 GMT (Mon 2026-03-09 09:00 CDT schedule time) → <@${PEOPLE.aaa}>`);
    expect(answer).toContain('Next 8 handoffs (primary):');
    expect(answer).not.toContain('*secondary*');
  });

  it("answers who was or will be on call at a time, read in the asker's zone", async () => {
    // 13:30 in London is 08:30 in Chicago, before the handoff; 14:30 in London is after it.
    expect(layerLine(await oncall('primary at 2026-03-09 13:30', LONDONER), 'primary', 'primary')).toContain(
      `<@${PEOPLE.ccc}>`,
    );
    expect(layerLine(await oncall('primary at "2026-03-09 14:30"', LONDONER), 'primary', 'primary')).toContain(
      `<@${PEOPLE.aaa}>`,
    );
    // The same words from someone in Chicago mean 14:30 CDT: still U0AAA; 08:30 CDT is still U0CCC.
    expect(layerLine(await oncall('primary at 2026-03-09 08:30'), 'primary', 'primary')).toContain(`<@${PEOPLE.ccc}>`);

    const future = await oncall('primary at \u201c2026-03-10 09:00\u201d');
    expect(future).toMatch(/^\*Who will be on call at Tue 2026-03-10 09:00 CDT\* \(2026-03-10T14:00Z\)/);
    expect(layerLine(future, 'primary', 'primary')).toContain(`<@${PEOPLE.aaa}>`);

    // An exact instant (offset given) from last week, an hour before that Monday's handoff.
    const past = await oncall('secondary at 2026-03-02T08:00-06:00');
    expect(past).toMatch(/^\*Who was on call at Mon 2026-03-02 08:00 CST\* \(2026-03-02T14:00Z\)/);
    expect(layerLine(past, 'secondary', 'primary')).toBe(`• primary: <@${PEOPLE.ccc}> until Mon 2026-03-02 09:00 CST`);

    const everyone = await oncall('at 2026-03-17 12:00');
    expect(layerLine(everyone, 'primary', 'primary')).toContain(`<@${PEOPLE.bbb}>`);
    expect(layerLine(everyone, 'secondary', 'primary')).toContain(`<@${PEOPLE.ccc}>`);
  });

  it("falls back to the schedule zone, and says so, when Slack cannot tell us the asker's zone", async () => {
    const answer = await oncall('primary at 2026-03-09 08:30', 'U0GHOST');
    expect(answer).toMatch(/I couldn't get your time zone from Slack \(the lookup failed\)/);
    expect(answer).toContain('I read "2026-03-09 08:30" in America/Chicago');
    expect(layerLine(answer, 'primary', 'primary')).toBe(`• primary: <@${PEOPLE.ccc}> until Mon 2026-03-09 09:00 CDT`);
  });

  it('explains how to write it when the input is wrong', async () => {
    const unknown = await oncall('payments');
    expect(unknown).toContain('There is no schedule "payments"');
    expect(unknown).toContain('Schedules: `primary`, `secondary`');

    const badTime = await oncall('primary at tomorrow');
    expect(badTime).toContain('"tomorrow" is not a time I can read');
    expect(badTime).toContain('/oncall primary at "2026-03-08 09:00"');
    expect(badTime).toContain('2026-03-08T09:00-06:00');

    expect(await oncall('primary at')).toMatch(/Say when after "at"/);
    expect(await oncall('primary next week')).toMatch(/I didn't understand "next week" after the schedule name/);
    expect(await oncall('<!channel>')).toContain('There is no schedule "&lt;!channel&gt;"');
  });
});
