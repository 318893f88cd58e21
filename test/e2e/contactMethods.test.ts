/**
 * A person's own contact methods and notification rules, through the real receiver: `/oncall me` (or
 * the App Home's button) opens the modal with the trigger id, its Save and its buttons are answered in
 * the modal (field errors in the ack; everything else redrawn with views.update), on real Postgres,
 * with the Slack stand-in and recording providers in place of Twilio, SMTP and HTTP.
 */
import { Writable } from 'node:stream';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { recordingProviders, type RecordingProviders } from '../support/recordingProviders';
import { appHomeOpened } from '../../src/slackSimulator/events';
import { createLogger } from '../../src/common/logger';
import { ruleFor } from '../../src/contact/rules';
import { pageableMethods } from '../../src/contact/reachable';
import { hashCode } from '../../src/contact/verification';
import type { StandinView } from '../../src/slackSimulator/workspace';

const START = '2026-03-04T15:00:00Z';
const ME = PEOPLE.alice;

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { type: string; text?: string | { text: string }; action_id?: string; value?: string }[];
  element?: { type: string; action_id: string; initial_value?: string };
  label?: { text: string };
  hint?: { text: string };
};

describe('contact methods (/oncall me)', () => {
  let h: Harness;
  let rec: RecordingProviders;
  let logs: string[];

  const start = async (kinds?: Parameters<typeof recordingProviders>[0]) => {
    rec = recordingProviders(kinds);
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    h = await startHarness({
      clock: new ManualClock(START),
      providers: rec.providers,
      log: createLogger('debug', sink),
    });
  };
  afterEach(async () => h.stop());

  const view = (id: string): StandinView => h.slack.views().find((v) => v.id === id)!;
  const blocks = (id: string) => view(id).blocks as Block[];
  /** Every text of the modal, one block a line. */
  const shown = (id: string) =>
    blocks(id)
      .map((b) =>
        [
          b.text?.text,
          b.label?.text,
          b.hint?.text,
          b.element?.initial_value,
          ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text)),
        ]
          .filter(Boolean)
          .join(' | '),
      )
      .join('\n');
  const updates = (id: string) =>
    h.slack.callsTo('views.update').filter((c) => c.args.view_id === id && c.response?.ok);
  /** Waits until the modal has been redrawn `count` times in all (the change after the ack is then committed). */
  const redrawn = async (id: string, count: number) => {
    await h.slack.waitFor(() => updates(id).length >= count, { what: `redraw #${count} of ${id}` });
    await h.settle();
  };

  /** `/oncall me`: acked empty, the modal opens with the command's trigger id, then shows the person's methods. */
  const openMe = async (userId = ME): Promise<string> => {
    const before = h.slack.callsTo('views.open').length;
    const res = await h.driver.command({ command: '/oncall', text: 'me', userId, channelId: h.channels.general });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const open = await h.slack.waitFor(() => h.slack.callsTo('views.open')[before], { what: 'views.open' });
    expect(open.args.trigger_id).toBe(h.driver.lastTriggerId);
    const id = (open.response as unknown as { view: { id: string } }).view.id;
    await redrawn(id, 1);
    return id;
  };

  /**
   * Save, as Slack sends it: every input of the modal with what it shows (its initial value), except
   * the fields given (by block_id prefix). Returns the ack's body; after an `update`, waits for the redraw.
   */
  const save = async (id: string, typed: Record<string, string>, userId = ME) => {
    const v = view(id);
    const values: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const b of v.blocks as Block[]) {
      if (b.type !== 'input' || !b.element || !b.block_id) continue;
      const prefix = b.block_id.split('.')[0];
      const value = prefix in typed ? typed[prefix] : (b.element.initial_value ?? null);
      values[b.block_id] = {
        [b.element.action_id]:
          b.element.type === 'static_select'
            ? {
                type: 'static_select',
                selected_option: value ? { text: { type: 'plain_text', text: value }, value } : null,
              }
            : { type: b.element.type, value },
      };
    }
    const before = updates(id).length;
    const res = await h.driver.viewSubmission({
      userId,
      callbackId: 'contact_methods',
      viewId: id,
      privateMetadata: v.private_metadata,
      values,
    });
    expect(res.status).toBe(200);
    const body = res.body as { response_action?: string; errors?: Record<string, string> };
    if (body.response_action === 'update') await redrawn(id, before + 1);
    return body;
  };

  /** A button on one method in the modal, pressed as Slack sends it (the view's hash and metadata). */
  const press = async (id: string, actionId: string, methodId: number, userId = ME) => {
    const v = view(id);
    const before = updates(id).length;
    const res = await h.driver.blockAction({
      userId,
      actionId,
      value: String(methodId),
      blockId: `contact_method.${methodId}`,
      viewId: id,
      view: { hash: v.hash, callback_id: v.callback_id, private_metadata: v.private_metadata, blocks: v.blocks },
    });
    expect(res.status).toBe(200);
    await redrawn(id, before + 1);
  };

  const blockId = (id: string, prefix: string) =>
    blocks(id).find((b) => b.block_id?.startsWith(`${prefix}.`))!.block_id!;
  const methodsOf = (userId: string = ME) =>
    h.db.prisma.contactMethod.findMany({ where: { userId }, orderBy: [{ kind: 'asc' }, { position: 'asc' }] });
  const codeIn = (text: string) => /(\d{6})/.exec(text)![1];

  it('adds an SMS number typed any way, sends it a code, refuses a wrong code and verifies with the right one; nothing logs the number', async () => {
    await start();
    const id = await openMe();
    expect(view(id).callback_id).toBe('contact_methods');
    expect(shown(id)).toContain('You have added none yet');
    expect(shown(id)).toContain('slack 0m, sms 1m, voice 3m');
    expect(shown(id)).toContain('slack 0m, email 0m');

    expect(await save(id, { contact_kind: 'sms', contact_address: '+1 (555) 555-0100' })).toMatchObject({
      response_action: 'update',
    });
    const [method] = await methodsOf();
    expect(method).toMatchObject({
      kind: 'sms',
      address: '+15555550100',
      verifiedAt: null,
      position: 0,
      codeAttempts: 0,
    });
    expect(method.codeExpiresAt).toEqual(new Date(new Date(START).getTime() + 10 * 60_000));
    expect(rec.sent).toHaveLength(1);
    expect(rec.sent[0]).toMatchObject({ kind: 'sms', to: '+15555550100' });
    const code = codeIn(rec.sent[0].text);
    expect(rec.sent[0].text).toBe(`Your incident bot verification code is ${code}. It expires in 10 minutes.`);
    // Only its hash is stored.
    expect(method.codeHash).toBe(hashCode(code));
    expect(JSON.stringify(method)).not.toContain(`"${code}"`);
    expect(shown(id)).toContain('*SMS* · +15555550100\n:hourglass: waiting for code');
    expect(shown(id)).toContain('Code sent to +15555550100');
    expect(shown(id)).toContain('We texted a 6-digit code to +15555550100');

    const wrong = code === '000000' ? '111111' : '000000';
    await save(id, { contact_code: wrong });
    expect(shown(id)).toContain('That is not the code we sent to SMS +15555550100. 4 tries left.');
    expect((await methodsOf())[0]).toMatchObject({ verifiedAt: null, codeAttempts: 1 });
    expect(await pageableMethods(h.db.prisma, h.config, ME, 'sms')).toEqual([]);

    // A code that is not 6 digits is answered beside its field, before anything is read.
    const typo = await save(id, { contact_code: '12345' });
    expect(typo).toEqual({
      response_action: 'errors',
      errors: { [blockId(id, 'contact_code')]: 'Write the 6 digits of the code we sent, e.g. 123456.' },
    });

    await save(id, { contact_code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(shown(id)).toContain(':white_check_mark: SMS +15555550100 is verified');
    expect(shown(id)).toContain('*SMS* · +15555550100\n:white_check_mark: verified');
    expect(shown(id)).not.toContain('Code sent to');
    expect((await methodsOf())[0]).toMatchObject({ verifiedAt: new Date(START), codeHash: null, codeExpiresAt: null });
    expect(await pageableMethods(h.db.prisma, h.config, ME, 'sms')).toEqual([
      { id: method.id, kind: 'sms', address: '+15555550100', secret: null },
    ]);

    // Our lines carry the number masked; no line at info or above (production's level) carries it at
    // all. (At debug the Web API client dumps each request body, this modal's included: see the docs.)
    const lines = logs
      .flatMap((l) => l.split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; component?: string });
    const ours = lines.filter((l) => l.component === undefined).map((l) => JSON.stringify(l));
    expect(ours.join('\n')).toContain('+1••••••0100');
    for (const line of [...ours, ...lines.filter((l) => l.level >= 30).map((l) => JSON.stringify(l))]) {
      expect(line).not.toContain('5555550100');
      expect(line).not.toContain('555-0100');
    }
  });

  it('answers a bad number, a duplicate, and a kind this bot cannot send beside their fields', async () => {
    await start(['sms', 'email']);
    const id = await openMe();
    expect(await save(id, { contact_kind: 'sms', contact_address: '555-0100' })).toEqual({
      response_action: 'errors',
      errors: {
        [blockId(id, 'contact_address')]:
          '"555-0100" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
      },
    });
    expect(await save(id, { contact_kind: 'email', contact_address: 'alice at example' })).toEqual({
      response_action: 'errors',
      errors: {
        [blockId(id, 'contact_address')]: '"alice at example" is not an email address: write it as name@example.com',
      },
    });
    const voice = await save(id, { contact_kind: 'voice', contact_address: '+15555550100' });
    expect(voice.errors![blockId(id, 'contact_kind')]).toMatch(
      /^Voice calls are not set up on this bot: an admin sets TWILIO_ACCOUNT_SID/,
    );
    expect(await save(id, { contact_address: '+15555550100' })).toEqual({
      response_action: 'errors',
      errors: { [blockId(id, 'contact_kind')]: 'Pick what kind of method this is: SMS, voice call, email or webhook.' },
    });
    expect(shown(id)).toContain('Not set up on this bot: Voice call, Webhook.');
    expect(await methodsOf()).toEqual([]);
    expect(rec.sent).toEqual([]);

    await save(id, { contact_kind: 'sms', contact_address: '+44 20 7946 0958' });
    // The same number written another way is the same number.
    expect(await save(id, { contact_kind: 'sms', contact_address: '+442079460958' })).toEqual({
      response_action: 'errors',
      errors: { [blockId(id, 'contact_address')]: 'You already have this number for sms: each method is listed once.' },
    });
    expect((await methodsOf()).map((m) => m.address)).toEqual(['+442079460958']);
  });

  it('tests a verified method through its provider, moves methods within their kind, and removes one with its code', async () => {
    await start();
    const now = new Date(START);
    const add = (kind: string, address: string, position: number, verified = true) =>
      h.db.prisma.contactMethod.create({
        data: { userId: ME, kind, address, position, createdAt: now, verifiedAt: verified ? now : null },
      });
    const first = await add('sms', '+15555550100', 0);
    const second = await add('sms', '+15555550111', 1);
    const mail = await add('email', 'alice@example.com', 0);
    // Somebody else's method: nothing of alice's buttons reaches it.
    const bobs = await h.db.prisma.contactMethod.create({
      data: { userId: PEOPLE.bob, kind: 'sms', address: '+15555550199', createdAt: now, verifiedAt: now },
    });
    const id = await openMe();
    expect(shown(id)).toContain('*SMS* (tried 1st) · +15555550100');
    expect(shown(id)).toContain('*SMS* (tried 2nd) · +15555550111');

    await press(id, 'contact_test', mail.id);
    expect(rec.sent).toEqual([
      {
        kind: 'email',
        to: 'alice@example.com',
        subject: 'Test from the incident bot',
        text: 'Test from the incident bot\n\nTest from the incident bot: this is how a page will reach you.',
      },
    ]);
    expect(shown(id)).toContain('Sent a test to Email alice@example.com');
    await press(id, 'contact_test', first.id);
    expect(rec.sent[1]).toEqual({
      kind: 'sms',
      to: '+15555550100',
      text: 'Test from the incident bot: this is how a page will reach you',
    });
    rec.refuse('+15555550111');
    await press(id, 'contact_test', second.id);
    expect(shown(id)).toContain('The test to SMS +15555550111 did not go out. The SMS provider refused it: 21211');

    await press(id, 'contact_down', first.id);
    expect((await methodsOf()).map((m) => [m.address, m.position])).toEqual([
      ['alice@example.com', 0],
      ['+15555550111', 0],
      ['+15555550100', 1],
    ]);
    expect(shown(id).indexOf('+15555550111')).toBeLessThan(shown(id).indexOf('+15555550100'));
    expect((await pageableMethods(h.db.prisma, h.config, ME, 'sms')).map((m) => m.address)).toEqual([
      '+15555550111',
      '+15555550100',
    ]);
    await press(id, 'contact_up', first.id);
    expect((await pageableMethods(h.db.prisma, h.config, ME, 'sms')).map((m) => m.address)).toEqual([
      '+15555550100',
      '+15555550111',
    ]);

    await press(id, 'contact_remove', bobs.id);
    expect(shown(id)).toContain('That method is no longer there.');
    expect(await methodsOf(PEOPLE.bob)).toHaveLength(1);

    await h.db.prisma.contactMethod.update({ where: { id: second.id }, data: { codeHash: hashCode('123456') } });
    await press(id, 'contact_remove', second.id);
    expect(shown(id)).toContain('Removed SMS +15555550111.');
    expect(shown(id)).not.toContain('*SMS* (tried');
    expect(await h.db.prisma.contactMethod.findUnique({ where: { id: second.id } })).toBeNull();
    expect((await methodsOf()).map((m) => m.address)).toEqual(['alice@example.com', '+15555550100']);
  });

  it('saves the rules, read back by ruleFor; a malformed rule is refused saying how to write it; an empty one follows the default again', async () => {
    await start();
    const id = await openMe();
    // Save with the prefilled defaults stores nothing: alice keeps following the policy file.
    await save(id, {});
    expect(shown(id)).toContain('Saved: nothing had changed.');
    expect(await h.db.prisma.notificationRule.count()).toBe(0);

    const bad = await save(id, { contact_rule_high: 'sms soon, voice 3m' });
    expect(bad).toEqual({
      response_action: 'errors',
      errors: { [blockId(id, 'contact_rule_high')]: '"soon" is not a delay: write it like 0m, 30s, 1m or 1h.' },
    });
    const unknown = await save(id, { contact_rule_low: 'pigeon 1m' });
    expect(unknown.errors![blockId(id, 'contact_rule_low')]).toBe(
      '"pigeon 1m" is not a step: write a method (slack, sms, voice, email, webhook) and a delay, e.g. `sms 1m`.',
    );

    await save(id, { contact_rule_high: 'voice 5m, slack, sms 2m' });
    expect(await ruleFor(h.db.prisma, h.config, ME, 'high')).toEqual([
      { method: 'slack', afterMs: 0 },
      { method: 'sms', afterMs: 120_000 },
      { method: 'voice', afterMs: 300_000 },
    ]);
    expect(await ruleFor(h.db.prisma, h.config, ME, 'low')).toEqual(h.config.notificationRules.low);
    expect(shown(id)).toContain('Saved your high-urgency rule: slack 0m, sms 2m, voice 5m.');
    // The box now shows the rule as stored.
    expect(blocks(id).find((b) => b.block_id?.startsWith('contact_rule_high.'))!.element!.initial_value).toBe(
      'slack 0m, sms 2m, voice 5m',
    );

    await save(id, { contact_rule_high: '' });
    expect(await ruleFor(h.db.prisma, h.config, ME, 'high')).toEqual(h.config.notificationRules.high);
    expect(shown(id)).toContain("Your high-urgency rule now follows the team's default: slack 0m, sms 1m, voice 3m.");
  });

  it('verifies a webhook by its test POST, and shows its signing secret once', async () => {
    await start();
    const id = await openMe();
    await save(id, { contact_kind: 'webhook', contact_address: 'https://hooks.example.com/alice' });
    const [hook] = await methodsOf();
    expect(hook.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(hook.verifiedAt).toEqual(new Date(START));
    expect(rec.sent).toEqual([
      expect.objectContaining({ kind: 'webhook', to: 'https://hooks.example.com/alice', secret: hook.secret }),
    ]);
    expect(JSON.parse(rec.sent[0].text)).toMatchObject({ type: 'verification' });
    expect(shown(id)).toContain(hook.secret!);
    expect(shown(id)).toContain('the webhook is verified');

    // A URL that does not answer stays unverified, with a button to try again.
    rec.fail('https://hooks.example.com/down');
    await save(id, { contact_kind: 'webhook', contact_address: 'https://hooks.example.com/down' });
    const down = (await methodsOf()).find((m) => m.address.endsWith('/down'))!;
    expect(down.verifiedAt).toBeNull();
    expect(shown(id)).toContain('Your URL could not be reached just now');
    expect(shown(id)).toContain('Try again');
    // The first secret was shown once: a later redraw does not show it again.
    expect(shown(id)).not.toContain(hook.secret!);
    await press(id, 'contact_test', hook.id);
    expect(JSON.parse(rec.sent.at(-1)!.text)).toEqual({
      type: 'test',
      text: 'Test from the incident bot: this is how a page will reach you',
    });
  });

  it('clears the code after 5 wrong tries, and sends a new one on request; the voice code is read digit by digit', async () => {
    await start();
    const id = await openMe();
    await save(id, { contact_kind: 'voice', contact_address: '+1 555 555 0100' });
    const [call] = rec.sent;
    const code = codeIn(call.text.replace(/, /g, ''));
    const digits = code.split('').join(', ');
    expect(call).toMatchObject({ kind: 'voice', to: '+15555550100' });
    expect(call.text).toBe(
      `Your incident bot verification code is: ${digits}. Again: ${digits}. It expires in 10 minutes.`,
    );
    const [method] = await methodsOf();
    // A second code right away is refused: the button is not a free call generator.
    await press(id, 'contact_resend', method.id);
    expect(shown(id)).toContain('A code went out less than 30 s ago: wait 30 s before asking for another.');
    expect(rec.sent).toHaveLength(1);

    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) await save(id, { contact_code: wrong });
    expect(shown(id)).toContain('1 try left');
    await save(id, { contact_code: wrong });
    expect(shown(id)).toContain('5 wrong tries is the limit: the code no longer works');
    expect((await methodsOf())[0]).toMatchObject({ codeHash: null, verifiedAt: null });
    // Verify has no code to ask for: it says to send a new one.
    await press(id, 'contact_verify', method.id);
    expect(shown(id)).toContain('No code is waiting for +15555550100: press *Send code again* for one.');
    expect(shown(id)).not.toContain('Code sent to');

    await h.advance(30_000);
    await press(id, 'contact_resend', method.id);
    expect(rec.sent).toHaveLength(2);
    expect(shown(id)).toContain('Code sent to +15555550100');
    const again = codeIn(rec.sent[1].text.replace(/, /g, ''));
    await save(id, { contact_code: again });
    expect((await methodsOf())[0].verifiedAt).not.toBeNull();
  });

  it("opens the same modal from the App Home's Contact methods button", async () => {
    await start();
    const res = await h.driver.event(appHomeOpened({ user: ME, channel: `D${ME.slice(1)}` }));
    expect(res.status).toBe(200);
    const home = await h.slack.waitFor(() => h.slack.views().find((v) => v.type === 'home' && v.user_id === ME), {
      what: 'the Home published',
    });
    const button = (home.blocks as Block[])
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => ({ block: b.block_id!, e })) : []))
      .find((x) => x.e.action_id === 'contact_methods_open')!;
    expect(button.e.text).toEqual({ type: 'plain_text', text: 'Contact methods' });
    const before = h.slack.callsTo('views.open').length;
    const click = await h.driver.blockAction({
      userId: ME,
      actionId: 'contact_methods_open',
      value: button.e.value!,
      blockId: button.block,
      viewId: home.id,
      view: { type: 'home', hash: home.hash },
    });
    expect(click.status).toBe(200);
    const open = await h.slack.waitFor(() => h.slack.callsTo('views.open')[before], { what: 'views.open' });
    expect(open.args.trigger_id).toBe(h.driver.lastTriggerId);
    const id = (open.response as unknown as { view: { id: string } }).view.id;
    await redrawn(id, 1);
    expect(view(id).callback_id).toBe('contact_methods');
    expect(shown(id)).toContain('Your contact methods');
  });
});
