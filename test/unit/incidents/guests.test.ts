/** The guest rule: what a Slack guest may not do, and how the refusal is decided. */
import { guestRefusedCommand, refuseGuest } from '../../../src/incidents/guests';
import { parsePolicy } from '../../../src/config/policy';
import { parseIncidentCommand, type IncidentCommand } from '../../../src/incidents/parseIncidentCommand';
import { UserError } from '../../../src/common/errors';
import { createLogger } from '../../../src/common/logger';
import type { Deps } from '../../../src/runtime/deps';

const config = parsePolicy({}, 'test');

function command(text: string): IncidentCommand {
  const parsed = parseIncidentCommand(text, {
    command: '/incident',
    statusCommand: '/incident-status',
    severities: config.severities,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.command;
}

describe('guestRefusedCommand', () => {
  it('refuses declaring and steering; leaves reading and notes open', () => {
    const refused = [
      'create "Down" severity=1',
      'create',
      'assign ic <@U1>',
      'status update identified "found it"',
      'severity 1',
      'timer start',
      'close',
      'postmortem done',
    ];
    for (const text of refused) expect([text, guestRefusedCommand(command(text))]).toEqual([text, expect.any(String)]);
    for (const text of ['help', 'roles', 'timer status', 'note "seen it too"', 'actions', 'stats'])
      expect([text, guestRefusedCommand(command(text))]).toEqual([text, null]);
  });
});

describe('refuseGuest', () => {
  const deps = (opts: { guest?: boolean; fails?: boolean; allowGuests?: boolean }, lookups: string[]) =>
    ({
      config: { ...config, allowGuests: opts.allowGuests ?? false },
      log: createLogger('silent'),
      directory: {
        user: async (id: string) => {
          lookups.push(id);
          if (opts.fails) throw new Error('ratelimited');
          return { id, tz: null, name: id, deleted: false, guest: opts.guest ?? false };
        },
      },
    }) as unknown as Pick<Deps, 'config' | 'directory' | 'log'>;

  it('refuses a guest, saying what and who can', async () => {
    await expect(refuseGuest(deps({ guest: true }, []), 'U1', 'page people')).rejects.toThrow(
      new UserError(
        ":no_entry: Guest accounts can't page people here. Ask a full member of the workspace to do it for you " +
          '(an admin of the bot can allow guests with `allow_guests: true` in its policy file).',
      ),
    );
  });

  it('lets a full member act, and a guest when allow_guests is true or the act is open to all, without a look-up', async () => {
    const lookups: string[] = [];
    await expect(refuseGuest(deps({ guest: false }, lookups), 'U1', 'page people')).resolves.toBeUndefined();
    await expect(refuseGuest(deps({ guest: true, allowGuests: true }, lookups), 'U2', 'page')).resolves.toBeUndefined();
    await expect(refuseGuest(deps({ guest: true }, lookups), 'U3', null)).resolves.toBeUndefined();
    expect(lookups).toEqual(['U1']);
  });

  it('lets a person act when Slack cannot say whether they are a guest', async () => {
    await expect(refuseGuest(deps({ fails: true }, []), 'U1', 'declare incidents')).resolves.toBeUndefined();
  });
});
