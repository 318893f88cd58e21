/**
 * The contact methods modal: each method's status and buttons, the code field only while a code is
 * waiting, the add form (hidden at the limit), the rules prefilled, and Slack's limits held with the
 * most methods a person can have and the longest addresses the form takes.
 */
import {
  contactModal,
  contactModalWaiting,
  MAX_ADDRESS,
  type MethodView,
} from '../../../../src/contact/views/contactModal';
import { DEFAULT_NOTIFICATION_RULES } from '../../../../src/config/contact';
import { decodeMeta, methodKey } from '../../../../src/contact/modalMeta';
import { MAX_METHODS } from '../../../../src/contact/methods';
import { viewErrors } from '../../../../src/slackSimulator/limits';

const NOW = new Date('2026-03-04T15:00:00Z');
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);

const method = (over: Partial<MethodView> & { id: number }): MethodView => ({
  kind: 'sms',
  address: '+15555550100',
  verifiedAt: null,
  codeHash: null,
  codeExpiresAt: null,
  codeAttempts: 0,
  disabledAt: null,
  disabledReason: null,
  ...over,
});

const input = (over: Partial<Parameters<typeof contactModal>[0]> = {}): Parameters<typeof contactModal>[0] => ({
  methods: [],
  declared: {},
  rules: {
    high: { steps: DEFAULT_NOTIFICATION_RULES.high, own: false },
    low: { steps: [{ method: 'email', afterMs: 0 }], own: true },
  },
  defaults: DEFAULT_NOTIFICATION_RULES,
  setUp: ['sms', 'voice', 'email', 'webhook'],
  notice: null,
  verifying: null,
  now: NOW,
  ...over,
});

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: { text: string } | string }[];
  element?: { initial_value?: string };
  hint?: { text: string };
  label?: { text: string };
};
const blocksOf = (view: { blocks: unknown[] }) => view.blocks as Block[];
const buttonsOf = (view: { blocks: unknown[] }, id: number) =>
  blocksOf(view)
    .find((b) => b.block_id === `contact_method.${id}`)!
    .elements!.map((e) => (e.text as { text: string }).text);
const sectionTexts = (view: { blocks: unknown[] }) => blocksOf(view).flatMap((b) => (b.text ? [b.text.text] : []));

describe('the contact methods modal', () => {
  it('shows each method with its status and the buttons that fit it', () => {
    const view = contactModal(
      input({
        methods: [
          method({ id: 1, verifiedAt: NOW }),
          method({ id: 2, address: '+15555550111', codeHash: 'h', codeExpiresAt: min(5) }),
          method({ id: 3, address: '+15555550122', codeHash: 'h', codeExpiresAt: min(-1) }),
          method({
            id: 4,
            kind: 'email',
            address: 'ana@example.com',
            verifiedAt: NOW,
            disabledAt: NOW,
            disabledReason: 'mailbox <gone>',
          }),
          method({ id: 5, kind: 'webhook', address: 'https://x.example/h?a=1&b=2' }),
        ],
      }),
    );
    const texts = sectionTexts(view);
    expect(texts).toContain('*SMS* (tried 1st) · +15555550100\n:white_check_mark: verified');
    expect(texts).toContain('*SMS* (tried 2nd) · +15555550111\n:hourglass: waiting for code');
    expect(texts).toContain('*SMS* (tried 3rd) · +15555550122\n:warning: not verified: send a code');
    expect(texts).toContain(
      '*Email* · ana@example.com\n:no_entry: disabled: mailbox &lt;gone&gt; · send a new code to use it again',
    );
    expect(texts).toContain(
      '*Webhook* · https://x.example/h?a=1&amp;b=2\n:warning: not verified: the URL has not answered 2xx yet',
    );
    expect(buttonsOf(view, 1)).toEqual(['Test', 'Move down', 'Remove']);
    expect(buttonsOf(view, 2)).toEqual(['Verify (enter code)', 'Send code again', 'Move up', 'Move down', 'Remove']);
    expect(buttonsOf(view, 3)).toEqual(['Verify (enter code)', 'Send code again', 'Move up', 'Remove']);
    expect(buttonsOf(view, 4)).toEqual(['Verify (enter code)', 'Send code again', 'Remove']);
    expect(buttonsOf(view, 5)).toEqual(['Try again', 'Remove']);
    // Each button carries its method's id.
    expect(
      blocksOf(view)
        .find((b) => b.block_id === 'contact_method.2')!
        .elements!.every((e) => e.value === '2'),
    ).toBe(true);
    expect(decodeMeta(view.private_metadata)).toEqual({
      verifying: null,
      keys: [
        methodKey('sms', '+15555550100'),
        methodKey('sms', '+15555550111'),
        methodKey('sms', '+15555550122'),
        methodKey('email', 'ana@example.com'),
        methodKey('webhook', 'https://x.example/h?a=1&b=2'),
      ],
    });
  });

  it('asks for the code only while one is waiting for the method being verified', () => {
    const waiting = method({ id: 7, codeHash: 'h', codeExpiresAt: min(5), codeAttempts: 2 });
    const view = contactModal(input({ methods: [waiting], verifying: 7, notice: 'We texted a code.' }));
    const code = blocksOf(view).find((b) => b.block_id?.startsWith('contact_code.'))!;
    expect(code.block_id).toBe(`contact_code.7.${min(5).getTime()}.2`);
    expect(code.label!.text).toBe('Code sent to +15555550100');
    expect(sectionTexts(view)[0]).toBe('We texted a code.');
    expect(decodeMeta(view.private_metadata).verifying).toBe(7);

    const expired = contactModal(input({ methods: [{ ...waiting, codeExpiresAt: min(0) }], verifying: 7 }));
    expect(blocksOf(expired).some((b) => b.block_id?.startsWith('contact_code.'))).toBe(false);
    expect(decodeMeta(expired.private_metadata).verifying).toBeNull();
    const gone = contactModal(input({ methods: [], verifying: 7 }));
    expect(decodeMeta(gone.private_metadata).verifying).toBeNull();
  });

  it('prefills the rules, saying whose they are; the add form names kinds not set up', () => {
    const view = contactModal(input({ setUp: ['sms', 'email'], declared: { voice: '+15555550199' } }));
    const high = blocksOf(view).find((b) => b.block_id?.startsWith('contact_rule_high.'))!;
    const low = blocksOf(view).find((b) => b.block_id?.startsWith('contact_rule_low.'))!;
    expect(high.element!.initial_value).toBe('slack 0m, sms 1m, voice 3m');
    expect(high.hint!.text).toBe("The team's default, which you follow until you change it.");
    expect(low.element!.initial_value).toBe('email 0m');
    expect(low.hint!.text).toBe("Your own rule. Empty it to follow the team's default (slack 0m, email 0m).");
    const address = blocksOf(view).find((b) => b.block_id?.startsWith('contact_address.'))!;
    expect(address.hint!.text).toContain('Not set up on this bot: Voice call, Webhook.');
    expect(JSON.stringify(view.blocks)).toContain(
      'Set for you in the policy file (an admin changes these): Voice call +15555550199',
    );
    expect(JSON.stringify(view.blocks)).toContain('You have added none yet');
  });

  it('gives the add form and a rule new block ids once a method is added or the rule saved, so Slack clears them', () => {
    const before = contactModal(input({ methods: [method({ id: 3 })] }));
    const after = contactModal(
      input({
        methods: [method({ id: 3 }), method({ id: 4, kind: 'email', address: 'a@b.co' })],
        rules: { ...input().rules, high: { steps: [{ method: 'sms', afterMs: 0 }], own: true } },
      }),
    );
    const ids = (v: { blocks: unknown[] }) => blocksOf(v).flatMap((b) => (b.block_id ? [b.block_id] : []));
    expect(ids(before)).toEqual(expect.arrayContaining(['contact_kind.3', 'contact_address.3']));
    expect(ids(after)).toEqual(expect.arrayContaining(['contact_kind.4', 'contact_address.4']));
    const rule = (v: { blocks: unknown[] }) => ids(v).find((id) => id.startsWith('contact_rule_high.'));
    expect(rule(before)).not.toBe(rule(after));
    expect(ids(after).find((id) => id.startsWith('contact_rule_low.'))).toBe(
      ids(before).find((id) => id.startsWith('contact_rule_low.')),
    );
  });

  it('stays within Slack’s limits with the most methods and the longest addresses, and hides the add form then', () => {
    // Escaping makes `&` five characters: the worst case for Slack's limits.
    const long = `https://hooks.example.com/?${'&'.repeat(MAX_ADDRESS - 27)}`;
    const methods = Array.from({ length: MAX_METHODS }, (_, i) =>
      method({
        id: i + 1,
        kind: 'webhook',
        address: `${long.slice(0, -2)}${String(i).padStart(2, '0')}`,
        disabledAt: NOW,
        verifiedAt: NOW,
        disabledReason: '<'.repeat(5000),
      }),
    );
    const view = contactModal(
      input({
        methods,
        notice: 'n'.repeat(5000),
        declared: { sms: '+15555550100', voice: '+15555550100', email: `${'&'.repeat(240)}@b.co`, webhook: long },
      }),
    );
    expect(viewErrors(view as unknown as Record<string, unknown>)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('you have 10, the most one person can have');
    expect(blocksOf(view).some((b) => b.block_id?.startsWith('contact_address.'))).toBe(false);
    expect(view.private_metadata.length).toBeLessThan(400);
    expect(viewErrors(contactModalWaiting('Saving…') as unknown as Record<string, unknown>)).toEqual([]);
  });
});
