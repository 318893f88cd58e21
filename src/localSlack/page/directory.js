// @ts-check
/**
 * Who and what ids name, from the latest state: mentions (`<@U…>`, `<#C…>`) and selects read it.
 * One module-level copy, replaced on every state, so renderers need no context passed through them.
 */

/**
 * @typedef {{ id: string, name: string, realName: string, role: string, tz: string }} Person
 * @typedef {{ id: string, name: string, isPrivate: boolean, isMember: boolean, topic: string, purpose: string, isArchived: boolean }} Channel
 */

/** @type {{ people: Person[], channels: Channel[], botUserId: string, botName: string, me: string }} */
export const directory = { people: [], channels: [], botUserId: '', botName: 'incident-bot', me: '' };

/**
 * @param {{ people: Person[], channels: Channel[], workspace: { botUserId: string, botName: string }, me: string }} state
 */
export function setDirectory(state) {
  directory.people = state.people;
  directory.channels = state.channels;
  directory.botUserId = state.workspace.botUserId;
  directory.botName = state.workspace.botName;
  directory.me = state.me;
}

/**
 * A user's name as a mention shows it: the person's real name, the bot's name, else the label Slack
 * sent with the id, else the id.
 * @param {string} id
 * @param {string} [label]
 */
export function personName(id, label) {
  if (id === directory.botUserId) return directory.botName;
  const person = directory.people.find((p) => p.id === id);
  return person?.realName || person?.name || label || id;
}

/**
 * @param {string} id
 * @param {string} [label]
 */
export function channelName(id, label) {
  return directory.channels.find((c) => c.id === id)?.name || label || id;
}
