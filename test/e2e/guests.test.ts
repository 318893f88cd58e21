/**
 * Slack guest accounts (users.info: is_restricted, is_ultra_restricted) may not declare, page or steer
 * an incident unless the policy file says `allow_guests: true`; full members are unaffected.
 */
import { mention } from '../../src/slackSimulator/driver';
import { parsePolicy } from '../../src/config/policy';
import { startHarness, Harness, PEOPLE } from '../support/harness';

const GUEST = 'U0GUEST';
const SINGLE_CHANNEL_GUEST = 'U0SCGUEST';
const REFUSED = /Guest accounts can't (.+) here\. Ask a full member of the workspace/;

describe('guest accounts', () => {
  let h: Harness;
  const start = async (policy: Record<string, unknown>) => {
    h = await startHarness({ config: parsePolicy(policy, 'guests.yml') });
    h.slack.addUser({ id: GUEST, name: 'vendor', guest: 'multi-channel' });
    h.slack.addUser({ id: SINGLE_CHANNEL_GUEST, name: 'contractor', guest: 'single-channel' });
  };
  const declare = async (userId: string, title: string) => {
    const res = await h.command({ text: `create "${title}" severity=2`, userId, channelId: h.channels.general });
    await h.settle();
    return res.text;
  };
  afterEach(async () => h.stop());

  describe('by default', () => {
    beforeEach(() => start({}));

    it("refuses a guest's /incident create and the declare form: no channel, no incident", async () => {
      expect(await declare(GUEST, 'Vendor outage')).toMatch(/Guest accounts can't declare incidents here/);
      expect(await declare(SINGLE_CHANNEL_GUEST, 'Contractor outage')).toMatch(
        /Guest accounts can't declare incidents here/,
      );
      const form = await h.command({ text: 'create', userId: GUEST, channelId: h.channels.general });
      expect(form.text).toMatch(/Guest accounts can't declare incidents here/);

      expect(h.slack.callsTo('views.open')).toHaveLength(0);
      expect(h.slack.callsTo('conversations.create')).toHaveLength(0);
      expect(await h.db.prisma.incident.count()).toBe(0);
      // One users.info per person: the guest's second command used the cached answer.
      expect(h.slack.callsTo('users.info').filter((c) => c.args.user === GUEST)).toHaveLength(1);
    });

    it('refuses a declare form a guest submits anyway (opened before the policy changed): told by DM, nothing declared', async () => {
      const res = await h.driver.viewSubmission({
        userId: GUEST,
        callbackId: 'incident_create',
        privateMetadata: JSON.stringify({ originChannelId: h.channels.general }),
        values: {
          create_title: { title: { type: 'plain_text_input', value: 'Vendor outage' } },
          create_severity: {
            severity: {
              type: 'static_select',
              selected_option: { text: { type: 'plain_text', text: 'SEV2' }, value: 'SEV2' },
            },
          },
          create_description: { description: { type: 'plain_text_input', value: '' } },
        },
      });
      expect(res.status).toBe(200);
      await h.slack.waitFor(
        () => h.slack.dmsTo(GUEST).find((m) => /Guest accounts can't declare incidents here/.test(m.text ?? '')),
        { what: 'the DM refusing the guest' },
      );
      await h.settle();
      expect(await h.db.prisma.incident.count()).toBe(0);
      expect(h.slack.callsTo('conversations.create')).toHaveLength(0);
    });

    it("refuses a guest's /page and role change in a member's incident; the member is unaffected", async () => {
      expect(await declare(PEOPLE.alice, 'Checkout latency')).toMatch(/Declared incident #1/);
      const incident = await h.db.prisma.incident.findFirstOrThrow();
      const channelId = incident.channelId!;
      // The IC gives the guest a role: holding one, only being a guest stands in the way of steering.
      const given = await h.command({
        text: `assign comms ${mention.user(GUEST, 'vendor')}`,
        userId: PEOPLE.alice,
        channelId,
      });
      expect(given.text).not.toMatch(REFUSED);
      await h.settle();

      const paged = await h.command({
        command: '/page',
        text: `${mention.user(PEOPLE.bob, 'bob')} "Need a DBA"`,
        userId: GUEST,
        channelId,
      });
      expect(paged.text).toMatch(/Guest accounts can't page people here/);
      const reassigned = await h.command({
        text: `assign scribe ${mention.user(PEOPLE.carol, 'carol')}`,
        userId: GUEST,
        channelId,
      });
      expect(reassigned.text).toMatch(/Guest accounts can't change an incident's roles here/);
      const severity = await h.command({ text: 'severity 1', userId: GUEST, channelId });
      expect(severity.text).toMatch(/Guest accounts can't change an incident's severity here/);
      await h.settle();

      expect(await h.db.prisma.page.count()).toBe(0);
      expect(h.slack.callsTo('conversations.open').filter((c) => String(c.args.users) === PEOPLE.bob)).toHaveLength(0);
      const roles = await h.db.prisma.roleAssignment.findMany({ where: { incidentId: incident.id } });
      expect(roles.map((r) => r.userId)).not.toContain(PEOPLE.carol);
      expect((await h.db.prisma.incident.findFirstOrThrow()).severity).toBe('SEV2');

      // Reading and notes stay open to a guest.
      const note = await h.command({ text: 'note the vendor sees 500s too', userId: GUEST, channelId });
      expect(note.text).not.toMatch(REFUSED);

      // A full member pages as before.
      const memberPage = await h.command({
        command: '/page',
        text: `${mention.user(PEOPLE.bob, 'bob')} "Need a DBA"`,
        userId: PEOPLE.alice,
        channelId,
      });
      expect(memberPage.text).not.toMatch(REFUSED);
      await h.settle();
      expect(await h.db.prisma.page.count()).toBe(1);
    });
  });

  describe('with allow_guests: true', () => {
    beforeEach(() => start({ allow_guests: true }));

    it('lets a guest declare', async () => {
      expect(await declare(GUEST, 'Vendor outage')).toMatch(/Declared incident #1/);
      const incident = await h.db.prisma.incident.findFirstOrThrow();
      expect(incident.channelId).not.toBeNull();
      expect(h.slack.callsTo('users.info').filter((c) => c.args.user === GUEST)).toHaveLength(0);
    });
  });
});
