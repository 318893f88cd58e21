/**
 * What Slack sends an app over HTTP, field for field: slash-command form fields and the JSON
 * `payload` of block_actions, view_submission and message_action (message shortcut) interactions.
 * Events API bodies are in events.ts.
 */

export interface Actor {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  /** The legacy verification token Slack still includes; Bolt ignores it. */
  verificationToken: string;
}

export interface CommandInput {
  command: string;
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  responseUrl: string;
  triggerId: string;
}

export function commandForm(a: Actor, c: CommandInput): Record<string, string> {
  return {
    token: a.verificationToken,
    team_id: a.teamId,
    team_domain: a.teamDomain,
    channel_id: c.channelId,
    channel_name: c.channelName ?? (c.channelId.startsWith('D') ? 'directmessage' : 'general'),
    user_id: c.userId,
    user_name: c.userName ?? c.userId.toLowerCase(),
    command: c.command,
    text: c.text,
    api_app_id: a.appId,
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: c.triggerId,
  };
}

function userOf(a: Actor, userId: string, userName?: string) {
  const name = userName ?? userId.toLowerCase();
  return { id: userId, username: name, name, team_id: a.teamId };
}

export interface BlockActionInput {
  userId: string;
  userName?: string;
  actionId: string;
  value: string;
  blockId: string;
  /** Button text shown to the user. */
  text?: string;
  channelId?: string;
  channelName?: string;
  messageTs?: string;
  /** The message the button sits in, if the test knows it (e.g. from the stand-in). */
  message?: { ts: string; text?: string; blocks?: unknown[] };
  /** The button is in an ephemeral message (`messageTs` is its message_ts): Slack sends no `message` then. */
  ephemeral?: boolean;
  /** Set when the button is inside a modal instead of a message. */
  viewId?: string;
  /**
   * The modal as Slack holds it when the button is pressed (pass the stand-in's view): Slack sends its
   * hash, callback_id, private_metadata and blocks with the click.
   */
  view?: { type?: string; hash?: string; callback_id?: string; private_metadata?: string; blocks?: unknown[] };
  responseUrl: string;
  triggerId: string;
  actionTs: string;
}

export function blockActionsPayload(a: Actor, b: BlockActionInput): Record<string, unknown> {
  const inView = b.viewId !== undefined;
  const messageTs = b.message?.ts ?? b.messageTs;
  return {
    type: 'block_actions',
    user: userOf(a, b.userId, b.userName),
    api_app_id: a.appId,
    token: a.verificationToken,
    container: inView
      ? { type: 'view', view_id: b.viewId }
      : { type: 'message', message_ts: messageTs, channel_id: b.channelId, is_ephemeral: b.ephemeral ?? false },
    trigger_id: b.triggerId,
    team: { id: a.teamId, domain: a.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    ...(b.channelId ? { channel: { id: b.channelId, name: b.channelName ?? 'general' } } : {}),
    ...(!inView && messageTs && !b.ephemeral
      ? { message: { type: 'message', ts: messageTs, text: b.message?.text ?? '', blocks: b.message?.blocks ?? [] } }
      : {}),
    ...(inView
      ? {
          view: {
            id: b.viewId,
            type: b.view?.type ?? 'modal',
            state: { values: {} },
            ...(b.view?.hash !== undefined ? { hash: b.view.hash } : {}),
            ...(b.view?.callback_id !== undefined ? { callback_id: b.view.callback_id } : {}),
            ...(b.view?.private_metadata !== undefined ? { private_metadata: b.view.private_metadata } : {}),
            ...(b.view?.blocks !== undefined ? { blocks: b.view.blocks } : {}),
          },
        }
      : {}),
    state: { values: {} },
    ...(inView ? {} : { response_url: b.responseUrl }),
    actions: [
      {
        type: 'button',
        block_id: b.blockId,
        action_id: b.actionId,
        value: b.value,
        text: { type: 'plain_text', text: b.text ?? b.value, emoji: true },
        action_ts: b.actionTs,
      },
    ],
  };
}

/** state.values as Slack sends them: { [block_id]: { [action_id]: { type, value | selected_option | … } } } */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface ViewSubmissionInput {
  userId: string;
  userName?: string;
  callbackId: string;
  values: ViewStateValues;
  privateMetadata?: string;
  viewId: string;
  triggerId: string;
  blocks?: unknown[];
}

export function viewSubmissionPayload(a: Actor, v: ViewSubmissionInput): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: a.teamId, domain: a.teamDomain },
    user: userOf(a, v.userId, v.userName),
    api_app_id: a.appId,
    token: a.verificationToken,
    trigger_id: v.triggerId,
    view: {
      id: v.viewId,
      team_id: a.teamId,
      type: 'modal',
      blocks: v.blocks ?? [],
      private_metadata: v.privateMetadata ?? '',
      callback_id: v.callbackId,
      state: { values: v.values },
      hash: `${v.triggerId.split('.')[1] ?? '0'}.abcdef12`,
      title: { type: 'plain_text', text: 'Modal', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: v.viewId,
      app_id: a.appId,
      external_id: '',
      app_installed_team_id: a.teamId,
      bot_id: a.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface MessageShortcutInput {
  callbackId: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  /** The message the shortcut was run on. */
  message: { ts: string; text?: string; user?: string; blocks?: unknown[] };
  responseUrl: string;
  triggerId: string;
  actionTs: string;
}

/** A message shortcut ("…" menu on a message): Slack's `message_action` payload. */
export function messageShortcutPayload(a: Actor, m: MessageShortcutInput): Record<string, unknown> {
  return {
    type: 'message_action',
    token: a.verificationToken,
    action_ts: m.actionTs,
    team: { id: a.teamId, domain: a.teamDomain },
    user: userOf(a, m.userId, m.userName),
    channel: { id: m.channelId, name: m.channelName ?? (m.channelId.startsWith('D') ? 'directmessage' : 'general') },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: m.callbackId,
    trigger_id: m.triggerId,
    response_url: m.responseUrl,
    message_ts: m.message.ts,
    message: {
      type: 'message',
      ts: m.message.ts,
      text: m.message.text ?? '',
      ...(m.message.user ? { user: m.message.user } : {}),
      team: a.teamId,
      ...(m.message.blocks ? { blocks: m.message.blocks } : {}),
    },
  };
}
