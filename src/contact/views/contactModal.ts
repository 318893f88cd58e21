/**
 * The contact methods modal (`/oncall me`, or the App Home's button): the person's own methods with
 * their status and buttons, a code field for the one waiting for a code, a form to add one, and their
 * two notification rules. Pure: a function of what contact/showContactModal.ts read.
 *
 * Addresses are shown in full: only their person ever sees this view. Everything typed is escaped,
 * and the view stays within Slack's limits (at most MAX_METHODS methods, two blocks each).
 */
import {
  CONTACT_KINDS,
  type ContactKind,
  type DeclaredMethods,
  type RuleStep,
  type Urgency,
} from '../../config/contact';
import { escapeMrkdwn } from '../../slack/mrkdwn';
import { ACTION, BLOCK, CALLBACK } from '../../slack/ids';
import { describeRule } from '../rules';
import { KIND_EXAMPLE, KIND_LABEL } from '../kinds';
import { MAX_METHODS } from '../methods';
import { encodeMeta, methodKey } from '../modalMeta';
import { createHash } from 'node:crypto';

/** Action ids of the modal's inputs (each in its own block). */
export const FIELD = { kind: 'kind', address: 'address', code: 'code', rule: 'rule' } as const;

/** Longest address the form takes: a webhook URL with a token in it fits; nothing longer is a real one. */
export const MAX_ADDRESS = 1000;

export interface MethodView {
  id: number;
  kind: string;
  address: string;
  verifiedAt: Date | null;
  codeHash: string | null;
  codeExpiresAt: Date | null;
  codeAttempts: number;
  disabledAt: Date | null;
  disabledReason: string | null;
}

export interface ContactModalInput {
  /** In the person's order (methods.ts sortMethods). */
  methods: MethodView[];
  /** Methods the policy file declares for the person (read-only here). */
  declared: DeclaredMethods;
  /** Each urgency's rule that applies, and whether it is the person's own. */
  rules: Record<Urgency, { steps: RuleStep[]; own: boolean }>;
  /** The team's default rules (the policy file's). */
  defaults: Record<Urgency, RuleStep[]>;
  /** Kinds this bot has a provider for. */
  setUp: readonly ContactKind[];
  /** What just happened, shown at the top (mrkdwn, ours). */
  notice: string | null;
  /** The method whose code the form asks for. */
  verifying: number | null;
  now: Date;
}

type Block = Record<string, unknown>;

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text)] });

export function contactModal(input: ContactModalInput) {
  const verifying = input.methods.find((m) => m.id === input.verifying && awaitsCode(m, input.now)) ?? null;
  const blocks: Block[] = [
    ...(input.notice ? [section(input.notice.slice(0, 3000))] : []),
    section('*Your contact methods*'),
    ...methodBlocks(input),
    ...(verifying ? [codeInput(verifying)] : []),
    { type: 'divider' },
    ...addBlocks(input),
    { type: 'divider' },
    ...ruleBlocks(input),
  ];
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.contactMethods,
    private_metadata: encodeMeta({
      verifying: verifying?.id ?? null,
      keys: input.methods.map((m) => methodKey(m.kind, m.address)),
    }),
    title: plain('Contact methods'),
    submit: plain('Save'),
    close: plain('Done'),
    blocks,
  };
}

/** The modal while its content is being read or saved (the ack cannot wait for the database). */
export function contactModalWaiting(text: string) {
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.contactMethods,
    title: plain('Contact methods'),
    close: plain('Done'),
    // Typed out rather than through `context()`: Bolt checks the ack's view against Block Kit's types.
    blocks: [{ type: 'context' as const, elements: [mrkdwn(text)] }],
  };
}

function methodBlocks(input: ContactModalInput): Block[] {
  const blocks: Block[] = [];
  const declared = CONTACT_KINDS.filter((k) => input.declared[k]).map(
    (k) => `${KIND_LABEL[k]} ${shown(input.declared[k]!, 80)}`,
  );
  if (declared.length)
    blocks.push(context(`Set for you in the policy file (an admin changes these): ${declared.join(' · ')}`));
  if (!input.methods.length)
    blocks.push(
      context('You have added none yet: pages reach you by Slack only. Add a number, an address or a webhook below.'),
    );
  const methods = input.methods.slice(0, MAX_METHODS);
  for (const m of methods) {
    const sameKind = methods.filter((x) => x.kind === m.kind);
    const place = sameKind.indexOf(m);
    const order = sameKind.length > 1 ? ` (tried ${ordinal(place + 1)})` : '';
    blocks.push(
      section(
        `*${KIND_LABEL[m.kind as ContactKind] ?? shown(m.kind, 20)}*${order} · ${shown(m.address, 300)}\n${status(m, input.now)}`,
      ),
    );
    blocks.push({
      type: 'actions',
      block_id: `contact_method.${m.id}`,
      elements: buttons(m, place, sameKind.length),
    });
  }
  return blocks;
}

function status(m: MethodView, now: Date): string {
  if (m.disabledAt)
    return `:no_entry: disabled: ${shown(m.disabledReason ?? 'no reason given', 200)} · send a new code to use it again`;
  if (m.verifiedAt) return ':white_check_mark: verified';
  if (m.kind === 'webhook') return ':warning: not verified: the URL has not answered 2xx yet';
  if (awaitsCode(m, now)) return ':hourglass: waiting for code';
  return ':warning: not verified: send a code';
}

function awaitsCode(m: MethodView, now: Date): boolean {
  return m.codeHash !== null && m.codeExpiresAt !== null && m.codeExpiresAt.getTime() > now.getTime();
}

function buttons(m: MethodView, place: number, ofKind: number): Block[] {
  const value = String(m.id);
  const button = (action_id: string, text: string, extra: Block = {}): Block => ({
    type: 'button',
    action_id,
    text: plain(text),
    value,
    ...extra,
  });
  const out: Block[] = [];
  const usable = m.verifiedAt !== null && m.disabledAt === null;
  if (!usable && m.kind !== 'webhook')
    out.push(button(ACTION.contactVerify, 'Verify (enter code)', { style: 'primary' }));
  if (!usable) out.push(button(ACTION.contactResend, m.kind === 'webhook' ? 'Try again' : 'Send code again'));
  if (usable) out.push(button(ACTION.contactTest, 'Test'));
  if (place > 0) out.push(button(ACTION.contactUp, 'Move up'));
  if (place < ofKind - 1) out.push(button(ACTION.contactDown, 'Move down'));
  out.push(
    button(ACTION.contactRemove, 'Remove', {
      style: 'danger',
      confirm: {
        title: plain('Remove this method?'),
        text: plain(`Pages will no longer reach you by ${KIND_LABEL[m.kind as ContactKind] ?? m.kind} here.`),
        confirm: plain('Remove'),
        deny: plain('Keep'),
      },
    }),
  );
  return out;
}

function codeInput(m: MethodView): Block {
  return {
    type: 'input',
    // New for each code and each try, so Slack clears a wrong code instead of keeping it typed.
    block_id: `${BLOCK.contactCode}.${m.id}.${m.codeExpiresAt?.getTime() ?? 0}.${m.codeAttempts}`,
    optional: true,
    label: plain(`Code sent to ${m.address}`.slice(0, 2000)),
    hint: plain('The 6 digits from the text, call or email. After 5 wrong tries, send a new code.'),
    element: {
      type: 'plain_text_input',
      action_id: FIELD.code,
      max_length: 20,
      placeholder: plain('123456'),
    },
  };
}

function addBlocks(input: ContactModalInput): Block[] {
  if (input.methods.length >= MAX_METHODS)
    return [
      context(`*Add a method*: you have ${MAX_METHODS}, the most one person can have. Remove one to add another.`),
    ];
  const newest = Math.max(0, ...input.methods.map((m) => m.id));
  const notSetUp = CONTACT_KINDS.filter((k) => !input.setUp.includes(k));
  return [
    section('*Add a method*'),
    {
      type: 'input',
      block_id: `${BLOCK.contactKind}.${newest}`,
      optional: true,
      label: plain('Kind'),
      element: {
        type: 'static_select',
        action_id: FIELD.kind,
        placeholder: plain('SMS, voice call, email or webhook'),
        options: CONTACT_KINDS.map((k) => ({
          text: plain(`${KIND_LABEL[k]}${input.setUp.includes(k) ? '' : ' (not set up on this bot)'}`),
          value: k,
        })),
      },
    },
    {
      type: 'input',
      // A new block_id once a method is added, so the address just added does not stay typed.
      block_id: `${BLOCK.contactAddress}.${newest}`,
      optional: true,
      label: plain('Number, address or URL'),
      hint: plain(
        `Numbers with their country code (${KIND_EXAMPLE.sms}); email as ${KIND_EXAMPLE.email}; a webhook as ${KIND_EXAMPLE.webhook}. We send a code to check it is yours.${
          notSetUp.length ? ` Not set up on this bot: ${notSetUp.map((k) => KIND_LABEL[k]).join(', ')}.` : ''
        }`,
      ),
      element: { type: 'plain_text_input', action_id: FIELD.address, max_length: MAX_ADDRESS },
    },
  ];
}

function ruleBlocks(input: ContactModalInput): Block[] {
  const rule = (urgency: Urgency, prefix: string, label: string): Block => {
    const { steps, own } = input.rules[urgency];
    const text = describeRule(steps);
    return {
      type: 'input',
      // Changes with the rule, so after a save the box shows the rule as stored (ordered by delay).
      block_id: `${prefix}.${createHash('sha256').update(text).digest('hex').slice(0, 8)}`,
      optional: true,
      label: plain(label),
      hint: plain(
        own
          ? `Your own rule. Empty it to follow the team's default (${describeRule(input.defaults[urgency])}).`
          : "The team's default, which you follow until you change it.",
      ),
      element: { type: 'plain_text_input', action_id: FIELD.rule, initial_value: text, max_length: 500 },
    };
  };
  return [
    section('*How pages reach you*'),
    context(
      'Each step is a method and when it starts: `slack 0m, sms 1m, voice 3m` is a Slack DM at once, a text a minute later and a call at three minutes, until someone acknowledges. Methods: slack, sms, voice, email, webhook.',
    ),
    rule('high', BLOCK.contactRuleHigh, 'High urgency (critical pages)'),
    rule('low', BLOCK.contactRuleLow, 'Low urgency'),
  ];
}

/**
 * Text people typed (or a provider wrote), escaped, cut to `max` characters first: escaping can make
 * it five times longer, and the bound keeps every section under Slack's 3,000 whatever it holds. An
 * address is never that long in practice; a cut one ends in "…".
 */
function shown(text: string, max: number): string {
  return escapeMrkdwn(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
