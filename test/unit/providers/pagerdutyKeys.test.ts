import { EnvError } from '../../../src/config/env';
import { pagerDutyRoutingKeys } from '../../../src/providers/pagerdutyKeys';

const A = 'abcdefABCDEF0123456789abcdef0123';
const B = 'R0123456789ABCDEFGHIJKLMNOPQRSTU';

/** The problems pagerDutyRoutingKeys throws for `env`, or [] when it takes it. */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    pagerDutyRoutingKeys(env);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

describe('pagerDutyRoutingKeys', () => {
  it('names each key after its variable: lower case, _ as -', () => {
    expect(
      pagerDutyRoutingKeys({
        PAGERDUTY_ROUTING_KEY_DATABASE: A,
        PAGERDUTY_ROUTING_KEY_PAYMENTS_API: B,
        PAGERDUTY_API_URL: 'https://events.eu.pagerduty.com',
        PATH: '/usr/bin',
      }),
    ).toEqual({ database: A, 'payments-api': B });
  });

  it('is empty without any key: PagerDuty is optional', () => {
    expect(pagerDutyRoutingKeys({ PATH: '/usr/bin' })).toEqual({});
  });

  it('trims a value, and takes an empty or blank one as unset', () => {
    expect(
      pagerDutyRoutingKeys({
        PAGERDUTY_ROUTING_KEY_DATABASE: `  ${A}\n`,
        PAGERDUTY_ROUTING_KEY_UNUSED: '',
        PAGERDUTY_ROUTING_KEY_BLANK: '   ',
        PAGERDUTY_ROUTING_KEY_UNDEFINED: undefined,
      }),
    ).toEqual({ database: A });
  });

  it('needs the whole prefix', () => {
    expect(pagerDutyRoutingKeys({ PAGERDUTY_ROUTING_KEY: A, XPAGERDUTY_ROUTING_KEY_DB: A })).toEqual({});
  });

  it('refuses a key PagerDuty would refuse, naming the variable and never the value', () => {
    const short = 'abc123';
    const dashed = 'abcdef-ABCDEF-0123456789-abcdef0';
    const found = problems({ PAGERDUTY_ROUTING_KEY_SHORT: short, PAGERDUTY_ROUTING_KEY_DASHED: dashed });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^PAGERDUTY_ROUTING_KEY_DASHED must be 32 letters and digits — the Integration Key/);
    expect(found[1]).toMatch(/^PAGERDUTY_ROUTING_KEY_SHORT must be 32 letters and digits/);
    expect(found.join('\n')).not.toContain(short);
    expect(found.join('\n')).not.toContain(dashed);
  });

  test.each([
    'PAGERDUTY_ROUTING_KEY_',
    'PAGERDUTY_ROUTING_KEY__DB',
    'PAGERDUTY_ROUTING_KEY_DB__X',
    'PAGERDUTY_ROUTING_KEY_DB.X',
  ])('%s has no usable name', (variable) => {
    expect(problems({ [variable]: A })).toEqual([
      `${variable} needs a name after PAGERDUTY_ROUTING_KEY_: letters and digits, words joined by _`,
    ]);
  });

  it('refuses two variables for one name', () => {
    expect(problems({ PAGERDUTY_ROUTING_KEY_DATABASE: A, PAGERDUTY_ROUTING_KEY_Database: B })).toEqual([
      'PAGERDUTY_ROUTING_KEY_Database and PAGERDUTY_ROUTING_KEY_DATABASE both name "database"; keep one',
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      problems({ PAGERDUTY_ROUTING_KEY_A: 'x', PAGERDUTY_ROUTING_KEY_B: 'y', PAGERDUTY_ROUTING_KEY_C: A }),
    ).toHaveLength(2);
  });
});
