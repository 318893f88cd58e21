/** planPerson: a person's notification rule as the page DM's delay and the other methods' steps. Pure. */
import { planPerson } from '../../../src/paging/contactSteps';
import { DEFAULT_NOTIFICATION_RULES, type RuleStep } from '../../../src/config/contact';

const MIN = 60_000;

describe('planPerson', () => {
  it('plans the default high-urgency rule: the DM at once, a text at 1m, a call at 3m', () => {
    expect(planPerson(DEFAULT_NOTIFICATION_RULES.high)).toEqual({
      slackAfterMs: 0,
      contacts: [
        { ruleStep: 1, method: 'sms', afterMs: MIN },
        { ruleStep: 2, method: 'voice', afterMs: 3 * MIN },
      ],
    });
  });

  it("takes the DM's delay from the rule's slack step, wherever it stands", () => {
    const rule: RuleStep[] = [
      { method: 'email', afterMs: 0 },
      { method: 'slack', afterMs: 2 * MIN },
      { method: 'voice', afterMs: 5 * MIN },
    ];
    expect(planPerson(rule)).toEqual({
      slackAfterMs: 2 * MIN,
      contacts: [
        { ruleStep: 0, method: 'email', afterMs: 0 },
        { ruleStep: 2, method: 'voice', afterMs: 5 * MIN },
      ],
    });
  });

  it('sends the DM at once when the rule has no slack step (Slack is always there)', () => {
    expect(
      planPerson([
        { method: 'sms', afterMs: 30_000 },
        { method: 'webhook', afterMs: MIN },
      ]),
    ).toEqual({
      slackAfterMs: 0,
      contacts: [
        { ruleStep: 0, method: 'sms', afterMs: 30_000 },
        { ruleStep: 1, method: 'webhook', afterMs: MIN },
      ],
    });
    expect(planPerson([])).toEqual({ slackAfterMs: 0, contacts: [] });
  });

  it('has no contact steps for a rule of Slack alone', () => {
    expect(planPerson([{ method: 'slack', afterMs: 4 * MIN }])).toEqual({ slackAfterMs: 4 * MIN, contacts: [] });
  });

  it("uses the first slack step's delay when a rule has two", () => {
    expect(
      planPerson([
        { method: 'slack', afterMs: MIN },
        { method: 'sms', afterMs: 2 * MIN },
        { method: 'slack', afterMs: 0 },
      ]),
    ).toEqual({ slackAfterMs: MIN, contacts: [{ ruleStep: 1, method: 'sms', afterMs: 2 * MIN }] });
  });

  it("keeps each step's rule index, method and delay, in the rule's order (even one not ordered by delay)", () => {
    const rule: RuleStep[] = [
      { method: 'voice', afterMs: 10 * MIN },
      { method: 'slack', afterMs: 0 },
      { method: 'sms', afterMs: MIN },
      { method: 'sms', afterMs: 5 * MIN },
      { method: 'email', afterMs: 0 },
      { method: 'webhook', afterMs: 15_000 },
    ];
    expect(planPerson(rule).contacts).toEqual([
      { ruleStep: 0, method: 'voice', afterMs: 10 * MIN },
      { ruleStep: 2, method: 'sms', afterMs: MIN },
      { ruleStep: 3, method: 'sms', afterMs: 5 * MIN },
      { ruleStep: 4, method: 'email', afterMs: 0 },
      { ruleStep: 5, method: 'webhook', afterMs: 15_000 },
    ]);
  });

  it('leaves the rule it was given as it was', () => {
    const rule: RuleStep[] = [
      { method: 'slack', afterMs: MIN },
      { method: 'sms', afterMs: 0 },
    ];
    const copy = structuredClone(rule);
    planPerson(rule);
    expect(rule).toEqual(copy);
  });
});
