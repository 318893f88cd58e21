/**
 * The contact methods modal as submitted: a method to add, a code typed for the method waiting for one,
 * and the two rules. Pure and quick, so every mistake it finds goes back into the form beside the field
 * (response_action: errors) in the ack, saying how to write it.
 */
import { normaliseAddress, type ContactKind, type RuleStep, type Urgency } from '../config/contact';
import { parseRule } from './rules';
import { parseCode } from './verification';
import { isContactKind, notSetUp } from './kinds';
import { duplicateProblem, MAX_METHODS, tooManyProblem } from './methods';
import { methodKey } from './modalMeta';

/** The form's fields as typed (null: the field is not in the form, or was left empty). */
export interface ContactFormFields {
  kind: string | null;
  address: string | null;
  code: string | null;
  /** null: the field is absent (no change); '': follow the team's default. */
  high: string | null;
  low: string | null;
}

export type ContactField = keyof ContactFormFields;

export interface ContactForm {
  add: { kind: ContactKind; address: string } | null;
  code: string | null;
  /** Per urgency given: the person's steps, or null to follow the team's default. Absent: unchanged. */
  rules: Partial<Record<Urgency, RuleStep[] | null>>;
}

export function parseContactForm(
  fields: ContactFormFields,
  ctx: {
    /** Kinds whose provider this bot has. */
    setUp: readonly ContactKind[];
    /** The methodKey of each method the person had when the modal was drawn. */
    keys: readonly string[];
  },
): { ok: true; form: ContactForm } | { ok: false; errors: Partial<Record<ContactField, string>> } {
  const errors: Partial<Record<ContactField, string>> = {};
  const form: ContactForm = { add: null, code: null, rules: {} };

  // A kind picked with no address is no request: Slack offers no way to unpick a select.
  const address = fields.address?.trim() ?? '';
  if (address) {
    const kind = fields.kind;
    if (!isContactKind(kind)) errors.kind = 'Pick what kind of method this is: SMS, voice call, email or webhook.';
    else if (!ctx.setUp.includes(kind)) errors.kind = notSetUp(kind);
    else {
      const normal = normaliseAddress(kind, address);
      if ('problem' in normal) errors.address = normal.problem;
      else if (ctx.keys.includes(methodKey(kind, normal.address))) errors.address = duplicateProblem(kind);
      else if (ctx.keys.length >= MAX_METHODS) errors.address = tooManyProblem();
      else form.add = { kind, address: normal.address };
    }
  }

  if (fields.code?.trim()) {
    const code = parseCode(fields.code);
    if ('problem' in code) errors.code = code.problem;
    else form.code = code.code;
  }

  for (const urgency of ['high', 'low'] as const) {
    const text = fields[urgency];
    if (text === null) continue;
    if (!text.trim()) {
      form.rules[urgency] = null;
      continue;
    }
    const rule = parseRule(text);
    if ('problem' in rule) errors[urgency] = rule.problem;
    else form.rules[urgency] = rule.steps;
  }

  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, form };
}
