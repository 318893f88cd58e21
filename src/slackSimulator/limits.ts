/**
 * Slack's Block Kit and message limits, in one table, and the checks Slack makes with them. The
 * stand-in refuses what these checks find (chat.* as `invalid_blocks`, views.* as
 * `invalid_arguments`, a response_url post with HTTP 400), and unit tests of views use the same
 * checks, so a view that passes its unit test cannot be refused in e2e or by Slack for a limit below.
 *
 * Sources: Slack's Block Kit reference (blocks, block elements, composition objects), the chat.postMessage
 * and views.* method pages. Messages follow Slack's own wording: `[ERROR] <what> [json-pointer:<where>]`.
 */

export const SLACK_LIMITS = {
  /** Blocks in one message (chat.postMessage, chat.update, chat.postEphemeral, response_url). */
  messageBlocks: 50,
  /** Blocks in a modal or a Home tab. */
  viewBlocks: 100,
  /** A message's top-level `text` (longer is `msg_too_long`). */
  messageText: 40_000,
  sectionText: 3_000,
  sectionFields: 10,
  sectionFieldText: 2_000,
  contextElements: 10,
  contextText: 2_000,
  headerText: 150,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  actionId: 255,
  blockId: 255,
  inputLabel: 2_000,
  inputHint: 2_000,
  placeholder: 150,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3_000,
  callbackId: 255,
  externalId: 255,
} as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const textOf = (o: unknown): string | undefined =>
  isObj(o) && typeof o.text === 'string' ? o.text : isObj(o) ? String(o.text ?? '') : undefined;

/** Collects errors as Slack words them, each naming the JSON pointer of what is wrong. */
class Findings {
  readonly messages: string[] = [];
  add(what: string, at: string): void {
    this.messages.push(`[ERROR] ${what} [json-pointer:${at}]`);
  }
  maxItems(list: unknown[] | undefined, max: number, at: string): void {
    if (list && list.length > max) this.add(`no more than ${max} items allowed`, at);
  }
  /** A string of 1…max characters (Slack counts UTF-16 code units, as JS does). */
  length(value: string | undefined, max: number, at: string, opts: { min?: number } = {}): void {
    if (value === undefined) return;
    if (value.length > max) this.add(`must be less than ${max + 1} characters`, at);
    if (value.length < (opts.min ?? 0)) this.add(`must be more than ${(opts.min ?? 1) - 1} characters`, at);
  }
  /** A text object that must be plain_text (header, button, option, label, placeholder). */
  plainText(o: unknown, max: number, at: string): void {
    if (!isObj(o)) return this.add('must be an object', at);
    if (o.type !== 'plain_text') this.add('must be plain_text', `${at}/type`);
    this.length(textOf(o), max, `${at}/text`, { min: 1 });
  }
}

const L = SLACK_LIMITS;

function checkOption(f: Findings, o: unknown, at: string): void {
  if (!isObj(o)) return f.add('must be an object', at);
  f.plainText(o.text, L.optionText, `${at}/text`);
  f.length(typeof o.value === 'string' ? o.value : undefined, L.optionValue, `${at}/value`);
}

function checkElement(f: Findings, e: unknown, at: string): void {
  if (!isObj(e)) return f.add('must be an object', at);
  if (typeof e.action_id === 'string') f.length(e.action_id, L.actionId, `${at}/action_id`, { min: 1 });
  if (e.placeholder !== undefined) f.plainText(e.placeholder, L.placeholder, `${at}/placeholder`);
  if (e.type === 'button') {
    f.plainText(e.text, L.buttonText, `${at}/text`);
    if (typeof e.value === 'string') f.length(e.value, L.buttonValue, `${at}/value`);
    if (typeof e.url === 'string') f.length(e.url, L.buttonUrl, `${at}/url`);
  }
  if (Array.isArray(e.options)) {
    f.maxItems(e.options, L.selectOptions, `${at}/options`);
    e.options.forEach((o, i) => checkOption(f, o, `${at}/options/${i}`));
  }
}

function checkBlock(f: Findings, b: unknown, at: string, blockIds: Set<string>): void {
  if (!isObj(b)) return f.add('must be an object', at);
  if (typeof b.block_id === 'string') {
    f.length(b.block_id, L.blockId, `${at}/block_id`, { min: 1 });
    if (blockIds.has(b.block_id)) f.add('duplicate block_id', `${at}/block_id`);
    blockIds.add(b.block_id);
  }
  switch (b.type) {
    case 'section': {
      const fields = Array.isArray(b.fields) ? b.fields : undefined;
      if (b.text === undefined && !fields?.length) f.add('must provide either text or fields', at);
      if (b.text !== undefined) f.length(textOf(b.text), L.sectionText, `${at}/text/text`, { min: 1 });
      f.maxItems(fields, L.sectionFields, `${at}/fields`);
      fields?.forEach((x, i) => f.length(textOf(x), L.sectionFieldText, `${at}/fields/${i}/text`, { min: 1 }));
      if (b.accessory !== undefined) checkElement(f, b.accessory, `${at}/accessory`);
      break;
    }
    case 'context': {
      const elements = Array.isArray(b.elements) ? b.elements : [];
      if (elements.length === 0) f.add('must provide at least 1 item', `${at}/elements`);
      f.maxItems(elements, L.contextElements, `${at}/elements`);
      elements.forEach((x, i) => {
        if (isObj(x) && (x.type === 'mrkdwn' || x.type === 'plain_text'))
          f.length(textOf(x), L.contextText, `${at}/elements/${i}/text`, { min: 1 });
      });
      break;
    }
    case 'header':
      f.plainText(b.text, L.headerText, `${at}/text`);
      break;
    case 'actions': {
      const elements = Array.isArray(b.elements) ? b.elements : [];
      if (elements.length === 0) f.add('must provide at least 1 item', `${at}/elements`);
      f.maxItems(elements, L.actionsElements, `${at}/elements`);
      elements.forEach((x, i) => checkElement(f, x, `${at}/elements/${i}`));
      break;
    }
    case 'input':
      f.plainText(b.label, L.inputLabel, `${at}/label`);
      if (b.hint !== undefined) f.plainText(b.hint, L.inputHint, `${at}/hint`);
      checkElement(f, b.element, `${at}/element`);
      break;
    default:
      break;
  }
}

/** Errors in a list of blocks found at `at` ('/blocks' in a message, '/view/blocks' in a view). */
export function blocksErrors(blocks: unknown, surface: 'message' | 'view', at = '/blocks'): string[] {
  if (blocks === undefined) return [];
  const f = new Findings();
  if (!Array.isArray(blocks)) {
    f.add('must be an array', at);
    return f.messages;
  }
  f.maxItems(blocks, surface === 'message' ? L.messageBlocks : L.viewBlocks, at);
  const ids = new Set<string>();
  blocks.forEach((b, i) => checkBlock(f, b, `${at}/${i}`, ids));
  return f.messages;
}

/**
 * Slack's answer to a chat.* message with these arguments, or undefined when it would take it:
 * `invalid_blocks` with `errors` and `response_metadata.messages`, or `msg_too_long` for its text.
 */
export function messageRefusal(args: Obj): Obj | undefined {
  const messages = 'blocks' in args ? blocksErrors(args.blocks, 'message') : [];
  if (messages.length)
    return {
      ok: false,
      error: 'invalid_blocks',
      errors: messages.map((m) => m.replace(/^\[ERROR\] /, '')),
      response_metadata: { messages },
    };
  if (typeof args.text === 'string' && args.text.length > L.messageText) return { ok: false, error: 'msg_too_long' };
  return undefined;
}

/** The errors Slack finds in a `view` argument (views.open/push/update/publish). */
export function viewErrors(view: Obj): string[] {
  const f = new Findings();
  const at = '/view';
  if (view.type === 'modal') {
    f.plainText(view.title, L.viewTitle, `${at}/title`);
    if (view.submit !== undefined) f.plainText(view.submit, L.viewSubmit, `${at}/submit`);
    if (view.close !== undefined) f.plainText(view.close, L.viewClose, `${at}/close`);
  }
  if (view.private_metadata !== undefined)
    f.length(String(view.private_metadata), L.privateMetadata, `${at}/private_metadata`);
  if (typeof view.callback_id === 'string') f.length(view.callback_id, L.callbackId, `${at}/callback_id`);
  if (typeof view.external_id === 'string') f.length(view.external_id, L.externalId, `${at}/external_id`);
  return [...f.messages, ...blocksErrors(view.blocks, 'view', `${at}/blocks`)];
}
